import type { Core } from '../core/core.ts';
import type { IncidentType, Severity } from '../shared/domain.ts';
import { accountsRepo } from '../core/accounts/accounts.repo.ts';
import type { Ctx } from '../core/context.ts';
import { catalogRepo } from '../core/catalog/catalog.repo.ts';
import { actingManager, userCtx } from './staff.ts';
import { earliestStart } from '../core/requests/requests.rules.ts';

/** What the requests demo needs of a demo customer (src/demo/customers.ts plus its active contract). */
export interface RequestsDemoCustomer {
  customerId: string;
  name: string;
  timeZone: string;
  /** An active retainer of the customer. */
  contractId: string;
  /** Its contacts; the first is the usual caller (it should have canRequest or canApprove). */
  contacts: Record<string, { contactId: string; userId?: string | null }>;
}

const MIN = 60_000;

/** The demo's helpers: file an emergency or a proactive request, record a milestone, book a scoping call. */
async function requestsDemoKit(core: Core, customers: RequestsDemoCustomer[]) {
  const { db, services, clock } = core;
  const { userId: managerId, ctx: staff } = await actingManager(db.kysely);
  const now = clock.now().getTime();
  const ago = (minutes: number) => new Date(now - minutes * MIN).toISOString();
  const pick = (i: number) => customers[i % customers.length]!;
  const caller = (customer: RequestsDemoCustomer) => Object.values(customer.contacts)[0];
  const items = await catalogRepo.list(db.kysely, { kind: 'proactive', active: true, limit: 100 });
  const item = (name: string) => (items.find((x) => x.name === name) ?? items[0]!).id;
  const requests: Record<string, string> = {};

  const emergency = async (
    key: string,
    c: RequestsDemoCustomer,
    e: {
      type: IncidentType;
      severity: Severity;
      minutesAgo: number;
      onsite?: boolean;
      description: string;
      channel?: 'hotline' | 'email';
    },
  ) => {
    const who = caller(c);
    const created = await services.requests.create(staff, {
      kind: 'emergency',
      contractId: c.contractId,
      incidentType: e.type,
      severity: e.severity,
      onsiteRequired: e.onsite ?? false,
      description: e.description,
      channel: e.channel ?? 'hotline',
      receivedAt: ago(e.minutesAgo),
      ...(who ? { requesterContactId: who.contactId } : {}),
    });
    requests[key] = created.id;
    return created.id;
  };
  /** The explicit action (remote work started without an engagement yet: advice by phone, log triage). */
  const milestone = (id: string, kind: 'initial_contact' | 'remote_start' | 'onsite_arrival', minutesAgo: number) =>
    services.requests.recordMilestone(staff, id, { kind, at: ago(minutesAgo) });
  /** The one-click "contacted" action: the first contact is the initial contact. */
  const contacted = (id: string, minutesAgo: number, channel: 'phone' | 'email' | 'video' = 'phone') =>
    services.requests.recordContact(staff, id, { channel, at: ago(minutesAgo) });
  const proactive = async (
    key: string,
    customer: RequestsDemoCustomer,
    name: string,
    description: string,
    weeks = 8,
  ) => {
    const who = caller(customer);
    const portalUser = who?.userId ? await accountsRepo.userById(db.kysely, who.userId) : undefined;
    const ctx: Ctx = portalUser ? await userCtx(db.kysely, portalUser.id) : staff;
    const lead = await services.requests.leadTime(staff, {
      contractId: customer.contractId,
      catalogItemId: item(name),
    });
    const wished = earliestStart(clock.now(), weeks * 7, customer.timeZone);
    const created = await services.requests.create(ctx, {
      kind: 'proactive',
      contractId: customer.contractId,
      catalogItemId: item(name),
      onsiteRequired: false,
      description,
      desiredStart: wished > lead.earliestStart ? wished : lead.earliestStart,
      ...(portalUser ? {} : { channel: 'email' as const, ...(who ? { requesterContactId: who.contactId } : {}) }),
    });
    requests[key] = created.id;
    return created.id;
  };
  const book = async (requestId: string, customer: RequestsDemoCustomer, startsInMinutes: number) => {
    const who = caller(customer);
    return services.scoping.book(staff, requestId, {
      startsAt: new Date(now + startsInMinutes * MIN).toISOString(),
      durationMinutes: 30,
      attendees: [...(who ? [who.contactId] : []), managerId],
      joinInfo: 'https://meet.irfirm.example/scoping',
      notes: '',
    });
  };
  return { services, staff, pick, emergency, milestone, contacted, proactive, book, requests };
}

type RequestsDemoKit = Awaited<ReturnType<typeof requestsDemoKit>>;

