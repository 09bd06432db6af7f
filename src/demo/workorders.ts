import type { Core } from '../core/core.ts';
import { createFakeClock } from '../shared/clock.ts';
import type { Ctx } from '../core/context.ts';
import { catalogRepo } from '../core/catalog/catalog.repo.ts';
import { demoRepo } from './demo.repo.ts';
import { actingManager } from './staff.ts';
import { earliestStart } from '../core/requests/requests.rules.ts';
import { createWorkOrdersModule } from '../core/workorders/workorders.module.ts';
import { createEngagementsService } from '../core/engagements/engagements.service.ts';
import type { OnsiteArrival } from './staffing.ts';

/** What the work-order demo needs of a demo customer (src/demo/customers.ts plus its active contract). */
export interface WorkOrdersDemoCustomer {
  customerId: string;
  name: string;
  timeZone: string;
  /** An active retainer of the customer. */
  contractId: string;
  sites: Record<string, string>;
  /** Its contacts; `approver` (or the first) must have canApprove. */
  contacts: Record<string, { contactId: string; email: string; userId?: string | null }>;
}

const HOUR = 3_600_000;

/** The demo's helpers: the work-order services on a clock of their own, acting staff, customers' decisions by link. */
async function workOrdersDemoKit(core: Core, customers: WorkOrdersDemoCustomer[]) {
  const { db, services, config } = core;
  const now = core.clock.now();
  const clock = createFakeClock(new Date(now.getTime() - 4 * 24 * HOUR));
  const { workOrders, changeOrders, approvals } = createWorkOrdersModule({
    db,
    clock,
    ids: core.ids,
    audit: services.audit,
    outbox: services.outbox,
    publicUrl: config.publicUrl,
    inboundDomain: config.inboundMail?.domain,
    requests: services.requests,
    settings: services.settings,
    ledger: services.ledger,
    customers: services.customers,
    engagements: services.engagements,
    effort: services.effort,
  });
  // Kickoffs on the demo's clock: the engagement's start records the request's remote start at that time.
  const engagements = createEngagementsService({
    db,
    clock,
    ids: core.ids,
    audit: services.audit,
    outbox: services.outbox,
    ledger: services.ledger,
    customers: services.customers,
    publicUrl: config.publicUrl,
    organizer: { name: 'IMR Desk', email: `imr@${new URL(config.publicUrl).hostname}` },
    requests: services.requests,
  });
  const { ctx: staff, userId: managerId } = await actingManager(db.kysely);
  const managerIsOwner = staff.actor.type === 'user' && staff.actor.role === 'ir_manager';
  const pick = (i: number) => customers[i % customers.length]!;
  const approverOf = (customer: WorkOrdersDemoCustomer) =>
    customer.contacts['approver'] ?? Object.values(customer.contacts)[0]!;
  const made: Record<string, string> = {};

  /** The signed link most recently emailed to a contact (the demo decides as the customer would). */
  async function linkFor(email: string): Promise<string> {
    const rows = await demoRepo.approvalEmails(db.kysely);
    const row = rows.find((sent) => sent.to.includes(email));
    const token = row && new RegExp(`/approve/([A-Za-z0-9_-]+)`).exec(row.text)?.[1];
    if (!token) throw new Error(`no approval link was sent to ${email}`);
    return token;
  }
  const asCustomer = (): Ctx => ({
    actor: staff.actor,
    channel: 'link',
    ip: '203.0.113.24',
    userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Mobile Safari',
  });
  const decide = async (
    c: WorkOrdersDemoCustomer,
    decision: 'approve' | 'decline' | 'request_changes',
    reason?: string,
  ) =>
    approvals.linkDecide(asCustomer(), await linkFor(approverOf(c).email), { decision, ...(reason ? { reason } : {}) });

  async function emergency(
    c: WorkOrdersDemoCustomer,
    o: {
      type:
        'ransomware' | 'business_email_compromise' | 'malware_outbreak' | 'insider_threat' | 'cloud_account_compromise';
      severity: 'P1' | 'P2' | 'P3';
      description: string;
      onsite?: boolean;
      /** Its EWO is approved and the engagement's kickoff starts the remote work (else the firm advises by phone meanwhile). */
      engagement?: boolean;
    },
  ) {
    const created = await services.requests.create(staff, {
      kind: 'emergency',
      contractId: c.contractId,
      incidentType: o.type,
      severity: o.severity,
      onsiteRequired: o.onsite ?? false,
      description: o.description,
      channel: 'hotline',
      receivedAt: new Date(clock.now().getTime() - 20 * 60_000).toISOString(),
      requesterContactId: approverOf(c).contactId,
    });
    // Called back 20 minutes later (the initial contact), then triaged: the IR manager owns it.
    const at = clock.now().toISOString();
    await services.requests.recordContact(staff, created.id, { channel: 'phone', at });
    if (managerIsOwner) await services.requests.assignOwner(staff, created.id, { ownerUserId: managerId });
    // Waiting for the EWO's decision, the firm helps remotely (advice by phone): the explicit action.
    if (!o.engagement) await services.requests.recordMilestone(staff, created.id, { kind: 'remote_start', at });
    return created.id;
  }
  return {
    services,
    now,
    clock,
    workOrders,
    changeOrders,
    approvals,
    staff,
    pick,
    approverOf,
    made,
    decide,
    emergency,
    engagements,
  };
}

