import { describe, expect, it } from 'vitest';
import { quantity } from '../../../shared/units.ts';
import {
  changedFields,
  fieldLabel,
  formOf,
  moneyText,
  patchWithoutRefused,
  readEffort,
  readMoney,
  valuesOf,
  whenOf,
  whenValue,
  type DraftForm,
} from './draft.ts';
import type { WorkOrder } from './workorders.types.ts';

const zone = 'America/Chicago';

/** A draft as the server shows it: Northwind's ransomware EWO (journey 1). */
function view(over: Partial<WorkOrder> = {}): WorkOrder {
  return {
    id: 'ewo_1',
    number: 'EWO-2026-0001',
    requestId: 'req_1',
    organizationId: 'org_1',
    customerId: 'cus_1',
    customerName: 'Northwind Freight',
    contractId: 'ctr_1',
    contractNumber: 'NW-1',
    kind: 'emergency',
    incidentType: 'ransomware',
    severity: 'P1',
    catalogItemName: null,
    status: 'draft',
    version: 1,
    revision: 3,
    contentHash: null,
    sentAt: null,
    approvalDeadline: null,
    approvalDeadlineDefault: '48 hours after sending',
    catalogItemId: null,
    sizeCode: null,
    title: 'Emergency incident response: P1 ransomware',
    scope: 'Contain it.',
    objectives: ['Contain', 'Recover'],
    inScope: [],
    outOfScope: ['Legal advice'],
    deliveryMode: 'hybrid',
    siteIds: ['sit_1'],
    pricingMode: 'time_and_materials',
    fixedPrice: null,
    estimateLines: [
      { activity: 'analysis', role: 'forensic lead', minutes: 1440 },
      { activity: 'analysis', role: 'containment lead', minutes: 960 },
    ],
    minimumBillable: quantity(240, 'hours'),
    deliverables: [{ kind: 'ioc_list', title: 'IOC list', dueDate: '2026-11-05' }],
    proposedStart: '2026-11-03T09:07:12.345Z',
    proposedEnd: '2026-11-06',
    staffingPlan: [{ role: 'forensic lead', count: 1 }],
    travelEstimate: { amountMinor: 150050, currency: 'USD' },
    assumptions: [],
    customerResponsibilities: [],
    preAuthorizedActions: ['Isolate hosts'],
    estimate: { lines: [], total: quantity(2400, 'hours') },
    reservation: quantity(2400, 'hours'),
    balanceImpact: null,
    decision: null,
    engagementId: null,
    createdAt: '2026-11-03T09:10:00Z',
    updatedAt: '2026-11-03T09:10:00Z',
    ...over,
  } as WorkOrder;
}

describe('reading what a person types', () => {
  it('reads efforts as minutes: 24h, 1h30m, 90m, a plain number, and the display string it shows', () => {
    expect(readEffort('24h').minutes).toBe(1440);
    expect(readEffort('1h30m').minutes).toBe(90);
    expect(readEffort(' 90m ').minutes).toBe(90);
    expect(readEffort('45').minutes).toBe(45);
    expect(readEffort('40h 00m').minutes).toBe(2400);
    expect(readEffort('2.5h').minutes).toBe(150);
  });

  it('refuses what is not an effort, empty and (unless signed) negative', () => {
    expect(readEffort('a day').message).toMatch(/not an amount of time/);
    expect(readEffort('').message).toMatch(/give the effort/);
    expect(readEffort('-4h').message).toBe('must not be negative');
    expect(readEffort('-4h', { signed: true }).minutes).toBe(-240);
    expect(readEffort('+12h', { signed: true }).minutes).toBe(720);
  });

  it('reads money in major units to minor units with two decimals', () => {
    expect(readMoney('1500', 'USD').minor).toBe(150000);
    expect(readMoney('1,500.5', 'USD').minor).toBe(150050);
    expect(readMoney('120000', 'JPY').minor).toBe(120000);
    expect(readMoney('1.250', 'KWD').minor).toBe(1250);
    expect(readMoney('', 'USD').minor).toBeNull();
    expect(readMoney('12.345', 'USD').message).toMatch(/USD has 2 decimals/);
    expect(readMoney('abc', 'USD').message).toMatch(/is not an amount/);
    expect(moneyText(150050, 'USD')).toBe('1500.50');
    expect(moneyText(120000, 'JPY')).toBe('120000');
    expect(moneyText(1250, 'KWD')).toBe('1.250');
  });

  it('keeps a date as a date and reads a local time in the customer zone as an instant with its offset', () => {
    expect(whenValue({ date: '2026-11-03', time: '' }, zone).value).toBe('2026-11-03');
    expect(whenValue({ date: '2026-11-03', time: '03:07' }, zone).value).toBe('2026-11-03T03:07:00-06:00');
    expect(whenValue({ date: '', time: '03:07' }, zone).message).toMatch(/choose a date/);
    expect(whenOf('2026-11-03T09:07:12.345Z', zone)).toEqual({ date: '2026-11-03', time: '03:07' });
    expect(whenOf('2026-11-06', zone)).toEqual({ date: '2026-11-06', time: '' });
  });
});