/** Emergencies, one per SLA state; returns the scoping call booked on the freshest. */
async function loadEmergencies(kit: RequestsDemoKit) {
  const { pick, emergency, milestone, contacted, book } = kit;
  const fresh = await emergency('emergencyPending', pick(0), {
    type: 'ransomware',
    severity: 'P1',
    minutesAgo: 8,
    onsite: true,
    description: 'File servers encrypted overnight; ransom note on every share. Backups status unknown.',
  });
  await emergency('emergencyAtRisk', pick(1), {
    type: 'business_email_compromise',
    severity: 'P2',
    minutesAgo: 100,
    channel: 'email',
    description: 'CFO mailbox forwarding rule to an external address; two payment change requests sent to suppliers.',
  });
  const breached = await emergency('emergencyBreached', pick(2), {
    type: 'malware_outbreak',
    severity: 'P1',
    minutesAgo: 300,
    description: 'EDR alerts on 40 workstations for the same loader; spreading through SMB.',
  });
  // Honestly breached: called back in 20 minutes, but remote work has not started 5 hours in (target 4 h).
  await contacted(breached, 280);
  const met = await emergency('emergencyMet', pick(3), {
    type: 'cloud_account_compromise',
    severity: 'P2',
    minutesAgo: 360,
    description: 'Global admin signed in from an unknown country; new app registration with mail permissions.',
  });
  await contacted(met, 330, 'video');
  await milestone(met, 'remote_start', 180);
  const late = await emergency('emergencyMetP3', pick(4), {
    type: 'data_exfiltration',
    severity: 'P3',
    minutesAgo: 26 * 60,
    description: 'Large outbound transfers from the file server to a cloud storage provider over the weekend.',
  });
  // P3: called back after 6 hours (target 8 h), remote work started 10 hours in (target 24 h).
  await contacted(late, 26 * 60 - 6 * 60, 'email');
  await contacted(late, 26 * 60 - 7 * 60);
  await milestone(late, 'remote_start', 26 * 60 - 10 * 60);
  const call = await book(fresh, pick(0), 20);
  return call;
}

/** Proactive requests, one per stage before an EWO. */
async function loadProactiveRequests(kit: RequestsDemoKit): Promise<void> {
  const { services, staff, pick, proactive, book } = kit;
  await proactive(
    'proactiveReceived',
    pick(1),
    'Tabletop exercise',
    'Tabletop exercise for the board: ransomware scenario with a patient-data angle, in German, on site in Berlin.',
    6,
  );
  const scoping = await proactive(
    'proactiveScoping',
    pick(0),
    'Compromise assessment',
    'Compromise assessment after a partner disclosed a breach; 1,200 endpoints with EDR.',
  );
  await book(scoping, pick(0), 2 * 24 * 60);
  const drafting = await proactive(
    'proactiveEwoDrafting',
    pick(3),
    'Ransomware readiness assessment',
    'Ransomware readiness assessment before the cyber insurance renewal.',
  );
  const draftCall = await book(drafting, pick(3), -3 * 24 * 60);
  await services.scoping.update(staff, drafting, draftCall.id, {
    outcome: 'ewo_needed',
    notes: 'Medium size; backups and AD tiering in scope.',
  });
  const advice = await proactive(
    'proactiveAdviceOnly',
    pick(2),
    'IR plan review',
    'Review of our incident response plan against the new regulation.',
  );
  const adviceCall = await book(advice, pick(2), -2 * 24 * 60);
  await services.scoping.update(staff, advice, adviceCall.id, {
    outcome: 'advice_only',
    notes: 'The plan is recent and good; we sent three pointers by email.',
  });
  const duplicate = await proactive(
    'proactiveRejected',
    pick(0),
    'Threat hunt',
    'Threat hunt for the techniques in the latest sector advisory.',
  );
  await services.requests.reject(
    staff,
    duplicate,
    'Duplicate of the compromise assessment request, which covers the same hunt.',
  );
  const withdrawn = await proactive(
    'proactiveWithdrawn',
    pick(3),
    'IR training',
    'Two-day IR training for the service desk.',
  );
  await services.requests.withdraw(staff, withdrawn, 'The customer postponed the training to next year.');
}

/**
 * Loads open requests for the demo customers: emergencies in every SLA state (pending, exactly one at risk,
 * met, exactly one honestly breached), their milestones from triage and contacts, and proactive requests in every stage a request reaches before its EWO (received,
 * scoping with a booked call, EWO drafting, closed with advice, rejected, withdrawn). Stages after an EWO
 * is sent (awaiting approval, approved, declined, expired) come from the work-order demo. Times are
 * relative to the core's clock, so the board shows live countdowns.
 */
export async function loadRequestsDemo(
  core: Core,
  customers: RequestsDemoCustomer[],
): Promise<{ summary: string; requests: Record<string, string> }> {
  if (customers.length === 0) return { summary: 'no requests (no demo customers)', requests: {} };
  const kit = await requestsDemoKit(core, customers);
  await loadEmergencies(kit);
  await loadProactiveRequests(kit);
  const { requests } = kit;
  return {
    summary: `${Object.keys(requests).length} service requests (emergencies in every SLA state, proactive requests in every stage before an EWO; a scoping call booked on the freshest emergency)`,
    requests,
  };
}