type WorkOrdersDemoKit = Awaited<ReturnType<typeof workOrdersDemoKit>>;

/** EWOs expired and declined, and journey 1 (approved, with change orders); returns its approval and on-site arrival. */
async function loadDecidedWorkOrders(kit: WorkOrdersDemoKit) {
  const { now, clock, workOrders, changeOrders, staff, pick, made, decide, emergency } = kit;
  // Expired: sent four days ago, nobody answered within 48 hours.
  const lapsed = pick(1);
  const expired = await workOrders.create(
    staff,
    await emergency(lapsed, {
      type: 'insider_threat',
      severity: 'P3',
      description: 'A departing engineer copied design files to a personal cloud drive.',
    }),
    {},
  );
  await workOrders.send(staff, expired.id);
  made['expired'] = expired.id;

  // Declined, three days ago.
  clock.set(new Date(now.getTime() - 3 * 24 * HOUR));
  const decliner = pick(2);
  const declined = await workOrders.create(
    staff,
    await emergency(decliner, {
      type: 'business_email_compromise',
      severity: 'P3',
      description: 'Suspicious inbox rule on a shared mailbox; no payments affected.',
    }),
    {},
  );
  await workOrders.send(staff, declined.id);
  clock.set(new Date(now.getTime() - 3 * 24 * HOUR + 2 * HOUR));
  await decide(decliner, 'decline', 'Our own SOC has contained it; we will call again if it spreads.');
  made['declined'] = declined.id;

  // Journey 1: Northwind's ransomware at 3 a.m., approved on a phone three minutes after sending; change orders later.
  const northwind = pick(0);
  clock.set(new Date(now.getTime() - 2 * 24 * HOUR));
  const site = Object.values(northwind.sites)[0];
  const ransomwareRequest = await emergency(northwind, {
    type: 'ransomware',
    severity: 'P1',
    onsite: true,
    engagement: true,
    description: 'File servers encrypted; ransom note on every share. Backups status unknown.',
  });
  const ransomware = await workOrders.create(staff, ransomwareRequest, {
    ...(site ? { siteIds: [site] } : { deliveryMode: 'remote' as const }),
    travelEstimate: { amountMinor: 185_000, currency: 'USD' },
  });
  await workOrders.send(staff, ransomware.id);
  clock.set(new Date(now.getTime() - 2 * 24 * HOUR + 3 * 60_000));
  const approved = await decide(northwind, 'approve');
  made['approved'] = ransomware.id;
  // The first consultant reaches the site 9 hours after the call (target 24 h): the staffing demo books him on
  // site and checks him in then, and the check-in records the request's on-site arrival.
  const onsiteArrival =
    approved.engagementId && site
      ? { engagementId: approved.engagementId, at: new Date(now.getTime() - 2 * 24 * HOUR + 9 * HOUR).toISOString() }
      : null;
  if (approved.engagementId) {
    clock.set(new Date(now.getTime() - 24 * HOUR));
    const more = await changeOrders.create(staff, approved.engagementId, {
      reason: 'Lateral movement reached the ERP servers: 12 more hours of forensic analysis.',
      estimateDeltaLines: [{ activity: 'analysis', role: 'forensic lead', minutes: 12 * 60 }],
    });
    await changeOrders.send(staff, more.id);
    clock.set(new Date(now.getTime() - 23 * HOUR));
    await decide(northwind, 'approve');
    clock.set(new Date(now.getTime() - 2 * HOUR));
    const pending = await changeOrders.create(staff, approved.engagementId, {
      reason: 'Executive briefing for the board on Friday.',
      estimateDeltaLines: [{ activity: 'deliverable_preparation', role: 'engagement lead', minutes: 8 * 60 }],
    });
    await changeOrders.send(staff, pending.id);
    made['changeOrderApproved'] = more.id;
    made['changeOrderSent'] = pending.id;
  }

  return { approved, onsiteArrival };
}