describe('the form of a draft', () => {
  it('shows the server content as typed text and sends nothing while unchanged', () => {
    const f = formOf(view(), zone);
    expect(f.estimateLines.map((l) => l.effort)).toEqual(['24h 00m', '16h 00m']);
    expect(f.minimumBillable).toBe('4h 00m');
    expect(f.outOfScope).toBe('Legal advice');
    expect(f.travelAmount).toBe('1500.50');
    expect(changedFields(f, formOf(view(), zone))).toEqual([]);
  });

  it('sends only the changed fields, converted to the API: lines as minutes, lists without blank lines', () => {
    const saved = formOf(view(), zone);
    const f: DraftForm = {
      ...saved,
      estimateLines: [
        ...saved.estimateLines,
        { key: 'x', activity: 'onsite_work', role: ' on-site lead ', effort: '8h' },
      ],
      inScope: 'Triage\n\n  Containment  \n',
      travelAmount: '',
    };
    const fields = changedFields(saved, f);
    expect(fields.sort()).toEqual(['estimateLines', 'inScope', 'travelEstimate']);
    const { patch, errors } = valuesOf(f, fields, { unit: 'hours', timeZone: zone });
    expect(errors).toEqual({});
    expect(patch).toEqual({
      estimateLines: [
        { activity: 'analysis', role: 'forensic lead', minutes: 1440 },
        { activity: 'analysis', role: 'containment lead', minutes: 960 },
        { activity: 'onsite_work', role: 'on-site lead', minutes: 480 },
      ],
      inScope: ['Triage', 'Containment'],
      travelEstimate: null,
    });
  });

  it('leaves out a field typed wrongly and names the line, so the rest still saves', () => {
    const saved = formOf(view(), zone);
    const f: DraftForm = {
      ...saved,
      title: 'P1 ransomware, Chicago',
      estimateLines: [{ key: 'a', activity: 'analysis', role: '', effort: 'soon' }],
    };
    const { patch, errors } = valuesOf(f, changedFields(saved, f), { unit: 'hours', timeZone: zone });
    expect(patch).toEqual({ title: 'P1 ransomware, Chicago' });
    expect(errors['estimateLines.0.minutes']).toMatch(/not an amount of time/);
    expect(errors['estimateLines.0.role']).toBe('say who does it');
  });

  it('refuses a proactive start before the earliest allowed date of the request', () => {
    const saved = formOf(view({ kind: 'proactive', proposedStart: '2027-01-10' }), zone);
    const early = { ...saved, proposedStart: { date: '2027-01-03', time: '' } };
    expect(
      valuesOf(early, ['proposedStart'], { unit: 'hours', timeZone: zone, earliestStart: '2027-01-04' }).errors[
        'proposedStart'
      ],
    ).toMatch(/2027-01-04 or later/);
    const onTime = { ...saved, proposedStart: { date: '2027-01-04', time: '' } };
    expect(
      valuesOf(onTime, ['proposedStart'], { unit: 'hours', timeZone: zone, earliestStart: '2027-01-04' }).patch,
    ).toEqual({ proposedStart: '2027-01-04' });
  });

  it('reads service-unit amounts for a service-unit contract and requires a minimum', () => {
    const saved = formOf(
      view({
        minimumBillable: quantity(1600, 'service_units'),
        pricingMode: 'fixed',
        fixedPrice: quantity(1600, 'service_units'),
      }),
      zone,
    );
    expect(saved.fixedPrice).toBe('16.00 SU');
    const f = { ...saved, fixedPrice: '32su', minimumBillable: '' };
    const { patch, errors } = valuesOf(f, changedFields(saved, f), { unit: 'service_units', timeZone: zone });
    expect(patch).toEqual({ fixedPrice: 3200 });
    expect(errors['minimumBillable']).toMatch(/minimum billable/);
  });

  it('checks a staffing count and a travel currency', () => {
    const saved = formOf(view(), zone);
    const f = {
      ...saved,
      staffingPlan: [{ key: 's', role: 'lead', count: '0', userId: '', skills: [] }],
      travelCurrency: 'dollars',
    };
    const { errors } = valuesOf(f, changedFields(saved, f), { unit: 'hours', timeZone: zone });
    expect(errors['staffingPlan.0.count']).toMatch(/whole number/);
    expect(errors['travelEstimate.currency']).toMatch(/ISO 4217/);
  });

  it('sends the skills a staffing role names, and none when it names none', () => {
    const saved = formOf(view(), zone);
    const f = {
      ...saved,
      staffingPlan: [
        {
          key: 'a',
          role: 'forensic lead',
          count: '1',
          userId: '',
          skills: [{ skillId: 'memory_forensics', minLevel: 4 }],
        },
        { key: 'b', role: 'containment', count: '2', userId: '', skills: [] },
      ],
    };
    const { patch, errors } = valuesOf(f, changedFields(saved, f), { unit: 'hours', timeZone: zone });
    expect(errors).toEqual({});
    expect(patch.staffingPlan).toEqual([
      { role: 'forensic lead', count: 1, skills: [{ skillId: 'memory_forensics', minLevel: 4 }] },
      { role: 'containment', count: 2 },
    ]);
  });

  it('names an error path as the form does', () => {
    expect(fieldLabel('estimateLines.1.minutes')).toBe('Estimate line 2 (minutes)');
    expect(fieldLabel('proposedStart')).toBe('Proposed start');
    expect(fieldLabel('travelEstimate.currency')).toBe('Travel estimate (currency)');
  });
});

