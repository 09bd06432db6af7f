import { formatMoney } from '../../shared/currencies.ts';
import { createPdf } from '../documents/pdf.ts';
import { displayWhen, modeLabels, type FrozenChangeOrder, type FrozenWorkOrder } from '../../shared/workorders.ts';

const label = (s: string): string => s.replace(/_/g, ' ');
const money = (m: { amountMinor: number; currency: string }): string => formatMoney(m.amountMinor, m.currency);

/**
 * Renders a sent EWO version: every field of the frozen document, readable, with the embedded font (any
 * name prints), the version and its content hash on every page. Runs outside any transaction.
 */
export async function renderWorkOrderPdf(f: FrozenWorkOrder, contentHash: string): Promise<Buffer> {
  const pdf = createPdf({
    title: `Engagement Work Order ${f.number} v${f.version}`,
    subject: f.title,
    footer: `${f.number} version ${f.version} · content hash ${contentHash.slice(0, 16)}…`,
    creationDate: new Date(f.sentAt),
  });
  pdf.title(`Engagement Work Order ${f.number}`);
  pdf.facts([
    ['Title', f.title],
    ['Version', String(f.version)],
    ['Customer', f.customer.name],
    ['Retainer contract', `${f.contract.number} (${f.contract.unit === 'hours' ? 'hours' : 'service units'})`],
    ['Request', f.requestId],
    ['Service', f.catalogItem ? `${f.catalogItem.name}${f.sizeCode ? `, size ${f.sizeCode}` : ''}` : f.kind],
    ...(f.incidentType
      ? [['Incident', `${f.severity ?? ''} ${label(f.incidentType)}`.trim()] as [string, string]]
      : []),
    ['Sent', displayWhen(f.sentAt, f.customer.timeZone)],
    ['Approval deadline', displayWhen(f.approvalDeadline, f.customer.timeZone)],
  ]);

  pdf.heading('Scope').paragraph(f.scope || '(none)');
  pdf.heading('Objectives').bullets(f.objectives);
  pdf.heading('In scope').bullets(f.inScope);
  pdf.heading('Out of scope').bullets(f.outOfScope);

  pdf.heading('Delivery');
  pdf.facts([
    ['Mode', modeLabels[f.deliveryMode]],
    ['Sites', f.sites.length ? f.sites.map((s) => `${s.name}, ${s.address}`).join('; ') : 'none (remote)'],
    ['Proposed start', displayWhen(f.proposedStart, f.customer.timeZone)],
    ['Proposed end', displayWhen(f.proposedEnd, f.customer.timeZone)],
    ['Time zone', f.customer.timeZone],
  ]);

  pdf.heading('Estimate and pricing');
  pdf.table(
    ['Activity', 'Role', 'Effort', 'Retainer units'],
    f.estimate.lines.map((l) => [
      label(l.activity),
      l.role,
      `${Math.floor(l.minutes / 60)}h ${String(l.minutes % 60).padStart(2, '0')}m`,
      l.amount.display,
    ]),
    [0.3, 0.3, 0.2, 0.2],
  );
  pdf.facts([
    ['Pricing', f.pricingMode === 'fixed' ? 'Fixed price' : 'Time and materials'],
    ['Estimate', f.estimate.total.display],
    ...(f.fixedPrice ? [['Fixed price', f.fixedPrice.display] as [string, string]] : []),
    ['Minimum billable', f.minimumBillable.display],
    ['Reserved on approval', f.reservation.display],
  ]);

  pdf.heading('Deliverables');
  pdf.table(
    ['Deliverable', 'Kind', 'Target date'],
    f.deliverables.map((d) => [d.title, label(d.kind), d.dueDate ?? 'to be agreed']),
    [0.5, 0.25, 0.25],
  );

  pdf.heading('Staffing plan');
  pdf.bullets(f.staffingPlan.map((s) => `${s.count} × ${s.role}${s.name ? ` (${s.name})` : ''}`));

  pdf.heading('Travel and expenses');
  pdf.paragraph(`${f.travelEstimate ? `Estimate: ${money(f.travelEstimate)}. ` : ''}${f.travelPolicy}`);

  pdf.heading('Assumptions').bullets(f.assumptions);
  pdf.heading('Customer responsibilities').bullets(f.customerResponsibilities);
  pdf.heading('Pre-authorised actions').bullets(f.preAuthorizedActions);

  pdf.heading('Approval');
  pdf.paragraph(
    `Only a defined point of contact of ${f.customer.name} may approve this version, before ${displayWhen(f.approvalDeadline, f.customer.timeZone)}: in the portal, by the signed link in the approval email, or by replying APPROVE to it. The approval record binds the approver, the channel, the time and this content hash.`,
  );
  pdf.facts([
    ['Version', String(f.version)],
    ['Hash rule', f.hashRule],
  ]);
  pdf.paragraph('Content hash:').mono(contentHash);
  return pdf.toBuffer();
}

/** Renders a sent change order: reason, scope, the effort delta in contract units, the estimate before and after. */
export async function renderChangeOrderPdf(f: FrozenChangeOrder, contentHash: string): Promise<Buffer> {
  const pdf = createPdf({
    title: `Change order ${f.number}`,
    subject: `Change to ${f.engagement.number}`,
    footer: `${f.number} · content hash ${contentHash.slice(0, 16)}…`,
    creationDate: new Date(f.sentAt),
  });
  pdf.title(`Change order ${f.number}`);
  pdf.facts([
    ['Engagement', `${f.engagement.number}: ${f.engagement.title}`],
    ['Work order', f.workOrder.number],
    ['Customer', f.customer.name],
    ['Retainer contract', f.contract.number],
    ['Sent', f.sentAt],
    ['Approval deadline', f.approvalDeadline],
  ]);
  pdf.heading('Reason').paragraph(f.reason);
  if (f.scope) pdf.heading('Scope').paragraph(f.scope);
  pdf.heading('Effort changed');
  pdf.table(
    ['Activity', 'Role', 'Minutes', 'Retainer units'],
    f.delta.lines.map((l) => [label(l.activity), l.role, String(l.minutes), l.amount.display]),
    [0.3, 0.3, 0.2, 0.2],
  );
  pdf.facts([
    ['Estimate before', f.estimateBefore.display],
    ['Change', f.delta.total.display],
    ['Estimate after', f.estimateAfter.display],
  ]);
  pdf.heading('Approval');
  pdf.facts([['Hash rule', f.hashRule]]);
  pdf.paragraph('Content hash:').mono(contentHash);
  return pdf.toBuffer();
}