/** EWOs sent back for changes, superseded by a second version, and awaiting approval. */
async function loadOpenWorkOrders(kit: WorkOrdersDemoKit, db: Core['db']): Promise<void> {
  const { services, now, clock, workOrders, staff, pick, approverOf, made, decide, emergency } = kit;
  // Sent back for changes, yesterday.
  const picky = pick(3);
  clock.set(new Date(now.getTime() - 30 * HOUR));
  const changes = await workOrders.create(
    staff,
    await emergency(picky, {
      type: 'malware_outbreak',
      severity: 'P2',
      description: 'Commodity loader on six laptops of the sales team.',
    }),
    {},
  );
  await workOrders.send(staff, changes.id);
  clock.set(new Date(now.getTime() - 28 * HOUR));
  await decide(picky, 'request_changes', 'Please cover the two laptops in the Leeds office too, remotely.');
  made['changesRequested'] = changes.id;

  // Superseded: version 1 sent, the firm revised it; version 2 awaits approval.
  const revised = pick(2);
  clock.set(new Date(now.getTime() - 6 * HOUR));
  const sup = await workOrders.create(
    staff,
    await emergency(revised, {
      type: 'malware_outbreak',
      severity: 'P2',
      description: 'EDR alerts on 40 workstations for the same loader.',
    }),
    {},
  );
  await workOrders.send(staff, sup.id);
  clock.set(new Date(now.getTime() - 5 * HOUR));
  await workOrders.update(staff, sup.id, {
    estimateLines: [
      { activity: 'analysis', role: 'forensic lead', minutes: 20 * 60 },
      { activity: 'analysis', role: 'containment lead', minutes: 12 * 60 },
    ],
  });
  await workOrders.send(staff, sup.id);
  made['superseded'] = sup.id;

  // Awaiting approval: a proactive tabletop exercise, sent an hour ago.
  const planner = pick(1);
  clock.set(new Date(now.getTime() - HOUR));
  const tabletop = (await catalogRepo.list(db.kysely, { kind: 'proactive', active: true, limit: 100 })).find(
    (i) => i.name === 'Tabletop exercise',
  );
  if (tabletop) {
    const lead = await services.requests.leadTime(staff, {
      contractId: planner.contractId,
      catalogItemId: tabletop.id,
    });
    const wished = earliestStart(now, 42, planner.timeZone);
    const created = await services.requests.create(staff, {
      kind: 'proactive',
      contractId: planner.contractId,
      catalogItemId: tabletop.id,
      onsiteRequired: true,
      channel: 'email',
      requesterContactId: approverOf(planner).contactId,
      description: 'Tabletop exercise for the board: ransomware scenario with a patient-data angle, in German.',
      desiredStart: wished > lead.earliestStart ? wished : lead.earliestStart,
    });
    const plannerSite = Object.values(planner.sites)[0];
    const sent = await workOrders.create(
      staff,
      created.id,
      plannerSite ? { siteIds: [plannerSite] } : { deliveryMode: 'remote' },
    );
    await workOrders.send(staff, sent.id);
    made['sent'] = sent.id;
  }
}

