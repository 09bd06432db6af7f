import type { DecisionChannel } from '../../shared/contracts/workorders.ts';
import { skillLevelLabels } from '../../shared/contracts/staffing.ts';
import { formatMoney } from '../../shared/currencies.ts';
import { dayLabel, zonedTime } from '../../shared/dates.ts';
import { label } from '../../shared/labels.ts';
import { formatAmount } from '../../shared/units.ts';
import type { DocumentProvider, FrozenChangeOrder, FrozenWorkOrder } from '../../shared/workorders.ts';
import { createLetterPdf, type Letterhead } from '../documents/letterhead.ts';
import type { PdfWriter } from '../documents/pdf.ts';

/**
 * The EWO and change-order documents a customer signs, rendered from the frozen content their hash covers:
 * the firm's letterhead, the parties, number, version and date, what is agreed (labels and hours, dates in
 * the customer's zone, never slugs, internal ids or UTC instants), the content hash, and the approval
 * block: who approved, when, on which channel and for which hash once approved, signature lines before.
 * Pure of the database: the caller reads the letterhead, the decision and the inbound-mail setting.
 */

/** The recorded approval a document prints in its approval block. */
export interface DocumentApproval {
  contactName: string;
  decidedAt: Date;
  channel: DecisionChannel;
  contentHash: string;
}

export interface DocumentRenderOptions {
  letterhead?: Letterhead | undefined;
  /** Inbound mail is configured (SMTP_IN_PORT and MAIL_IN_DOMAIN): the approval email can be answered "APPROVE". */
  replyToApprove?: boolean | undefined;
  /** The approval once recorded; without it the document prints signature lines. */
  approval?: DocumentApproval | null | undefined;
  /** The customer's zone when the frozen content lacks it (change orders sent before issue 16). */
  timeZone?: string | undefined;
}

const money = (amount: { amountMinor: number; currency: string }): string =>
  formatMoney(amount.amountMinor, amount.currency);

/** Minutes as hours people read: "30h 00m". */
const hours = (minutes: number): string => formatAmount(minutes, 'minute');

/** A calendar date or an instant, in the customer's zone: "Mon 7 Dec 2026" or "09:00 on Mon 7 Dec 2026 (Europe/Berlin)". */
function when(value: string | null | undefined, timeZone: string): string {
  if (!value) return 'to be agreed';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return dayLabel(value);
  return zonedTime(new Date(value), timeZone);
}

/** The first lines of a party: its name (the legal name first when it differs) and address. */
function partyLines(name: string, legalName?: string, address?: string): string {
  const first = legalName && legalName !== name ? `${legalName} (${name})` : name;
  return [first, ...(address ?? '').split(/\r?\n/).map((line) => line.trim())].filter(Boolean).join('\n');
}

/** The parties block: the IR firm (from the frozen content, or the letterhead for older documents) and the customer. */
function writeParties(
  pdf: PdfWriter,
  provider: DocumentProvider | undefined,
  customer: { name: string; legalName?: string; billingAddress?: string },
  letterhead: Letterhead | undefined,
): void {
  const firm =
    provider ?? (letterhead ? { name: letterhead.firm.name, postalAddress: letterhead.firm.postalAddress } : null);
  pdf.heading('Parties');
  pdf.facts([
    ...(firm
      ? [['Incident response provider', partyLines(firm.name, undefined, firm.postalAddress)] as [string, string]]
      : []),
    ['Customer', partyLines(customer.name, customer.legalName, customer.billingAddress)],
  ]);
}

/** How to approve, the approval record once there is one, or signature lines for a printed copy. */
function writeApproval(
  pdf: PdfWriter,
  doc: { kind: 'work order version' | 'change order'; customerName: string; deadline: string; hash: string },
  timeZone: string,
  options: DocumentRenderOptions,
): void {
  pdf.heading('Approval');
  const approval = options.approval;
  if (approval) {
    pdf.facts([
      ['Approved by', `${approval.contactName}, for ${doc.customerName}`],
      ['Approved on', zonedTime(approval.decidedAt, timeZone)],
      ['Channel', label('approvalChannel', approval.channel)],
    ]);
    pdf.paragraph('Content hash approved:').mono(approval.contentHash);
    if (approval.contentHash !== doc.hash)
      pdf.paragraph('The approved hash differs from this document’s hash: this is not the approved content.', {
        color: '#b00020',
      });
    return;
  }
  const ways = ['in the customer portal', 'by the signed link in the approval email'];
  if (options.replyToApprove) ways.push('by replying APPROVE to that email');
  pdf.paragraph(
    `Only a defined point of contact of ${doc.customerName} may approve this ${doc.kind}, before ${doc.deadline}: ${ways.slice(0, -1).join(', ')}${ways.length > 1 ? ' or ' : ''}${ways[ways.length - 1]}. The approval record binds the approver, the channel, the time and the content hash below.`,
  );
  pdf.paragraph(`Signed for ${doc.customerName}:`);
  pdf.table(['Name', 'Title', 'Date', 'Signature'], [['', '', '', ''].map(() => '\n\n')], [0.3, 0.25, 0.15, 0.3]);
}

