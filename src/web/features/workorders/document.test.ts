import { describe, expect, it } from 'vitest';
import { quantity } from '../../../shared/units.ts';
import { displayWhen } from '../../../shared/workorders.ts';
import { diffDocuments, documentFields, previewDocOf, type WorkOrderDoc } from './document.ts';
import type { WorkOrder } from './workorders.types.ts';

const zone = 'America/Chicago';

function doc(over: Partial<WorkOrderDoc> = {}): WorkOrderDoc {
  return {
    workOrderId: 'ewo_1',
    number: 'EWO-2026-0001',
    version: 1,
    requestId: 'req_1',
    customer: { id: 'cus_1', name: 'Northwind Freight', timeZone: zone },
    contract: { id: 'ctr_1', number: 'NW-1', unit: 'hours' },
    kind: 'emergency',
    incidentType: 'ransomware',
    severity: 'P1',
    catalogItem: null,
    sizeCode: null,
    title: 'P1 ransomware',
    scope: 'Triage.\nContain.',
    objectives: ['Contain'],
    inScope: ['Triage', 'Containment'],
    outOfScope: [],
    deliveryMode: 'remote',
    sites: [],
    pricingMode: 'time_and_materials',
    fixedPrice: null,
    estimate: {
      lines: [{ activity: 'analysis', role: 'forensic lead', minutes: 1440, amount: quantity(1440, 'hours') }],
      total: quantity(1440, 'hours'),
    },
    minimumBillable: quantity(240, 'hours'),
    reservation: quantity(1440, 'hours'),
    deliverables: [{ kind: 'ioc_list', title: 'IOC list', dueDate: '2026-11-05' }],
    proposedStart: '2026-11-03T09:07:00Z',
    proposedEnd: '2026-11-06',
    staffingPlan: [{ role: 'forensic lead', count: 1, userId: null, name: null }],
    travelEstimate: null,
    travelPolicy: 'Travel and expenses are billed at cost.',
    assumptions: [],
    customerResponsibilities: [],
    preAuthorizedActions: ['Isolate hosts'],
    approvalDeadline: '2026-11-05T09:07:00Z',
    sentAt: '2026-11-03T09:07:00Z',
    hashRule: 'sha256(jcs)',
    ...over,
  };
}

describe('the document of a version', () => {
  it('prints an instant in the customer zone and a date as it is, as the PDF does', () => {
    expect(displayWhen('2026-11-03T09:07:00Z', zone)).toBe('2026-11-03 03:07 (America/Chicago)');
    expect(displayWhen('2026-11-06', zone)).toBe('2026-11-06');
    expect(displayWhen(null, zone)).toBe('to be agreed');
  });

  it('lists the fields in the order of the PDF', () => {
    const keys = documentFields(doc()).map((f) => f.key);
    expect(keys.indexOf('scope')).toBeLessThan(keys.indexOf('objectives'));
    expect(keys.indexOf('sites')).toBeLessThan(keys.indexOf('estimateLines'));
    expect(keys.indexOf('reservation')).toBeLessThan(keys.indexOf('deliverables'));
    expect(keys.at(-1)).toBe('approvalDeadline');
  });

  it("builds a draft's preview from the view: site and consultant names, only a fixed price under fixed pricing", () => {
    const w = {
      id: 'ewo_1',
      number: 'EWO-2026-0001',
      version: 2,
      requestId: 'req_1',
      customerId: 'cus_1',
      customerName: 'Northwind Freight',
      contractId: 'ctr_1',
      contractNumber: 'NW-1',
      kind: 'emergency',
      incidentType: 'ransomware',
      severity: 'P1',
      catalogItemId: 'cat_eir',
      catalogItemName: 'Emergency IR',
      sizeCode: null,
      status: 'draft',
      title: 'P1 ransomware',
      scope: '',
      objectives: [],
      inScope: [],
      outOfScope: [],
      deliveryMode: 'hybrid',
      siteIds: ['sit_2', 'sit_gone'],
      pricingMode: 'time_and_materials',
      fixedPrice: quantity(960, 'hours'),
      estimateLines: [],
      estimate: { lines: [], total: quantity(0, 'hours') },
      minimumBillable: quantity(240, 'hours'),
      reservation: quantity(240, 'hours'),
      deliverables: [],
      proposedStart: null,
      proposedEnd: null,
      staffingPlan: [{ role: 'lead', count: 2, userId: 'usr_1' }],
      travelEstimate: null,
      assumptions: [],
      customerResponsibilities: [],
      preAuthorizedActions: [],
      approvalDeadline: null,
      sentAt: null,
    } as unknown as WorkOrder;
    const d = previewDocOf(w, {
      timeZone: zone,
      sites: [{ id: 'sit_2', name: 'Chicago HQ', address: '1 Main St' }],
      staffNames: { usr_1: 'Maria Keller' },
      travelTimeBillable: false,
    });
    expect(d.sites).toEqual([{ id: 'sit_2', name: 'Chicago HQ', address: '1 Main St' }]);
    expect(d.staffingPlan).toEqual([{ role: 'lead', count: 2, userId: 'usr_1', name: 'Maria Keller' }]);
    expect(d.fixedPrice).toBeNull();
    expect(d.catalogItem).toEqual({ id: 'cat_eir', name: 'Emergency IR' });
    expect(d.travelPolicy).toMatch(/Travel time is not drawn from the retainer/);
    expect(d.customer.timeZone).toBe(zone);
  });
});

