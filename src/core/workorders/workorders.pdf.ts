import { formatMoney } from '../../shared/currencies.ts';
import { DateTime } from 'luxon';
import { createLetterPdf, type Letterhead } from '../documents/letterhead.ts';
import { displayWhen, modeLabels, type FrozenChangeOrder, type FrozenWorkOrder } from '../../shared/workorders.ts';

const label = (s: string): string => s.replace(/_/g, ' ');
const money = (amount: { amountMinor: number; currency: string }): string =>
  formatMoney(amount.amountMinor, amount.currency);

/**
 * Renders a sent EWO version: every field of the frozen document, readable, with the embedded font (any
 * name prints), the version and its content hash on every page. Runs outside any transaction.
 */
export async function renderWorkOrderPdf(
  workOrder: FrozenWorkOrder,
  contentHash: string,
  letterhead?: Letterhead,
): Promise<Buffer> {
  const pdf = createLetterPdf(
    {
      title: `Engagement Work Order ${workOrder.number} v${workOrder.version}`,
      subject: workOrder.title,
      footer: `${workOrder.number} version ${workOrder.version} · content hash ${contentHash.slice(0, 16)}…`,
      creationDate: new Date(workOrder.sentAt),
    },
    letterhead,
  );
  pdf.title(`Engagement Work Order ${workOrder.number}`);
  pdf.facts([
    ['Title', workOrder.title],
    ['Version', String(workOrder.version)],
    ['Customer', workOrder.customer.name],
    [
      'Retainer contract',
      `${workOrder.contract.number} (${workOrder.contract.unit === 'hours' ? 'hours' : 'service units'})`,
    ],
    ['Request', workOrder.requestId],
    [
      'Service',
      workOrder.catalogItem
        ? `${workOrder.catalogItem.name}${workOrder.sizeCode ? `, size ${workOrder.sizeCode}` : ''}`
        : workOrder.kind,
    ],
    ...(workOrder.incidentType
      ? [['Incident', `${workOrder.severity ?? ''} ${label(workOrder.incidentType)}`.trim()] as [string, string]]
      : []),
    ['Sent', displayWhen(workOrder.sentAt, workOrder.customer.timeZone)],
    ['Approval deadline', displayWhen(workOrder.approvalDeadline, workOrder.customer.timeZone)],
  ]);

  pdf.heading('Scope').paragraph(workOrder.scope || '(none)');
  pdf.heading('Objectives').bullets(workOrder.objectives);
  pdf.heading('In scope').bullets(workOrder.inScope);
  pdf.heading('Out of scope').bullets(workOrder.outOfScope);

  pdf.heading('Delivery');
  pdf.facts([
    ['Mode', modeLabels[workOrder.deliveryMode]],
    [
      'Sites',
      workOrder.sites.length ? workOrder.sites.map((s) => `${s.name}, ${s.address}`).join('; ') : 'none (remote)',
    ],
    ['Proposed start', displayWhen(workOrder.proposedStart, workOrder.customer.timeZone)],
    ['Proposed end', displayWhen(workOrder.proposedEnd, workOrder.customer.timeZone)],
    ['Time zone', workOrder.customer.timeZone],
  ]);

  pdf.heading('Estimate and pricing');
  pdf.table(
    ['Activity', 'Role', 'Effort', 'Retainer units'],
    workOrder.estimate.lines.map((l) => [
      label(l.activity),
      l.role,
      `${Math.floor(l.minutes / 60)}h ${String(l.minutes % 60).padStart(2, '0')}m`,
      l.amount.display,
    ]),
    [0.3, 0.3, 0.2, 0.2],
  );
  pdf.facts([
    ['Pricing', workOrder.pricingMode === 'fixed' ? 'Fixed price' : 'Time and materials'],
    ['Estimate', workOrder.estimate.total.display],
    ...(workOrder.fixedPrice ? [['Fixed price', workOrder.fixedPrice.display] as [string, string]] : []),
    ['Minimum billable', workOrder.minimumBillable.display],
    ['Reserved on approval', workOrder.reservation.display],
  ]);

  pdf.heading('Deliverables');
  pdf.table(
    ['Deliverable', 'Kind', 'Target date'],
    workOrder.deliverables.map((d) => [d.title, label(d.kind), d.dueDate ?? 'to be agreed']),
    [0.5, 0.25, 0.25],
  );

  pdf.heading('Staffing plan');
  pdf.bullets(workOrder.staffingPlan.map((s) => `${s.count} × ${s.role}${s.name ? ` (${s.name})` : ''}`));

  pdf.heading('Travel and expenses');
  pdf.paragraph(
    `${workOrder.travelEstimate ? `Estimate: ${money(workOrder.travelEstimate)}. ` : ''}${workOrder.travelPolicy}`,
  );

  if (workOrder.rateCardTerms) pdf.heading('Rate card').bullets(workOrder.rateCardTerms);

  pdf.heading('Assumptions').bullets(workOrder.assumptions);
  pdf.heading('Customer responsibilities').bullets(workOrder.customerResponsibilities);
  pdf.heading('Pre-authorised actions').bullets(workOrder.preAuthorizedActions);

  pdf.heading('Approval');
  pdf.paragraph(
    `Only a defined point of contact of ${workOrder.customer.name} may approve this version, before ${displayWhen(workOrder.approvalDeadline, workOrder.customer.timeZone)}: in the portal, by the signed link in the approval email, or by replying APPROVE to it. The approval record binds the approver, the channel, the time and this content hash.`,
  );
  pdf.facts([
    ['Version', String(workOrder.version)],
    ['Hash rule', workOrder.hashRule],
  ]);
  pdf.paragraph('Content hash:').mono(contentHash);
  return pdf.toBuffer();
}