function writeHash(pdf: PdfWriter, hashRule: string, contentHash: string): void {
  pdf.heading('Content hash');
  pdf.facts([['Rule', hashRule]]);
  pdf.mono(contentHash);
}

/** The EWO's title, number, version and dates, the parties, the contract, the request and the service. */
function writeWorkOrderHead(pdf: PdfWriter, workOrder: FrozenWorkOrder, letterhead: Letterhead | undefined): void {
  const zone = workOrder.customer.timeZone;
  pdf.title(`Engagement Work Order ${workOrder.number}`);
  pdf.facts([
    ['Title', workOrder.title],
    ['Version', String(workOrder.version)],
    ['Date', when(workOrder.sentAt, zone)],
    ['Approval deadline', when(workOrder.approvalDeadline, zone)],
  ]);
  writeParties(pdf, workOrder.provider, workOrder.customer, letterhead);
  pdf.facts([
    [
      'Retainer contract',
      `${workOrder.contract.number} (${label('contractUnit', workOrder.contract.unit).toLowerCase()})`,
    ],
    [
      'Request',
      workOrder.request?.number ??
        (workOrder.request
          ? `received ${dayLabel(workOrder.request.receivedOn)}`
          : label('requestKind', workOrder.kind)),
    ],
    [
      'Service',
      workOrder.catalogItem
        ? `${workOrder.catalogItem.name}${workOrder.sizeCode ? `, size ${workOrder.sizeCode}` : ''}`
        : label('requestKind', workOrder.kind),
    ],
    ...(workOrder.incidentType
      ? [
          [
            'Incident',
            `${label('incidentType', workOrder.incidentType)}${workOrder.severity ? `, ${label('severity', workOrder.severity)}` : ''}`,
          ] as [string, string],
        ]
      : []),
  ]);
}

/**
 * Renders a sent EWO version: every field of the frozen document, readable, with the embedded font (any
 * name prints), the version and its content hash on every page. Runs outside any transaction.
 */
export async function renderWorkOrderPdf(
  workOrder: FrozenWorkOrder,
  contentHash: string,
  options: DocumentRenderOptions = {},
): Promise<Buffer> {
  const zone = workOrder.customer.timeZone;
  const pdf = createLetterPdf(
    {
      title: `Engagement Work Order ${workOrder.number} v${workOrder.version}`,
      subject: workOrder.title,
      footer: `${workOrder.number} version ${workOrder.version} · content hash ${contentHash.slice(0, 16)}…`,
      creationDate: new Date(workOrder.sentAt),
    },
    options.letterhead,
  );
  writeWorkOrderHead(pdf, workOrder, options.letterhead);

  pdf.heading('Scope').paragraph(workOrder.scope || '(none)');
  pdf.heading('Objectives').bullets(workOrder.objectives);
  pdf.heading('In scope').bullets(workOrder.inScope);
  pdf.heading('Out of scope').bullets(workOrder.outOfScope);

  pdf.heading('Delivery');
  pdf.facts([
    ['Mode', label('deliveryMode', workOrder.deliveryMode)],
    [
      'Sites',
      workOrder.sites.length ? workOrder.sites.map((s) => `${s.name}, ${s.address}`).join('\n') : 'none (remote)',
    ],
    ['Proposed start', when(workOrder.proposedStart, zone)],
    ['Proposed end', when(workOrder.proposedEnd, zone)],
    ['Dates and times in', zone],
  ]);

  pdf.heading('Staffing');
  pdf.table(
    ['Role', 'People', 'Named consultant', 'Skills needed'],
    workOrder.staffingPlan.map((s) => [
      s.role,
      String(s.count),
      s.name ?? 'to be named',
      s.skills?.length
        ? s.skills
            .map(
              (k) => `${k.name ?? 'a skill of the catalog'} (${skillLevelLabels[k.minLevel] ?? k.minLevel} or above)`,
            )
            .join('\n')
        : '—',
    ]),
    [0.25, 0.1, 0.25, 0.4],
  );

  pdf.heading('Estimate');
  pdf.table(
    ['Activity', 'Role', 'Hours', 'Retainer units'],
    workOrder.estimate.lines.map((l) => [label('activity', l.activity), l.role, hours(l.minutes), l.amount.display]),
    [0.3, 0.3, 0.2, 0.2],
  );
  pdf.facts([
    ['Pricing', label('pricingMode', workOrder.pricingMode)],
    ['Estimated hours', hours(workOrder.estimate.lines.reduce((sum, l) => sum + l.minutes, 0))],
    ['Estimate in retainer units', workOrder.estimate.total.display],
    ...(workOrder.fixedPrice ? [['Fixed price', workOrder.fixedPrice.display] as [string, string]] : []),
    ['Minimum billable', workOrder.minimumBillable.display],
    ['Reserved on approval', workOrder.reservation.display],
  ]);

  pdf.heading('Deliverables');
  pdf.table(
    ['Deliverable', 'Kind', 'Due'],
    workOrder.deliverables.map((d) => [
      d.title,
      label('deliverableKind', d.kind),
      d.dueDate ? dayLabel(d.dueDate) : 'to be agreed',
    ]),
    [0.5, 0.25, 0.25],
  );

  pdf.heading('Travel and expenses');
  pdf.paragraph(
    `${workOrder.travelEstimate ? `Estimate: ${money(workOrder.travelEstimate)}. ` : ''}${workOrder.travelPolicy}`,
  );

  if (workOrder.rateCardTerms) pdf.heading('Rate card this version is priced with').bullets(workOrder.rateCardTerms);

  pdf.heading('Assumptions').bullets(workOrder.assumptions);
  pdf.heading('Customer responsibilities').bullets(workOrder.customerResponsibilities);
  pdf.heading('Pre-authorised actions').bullets(workOrder.preAuthorizedActions);

  writeApproval(
    pdf,
    {
      kind: 'work order version',
      customerName: workOrder.customer.legalName ?? workOrder.customer.name,
      deadline: when(workOrder.approvalDeadline, zone),
      hash: contentHash,
    },
    zone,
    options,
  );
  writeHash(pdf, workOrder.hashRule, contentHash);
  return pdf.toBuffer();
}