// Engagements in every state: earlier emergencies, approved by their points of contact, now in progress,
// delivering, on hold or cancelled; one with a small estimate under a high minimum closes with a true-up
// once the engagements demo has logged its effort.
async function loadEngagementStates(kit: WorkOrdersDemoKit, journeyEngagementId: string | null): Promise<void> {
  const { services, now, clock, workOrders, staff, pick, made, decide, emergency, engagements } = kit;
  // Each engagement starts 30 minutes after its approval (the journey's three minutes after sending + 30).
  const kickoffAt = new Map<string, Date>();
  if (journeyEngagementId) kickoffAt.set(journeyEngagementId, new Date(now.getTime() - 2 * 24 * HOUR + 33 * 60_000));
  async function approvedEngagement(
    c: WorkOrdersDemoCustomer,
    daysAgo: number,
    o: Parameters<typeof emergency>[1],
    edit: Parameters<typeof workOrders.update>[2] = {},
  ): Promise<string | null> {
    clock.set(new Date(now.getTime() - daysAgo * 24 * HOUR));
    const draft = await workOrders.create(staff, await emergency(c, o), { deliveryMode: 'remote' });
    if (Object.keys(edit).length) await workOrders.update(staff, draft.id, edit);
    await workOrders.send(staff, draft.id);
    clock.set(new Date(now.getTime() - daysAgo * 24 * HOUR + 15 * 60_000));
    const decision = await decide(c, 'approve');
    if (decision.engagementId) kickoffAt.set(decision.engagementId, new Date(clock.now().getTime() + 30 * 60_000));
    return decision.engagementId ?? null;
  }
  const lines = (hours: number) => [{ activity: 'analysis' as const, role: 'forensic lead', minutes: hours * 60 }];
  const states: [string | null, ('in_progress' | 'delivering' | 'on_hold' | 'cancelled')[]][] = [
    [journeyEngagementId, ['in_progress']],
    [
      await approvedEngagement(
        pick(2),
        11,
        {
          type: 'business_email_compromise',
          severity: 'P2',
          engagement: true,
          description: 'Wire-fraud attempt through a compromised finance mailbox.',
        },
        { estimateLines: lines(6), minimumBillable: 16 * 60 },
      ),
      ['in_progress'],
    ],
    [
      await approvedEngagement(
        pick(3),
        9,
        {
          type: 'malware_outbreak',
          severity: 'P3',
          engagement: true,
          description: 'Info-stealer on two developer laptops; credentials to rotate.',
        },
        { estimateLines: lines(20) },
      ),
      ['in_progress', 'delivering'],
    ],
    [
      await approvedEngagement(
        pick(0),
        7,
        {
          type: 'insider_threat',
          severity: 'P3',
          engagement: true,
          description: 'Contractor account used outside working hours; HR investigation.',
        },
        { estimateLines: lines(24) },
      ),
      ['in_progress', 'on_hold'],
    ],
    [
      await approvedEngagement(
        pick(1),
        1,
        {
          type: 'cloud_account_compromise',
          severity: 'P3',
          description: 'Suspicious sign-ins to the tenant admin account from abroad.',
        },
        { estimateLines: lines(12) },
      ),
      [],
    ],
    [
      await approvedEngagement(
        pick(0),
        5,
        {
          type: 'business_email_compromise',
          severity: 'P3',
          description: 'Phishing wave; the customer contained it before work started.',
        },
        { estimateLines: lines(4) },
      ),
      ['cancelled'],
    ],
  ];
  clock.set(now);
  for (const [id, path] of states) {
    if (!id) continue;
    for (const to of path) {
      const kickoff = to === 'in_progress' ? kickoffAt.get(id) : undefined;
      if (kickoff) {
        // The kickoff on the demo's clock: it records the request's remote start then.
        clock.set(kickoff);
        await engagements.transition(staff, id, { to });
        clock.set(now);
      } else if (to === 'cancelled')
        await services.closing.cancel(staff, id, {
          reason: 'The customer contained the incident before work started.',
        });
      else
        await services.engagements.transition(staff, id, {
          to,
          reason: to === 'on_hold' ? 'Waiting for the customer to restore VPN access for the team.' : undefined,
        });
    }
    made[`engagement:${path.at(-1) ?? 'scheduled'}`] = id;
  }
}

/**
 * Loads EWOs in every state: a draft, one awaiting approval, one approved (journey 1: Northwind's
 * ransomware, its engagement and 40 h reserved, a change order of 12 h approved and another awaiting a
 * decision), one declined, one sent back for changes, one superseded by a second version awaiting
 * approval, and one expired. Decisions go through the signed links, as a customer would take them.
 * Times are relative to the core's clock (a clock of its own dates the sending in the past).
 */
export async function loadWorkOrdersDemo(
  core: Core,
  demo: { customers: WorkOrdersDemoCustomer[]; requests?: Record<string, string> },
): Promise<{ summary: string; workOrders: Record<string, string>; onsiteArrival: OnsiteArrival | null }> {
  if (demo.customers.length === 0)
    return { summary: 'no work orders (no demo customers)', workOrders: {}, onsiteArrival: null };
  const kit = await workOrdersDemoKit(core, demo.customers);
  const { approved, onsiteArrival } = await loadDecidedWorkOrders(kit);
  await loadOpenWorkOrders(kit, core.db);
  await loadEngagementStates(kit, approved.engagementId ?? null);
  const { now, clock, workOrders, approvals, staff, pick, made, emergency } = kit;
  // A draft: the request the requests demo left in EWO drafting, else a new emergency.
  clock.set(now);
  const draftRequest =
    demo.requests?.['proactiveEwoDrafting'] ??
    (await emergency(pick(3), {
      type: 'ransomware',
      severity: 'P2',
      description: 'One file server encrypted; contained by the customer.',
    }));
  made['draft'] = (await workOrders.create(staff, draftRequest, {})).id;

  // The deadline of the expired one passed: the job expires it now.
  await approvals.expireDue();
  return {
    summary: `work orders and change orders in every state (draft, sent, approved with change orders, declined, changes requested, superseded, expired) and engagements scheduled, in progress, delivering, on hold and cancelled`,
    workOrders: made,
    onsiteArrival,
  };
}