describe('a patch the server refused in part', () => {
  const patch = {
    title: 'Ransomware containment',
    scope: 'Contain and recover',
    staffingPlan: [{ role: 'Lead', count: 1, userId: 'usr_customer' }],
  };

  it('is sent again without the refused fields, so no other edit is lost', () => {
    expect(patchWithoutRefused(patch, { 'staffingPlan.0.userId': 'is not a user of the IR firm' })).toEqual({
      patch: { title: 'Ransomware containment', scope: 'Contain and recover' },
      refused: ['staffingPlan'],
    });
  });

  it('is not split when an error names no field of the patch, or when nothing would be left', () => {
    expect(patchWithoutRefused(patch, {})).toBeNull();
    expect(patchWithoutRefused(patch, { proposedStart: 'must be later', title: 'too long' })).toBeNull();
    expect(patchWithoutRefused({ staffingPlan: patch.staffingPlan }, { 'staffingPlan.0.role': 'too long' })).toBeNull();
  });

  it('marks the invalid staffing row locally and still sends every valid field', () => {
    const form: DraftForm = {
      ...formOf(view(), zone),
      title: 'New title',
      staffingPlan: [
        { key: 'a', role: 'Lead responder', count: '1', userId: '', skills: [] },
        { key: 'b', role: 'x'.repeat(101), count: '0', userId: '', skills: [] },
      ],
    };
    const { patch: sent, errors } = valuesOf(form, ['title', 'staffingPlan'], { unit: 'hours', timeZone: zone });
    expect(sent).toEqual({ title: 'New title' });
    expect(errors).toEqual({
      'staffingPlan.1.role': 'at most 100 characters',
      'staffingPlan.1.count': 'a whole number from 1 to 50',
    });
  });
});