/**
 * Renders a sent change order: the parties, the reason, new planned dates, scope, the effort changed in
 * hours and contract units, the estimate before and after, the rate card, the hash and the approval block.
 */
export async function renderChangeOrderPdf(
  changeOrder: FrozenChangeOrder,
  contentHash: string,
  options: DocumentRenderOptions = {},
): Promise<Buffer> {
  const zone = changeOrder.customer.timeZone ?? options.timeZone ?? 'UTC';
  const pdf = createLetterPdf(
    {
      title: `Change order ${changeOrder.number}`,
      subject: `Change to ${changeOrder.engagement.number}`,
      footer: `${changeOrder.number} · content hash ${contentHash.slice(0, 16)}…`,
      creationDate: new Date(changeOrder.sentAt),
    },
    options.letterhead,
  );
  pdf.title(`Change order ${changeOrder.number}`);
  pdf.facts([
    ['Engagement', `${changeOrder.engagement.number}: ${changeOrder.engagement.title}`],
    ['Work order', changeOrder.workOrder.number],
    ['Date', when(changeOrder.sentAt, zone)],
    ['Approval deadline', when(changeOrder.approvalDeadline, zone)],
  ]);
  writeParties(pdf, changeOrder.provider, changeOrder.customer, options.letterhead);
  pdf.facts([['Retainer contract', changeOrder.contract.number]]);
  pdf.heading('Reason').paragraph(changeOrder.reason);
  if (changeOrder.plannedDates) {
    const { start, end } = changeOrder.plannedDates;
    pdf.heading('New planned dates');
    pdf.facts([
      ['First planned day', start ? dayLabel(start) : 'unchanged'],
      ['Last planned day', end ? dayLabel(end) : 'unchanged'],
    ]);
  }
  if (changeOrder.scope) pdf.heading('Scope').paragraph(changeOrder.scope);
  pdf.heading('Effort changed');
  pdf.table(
    ['Activity', 'Role', 'Hours', 'Retainer units'],
    changeOrder.delta.lines.map((l) => [label('activity', l.activity), l.role, hours(l.minutes), l.amount.display]),
    [0.3, 0.3, 0.2, 0.2],
  );
  pdf.facts([
    ['Hours changed', hours(changeOrder.delta.lines.reduce((sum, l) => sum + l.minutes, 0))],
    ['Estimate before', changeOrder.estimateBefore.display],
    ['Change', changeOrder.delta.total.display],
    ['Estimate after', changeOrder.estimateAfter.display],
  ]);
  if (changeOrder.rateCardTerms) pdf.heading('Rate card this change is priced with').bullets(changeOrder.rateCardTerms);
  writeApproval(
    pdf,
    {
      kind: 'change order',
      customerName: changeOrder.customer.legalName ?? changeOrder.customer.name,
      deadline: when(changeOrder.approvalDeadline, zone),
      hash: contentHash,
    },
    zone,
    options,
  );
  writeHash(pdf, changeOrder.hashRule, contentHash);
  return pdf.toBuffer();
}