/** Renders a sent change order: reason, scope, the effort delta in contract units, the estimate before and after. */
/** A calendar date as people write it: "Monday 7 December 2026". */
const longDate = (iso: string) => DateTime.fromISO(iso).toFormat('cccc d LLLL yyyy');

export async function renderChangeOrderPdf(
  changeOrder: FrozenChangeOrder,
  contentHash: string,
  letterhead?: Letterhead,
): Promise<Buffer> {
  const pdf = createLetterPdf(
    {
      title: `Change order ${changeOrder.number}`,
      subject: `Change to ${changeOrder.engagement.number}`,
      footer: `${changeOrder.number} · content hash ${contentHash.slice(0, 16)}…`,
      creationDate: new Date(changeOrder.sentAt),
    },
    letterhead,
  );
  pdf.title(`Change order ${changeOrder.number}`);
  pdf.facts([
    ['Engagement', `${changeOrder.engagement.number}: ${changeOrder.engagement.title}`],
    ['Work order', changeOrder.workOrder.number],
    ['Customer', changeOrder.customer.name],
    ['Retainer contract', changeOrder.contract.number],
    ['Sent', changeOrder.sentAt],
    ['Approval deadline', changeOrder.approvalDeadline],
  ]);
  pdf.heading('Reason').paragraph(changeOrder.reason);
  if (changeOrder.plannedDates) {
    const { start, end } = changeOrder.plannedDates;
    pdf.heading('New planned dates');
    pdf.facts([
      ['First planned day', start ? longDate(start) : 'unchanged'],
      ['Last planned day', end ? longDate(end) : 'unchanged'],
    ]);
  }
  if (changeOrder.scope) pdf.heading('Scope').paragraph(changeOrder.scope);
  pdf.heading('Effort changed');
  pdf.table(
    ['Activity', 'Role', 'Minutes', 'Retainer units'],
    changeOrder.delta.lines.map((l) => [label(l.activity), l.role, String(l.minutes), l.amount.display]),
    [0.3, 0.3, 0.2, 0.2],
  );
  pdf.facts([
    ['Estimate before', changeOrder.estimateBefore.display],
    ['Change', changeOrder.delta.total.display],
    ['Estimate after', changeOrder.estimateAfter.display],
  ]);
  if (changeOrder.rateCardTerms) pdf.heading('Rate card').bullets(changeOrder.rateCardTerms);
  pdf.heading('Approval');
  pdf.facts([['Hash rule', changeOrder.hashRule]]);
  pdf.paragraph('Content hash:').mono(contentHash);
  return pdf.toBuffer();
}
