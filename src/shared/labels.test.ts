import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as accounts from './contracts/accounts.ts';
import * as catalog from './contracts/catalog.ts';
import * as contracts from './contracts/contracts.ts';
import * as deliverables from './contracts/deliverables.ts';
import * as effort from './contracts/effort.ts';
import * as engagements from './contracts/engagements.ts';
import * as expenses from './contracts/expenses.ts';
import * as invoicing from './contracts/invoicing.ts';
import * as ledger from './contracts/ledger.ts';
import * as outbox from './contracts/outbox.ts';
import * as requests from './contracts/requests.ts';
import * as staffing from './contracts/staffing.ts';
import * as topups from './contracts/topups.ts';
import * as webhooks from './contracts/webhooks.ts';
import * as workorders from './contracts/workorders.ts';
import {
  actionChannels,
  contractUnits,
  humanize,
  label,
  labelOptions,
  labels,
  ledgerReferenceText,
  orList,
  type LabelKind,
} from './labels.ts';

/** Each kind's values as the contracts declare them (the zod enums the API validates with). */
const sources: Record<LabelKind, readonly string[]> = {
  activity: effort.Activity.options,
  deliverableKind: deliverables.DeliverableKind.options,
  deliverableStatus: deliverables.DeliverableStatus.options,
  requestKind: (requests.ServiceRequest.shape.kind as z.ZodEnum).options as string[],
  requestStatus: (requests.ServiceRequest.shape.status as z.ZodEnum).options as string[],
  requestChannel: (requests.ServiceRequest.shape.channel as z.ZodEnum).options as string[],
  requestFlag: requests.RequestNotice.shape.code.options,
  incidentType: requests.CreateRequestBody.options[0].shape.incidentType.options,
  severity: requests.CreateRequestBody.options[0].shape.severity.options,
  supportLevel: requestsSupportLevels(),
  slaKind: requests.slaKinds,
  slaStatus: requests.slaStatuses,
  scopingOutcome: requests.scopingOutcomes,
  scopingCallStatus: requests.scopingCallStatuses,
  engagementStatus: engagements.EngagementStatus.options,
  billingStatus: effort.BillingStatus.options,
  workOrderStatus: workorders.workOrderStatuses,
  changeOrderStatus: workorders.changeOrderStatuses,
  decision: workorders.decisions,
  approvalChannel: workorders.decisionChannels,
  approvalSubject: workorders.approvalSubjects,
  actionChannel: actionChannels,
  deliveryMode: workorders.deliveryModes,
  pricingMode: workorders.pricingModes,
  bookingMode: staffing.BookingMode.options,
  bookingStatus: staffing.BookingStatusSchema.options,
  travelReadiness: staffing.TravelReadinessSchema.options,
  ledgerKind: ledger.LedgerKind.options,
  contractStatus: contracts.ContractStatus.options,
  contractUnit: contracts.ContractUnit.options,
  expenseCategory: expenses.ExpenseCategory.options,
  expenseStatus: expenses.ExpenseStatus.options,
  topUpRequestStatus: topups.TopUpRequestStatus.options,
  billingLineKind: invoicing.billingLineKindValues,
  outboxStatus: outbox.OutboxStatus.options,
  role: accounts.Role.options,
  webhookEvent: webhooks.WebhookEventType.options,
};

function requestsSupportLevels(): readonly string[] {
  const detail = requests.ServiceRequest.shape.supportLevel as z.ZodNullable<z.ZodEnum>;
  return detail.unwrap().options as string[];
}

/** Exported zod enums that are not words people read (query flags, formats), each with why. */
const notForPeople = new Set<string>([]);

describe('labels', () => {
  it('labels every value of every enum a person reads, and nothing else', () => {
    for (const [kind, values] of Object.entries(sources) as [LabelKind, readonly string[]][]) {
      const map = labels[kind] as Record<string, string>;
      expect(Object.keys(map).sort(), kind).toEqual([...values].sort());
      for (const v of values) expect(map[v]!.trim(), `${kind}.${v}`).not.toBe('');
    }
    expect(Object.keys(labels).sort()).toEqual(Object.keys(sources).sort());
  });

  it('covers every enum the contracts export: a new enum needs a label kind (or a reason it is not read)', () => {
    const modules = {
      accounts,
      catalog,
      contracts,
      deliverables,
      effort,
      engagements,
      expenses,
      invoicing,
      ledger,
      outbox,
      requests,
      staffing,
      topups,
      webhooks,
      workorders,
    };
    const labelled = Object.values(sources).map((values) => [...values].sort().join('|'));
    for (const [module, exports] of Object.entries(modules))
      for (const [name, value] of Object.entries(exports)) {
        if (!(value instanceof z.ZodEnum) || notForPeople.has(`${module}.${name}`)) continue;
        const values = [...(value.options as string[])].sort().join('|');
        expect(labelled, `${module}.${name} has a label kind`).toContain(values);
      }
  });

  it('reads a value as its label, an unknown value as words and nothing as a dash', () => {
    expect(label('activity', 'onsite_work')).toBe('On-site work');
    expect(label('requestStatus', 'ewo_drafting')).toBe('EWO drafting');
    expect(label('incidentType', 'business_email_compromise')).toBe('Business email compromise');
    expect(label('workOrderStatus', 'some_new_state')).toBe('Some new state');
    expect(label('severity', null)).toBe('—');
    expect(label('ledgerKind', 'constructor')).toBe('Constructor');
    expect(humanize('changes_requested')).toBe('Changes requested');
  });

  it('lists options in order and joins words as a sentence', () => {
    expect(labelOptions('deliveryMode')).toEqual([
      { value: 'onsite', label: 'On site' },
      { value: 'remote', label: 'Remote' },
      { value: 'hybrid', label: 'On site and remote' },
    ]);
    expect(orList(['A', 'B', 'C'])).toBe('A, B or C');
    expect(orList(['A'])).toBe('A');
    expect(contractUnits).toEqual(contracts.ContractUnit.options);
  });
});

describe('ledgerReferenceText', () => {
  it('keeps a reference without ids and reads an effort posting as words', () => {
    expect(ledgerReferenceText('EWO-2026-0004 v1 approved')).toBe('EWO-2026-0004 v1 approved');
    expect(ledgerReferenceText('effort eff_01m961vet52zkwp42t8es45wx5')).toBe('Logged effort');
    expect(ledgerReferenceText('moved from ctr_01m961vd0fa575s4bbdgab80nm today')).toBe('moved from today');
  });
});
