import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRequestsDemo } from '../src/demo/requests.ts';
import { makeUser } from './support/factories.ts';
import { createTestEnv, type TestEnv } from './support/harness.ts';
import { makeCustomerUser, makeRequestWorld } from './support/request-factories.ts';

let t: TestEnv;
beforeAll(async () => {
  t = await createTestEnv({ now: '2026-11-02T14:00:00Z' });
});
afterAll(async () => t.close());

describe('requests demo data', () => {
  it('loads emergencies in every SLA state and proactive requests in every stage before an EWO', async () => {
    const worlds = [
      await makeRequestWorld(t, { timeZone: 'America/Chicago' }),
      await makeRequestWorld(t, { timeZone: 'Europe/Berlin' }),
      await makeRequestWorld(t, { timeZone: 'America/New_York' }),
      await makeRequestWorld(t, { timeZone: 'Europe/London' }),
    ];
    const customers = await Promise.all(
      worlds.map(async (w) => {
        const approver = await makeCustomerUser(t, w.customer, 'customer_approver');
        return {
          customerId: w.customer.customerId,
          name: w.customer.name,
          timeZone: w.customer.timeZone,
          contractId: w.contract.id,
          contacts: { ciso: { contactId: approver.contactId, userId: approver.id } },
        };
      }),
    );
    const { requests, summary } = await loadRequestsDemo(t.core, customers);
    expect(summary).toContain('service requests');
    const admin = await makeUser(t, { role: 'admin' });
    const get = async (key: string) => t.core.services.requests.get(admin.ctx, requests[key]!);

    expect((await get('emergencyPending')).slaStatus).toBe('pending');
    expect((await get('emergencyPending')).status).toBe('scoping');
    expect((await get('emergencyAtRisk')).slaStatus).toBe('at_risk');
    expect((await get('emergencyBreached')).slaStatus).toBe('breached');
    expect((await get('emergencyMet')).slaStatus).toBe('met');
    // Its milestones come from the contacts: the first one counts, a later one does not move it.
    const p3 = await get('emergencyMetP3');
    expect(p3.slaStatus).toBe('met');
    expect(p3.milestones.filter((m) => m.kind === 'initial_contact')).toMatchObject([
      { source: 'contacted', channel: 'email' },
    ]);
    expect((await get('emergencyBreached')).slaTargets).toMatchObject([
      { kind: 'initial_contact', status: 'met' },
      { kind: 'remote_start', status: 'breached' },
    ]);

    expect((await get('proactiveReceived')).status).toBe('received');
    expect((await get('proactiveScoping')).status).toBe('scoping');
    expect((await get('proactiveEwoDrafting')).status).toBe('ewo_drafting');
    expect((await get('proactiveAdviceOnly')).status).toBe('closed_advice_only');
    expect((await get('proactiveRejected')).status).toBe('rejected');
    expect((await get('proactiveWithdrawn')).status).toBe('withdrawn');
    const portal = await get('proactiveReceived');
    expect(portal.channel).toBe('portal');
  });
});