describe('differences between versions', () => {
  it('finds nothing between equal documents, whatever their sending times', () => {
    expect(diffDocuments(doc(), doc({ version: 2, sentAt: '2026-11-04T00:00:00Z' }))).toEqual([]);
  });

  it('names each changed field with what was removed and added, in the document order', () => {
    const v2 = doc({
      version: 2,
      title: 'P1 ransomware, Chicago',
      inScope: ['Triage', 'Containment', 'On-site forensics'],
      estimate: {
        lines: [
          { activity: 'analysis', role: 'forensic lead', minutes: 1440, amount: quantity(1440, 'hours') },
          { activity: 'analysis', role: 'containment lead', minutes: 960, amount: quantity(960, 'hours') },
        ],
        total: quantity(2400, 'hours'),
      },
      reservation: quantity(2400, 'hours'),
      preAuthorizedActions: [],
    });
    const d = diffDocuments(doc(), v2);
    expect(d.map((x) => x.key)).toEqual([
      'title',
      'inScope',
      'estimateLines',
      'estimate',
      'reservation',
      'preAuthorizedActions',
    ]);
    expect(d.find((x) => x.key === 'inScope')).toMatchObject({ removed: [], added: ['On-site forensics'] });
    expect(d.find((x) => x.key === 'estimateLines')!.added).toEqual([
      'analysis · containment lead · 16h 00m = 16h 00m',
    ]);
    expect(d.find((x) => x.key === 'reservation')).toMatchObject({
      before: ['24h 00m'],
      after: ['40h 00m'],
      removed: ['24h 00m'],
      added: ['40h 00m'],
    });
    expect(d.find((x) => x.key === 'preAuthorizedActions')).toMatchObject({ removed: ['Isolate hosts'], added: [] });
  });

  it('counts a reordering as a change with nothing removed or added, and repeated lines one for one', () => {
    const d = diffDocuments(doc({ objectives: ['A', 'B', 'B'] }), doc({ objectives: ['B', 'A', 'B', 'B'] }));
    expect(d).toEqual([
      {
        key: 'objectives',
        label: 'Objectives',
        before: ['A', 'B', 'B'],
        after: ['B', 'A', 'B', 'B'],
        removed: [],
        added: ['B'],
      },
    ]);
  });
});
