import { DateTime } from 'luxon';
import type { Core } from '../core/core.ts';
import { createFakeClock } from '../shared/clock.ts';
import { systemCtx, type Ctx } from '../core/context.ts';
import { noBalanceCache } from '../core/ledger/balance-cache.ts';
import { createLedgerService, type LedgerService } from '../core/ledger/ledger.service.ts';
import { contractsRepo } from '../core/contracts/contracts.repo.ts';
import { createContractsService, type ContractsService } from '../core/contracts/contracts.service.ts';
import type { NewContract } from '../core/contracts/create-contract.ts';
import { createCommerceService, type CommerceService } from '../core/commerce/commerce.service.ts';
import { DEMO_CONTRACT_WITHOUT_TERMS, demoTerms } from './terms.ts';

/** The demo customers this loader knows (src/demo/customers.ts); missing ones are skipped. */
export type DemoCustomerKey = 'northwind' | 'contoso' | 'fabrikam' | 'litware';
export type DemoCustomers = Partial<Record<DemoCustomerKey, { customerId: string }>>;

export interface ContractsDemo {
  contracts: Record<string, string>;
  summary: string;
}

/** What the steps of the contracts demo share: services on a clock of their own, and the contracts made. */
interface DemoKit {
  db: Core['db'];
  ids: Core['ids'];
  now: Date;
  clock: ReturnType<typeof createFakeClock>;
  ledger: LedgerService;
  contracts: ContractsService;
  commerce: CommerceService;
  ctx: Ctx;
  made: Record<string, string>;
}

/** A day relative to today in a zone, at a local hour. */
const day = (kit: DemoKit, tz: string, offsetDays: number, hour = 10) =>
  DateTime.fromJSDate(kit.now, { zone: tz }).startOf('day').plus({ days: offsetDays, hours: hour });
/** The date alone of a day relative to today. */
const date = (kit: DemoKit, tz: string, offsetDays: number) => day(kit, tz, offsetDays).toISODate()!;
/** Sets the demo's clock to a day relative to today, at a local hour. */
const at = (kit: DemoKit, tz: string, offsetDays: number, hour = 10) =>
  kit.clock.set(day(kit, tz, offsetDays, hour).toJSDate());

/** One engagement's story: reserved on approval, consumed as effort is logged, the rest released at close. */
async function engagement(
  kit: DemoKit,
  contractId: string,
  tz: string,
  o: { approved: number; reserve: number; effort: [number, number][]; closed?: number },
) {
  const { db, ids, ledger, ctx } = kit;
  const engagementId = ids.next('eng');
  at(kit, tz, o.approved, 9);
  await db.transaction((trx) =>
    ledger.reserve(trx, ctx, { contractId, engagementId, amount: o.reserve, reference: 'EWO approved' }),
  );
  for (const [offset, amount] of o.effort) {
    at(kit, tz, offset, 18);
    await db.transaction((trx) => ledger.consume(trx, ctx, { contractId, engagementId, amount, reference: 'effort' }));
  }
  if (o.closed !== undefined) {
    at(kit, tz, o.closed, 17);
    await db.transaction((trx) =>
      ledger.release(trx, ctx, { contractId, engagementId, amount: 'rest', reference: 'engagement closed' }),
    );
  }
}

/** Records a demo contract's commercial terms (src/demo/terms.ts), when it has some, on the day it is made. */
async function keep(kit: DemoKit, number: string, id: string): Promise<void> {
  kit.made[number] = id;
  const terms = demoTerms[number];
  if (terms) await kit.commerce.setTerms(kit.ctx, id, terms);
}

/** A retainer of a customer whose term runs from `from` to `to` days relative to today, created on its first day. */
async function retainer(
  kit: DemoKit,
  customer: { customerId: string },
  tz: string,
  number: string,
  from: number,
  to: number,
  more: Partial<NewContract> = {},
) {
  at(kit, tz, from);
  const created = await kit.contracts.create(kit.ctx, {
    customerId: customer.customerId,
    number,
    termStart: date(kit, tz, from),
    termEnd: date(kit, tz, to),
    unit: 'hours',
    ...more,
  });
  await keep(kit, number, created.id);
  return created;
}

/** Northwind: hours, two closed engagements, a PO top-up, one engagement running. */
async function loadNorthwind(kit: DemoKit, northwind: { customerId: string }): Promise<void> {
  const { ledger, ctx } = kit;
  const tz = 'America/Chicago';
  const contract = await retainer(kit, northwind, tz, 'NW-IMR-2026', -130, 234, { initialAmount: 160 * 60 });
  await engagement(kit, contract.id, tz, {
    approved: -110,
    reserve: 24 * 60,
    effort: [
      [-109, 8 * 60],
      [-108, 10 * 60],
      [-106, 4 * 60],
    ],
    closed: -100,
  });
  await engagement(kit, contract.id, tz, {
    approved: -60,
    reserve: 20 * 60,
    effort: [
      [-45, 6 * 60],
      [-44, 8 * 60],
      [-43, 4 * 60],
    ],
    closed: -40,
  });
  // Bought at the contract's top-up rate, against the customer's purchase order 4711.
  at(kit, tz, -20, 11);
  await ledger.topUp(ctx, contract.id, {
    amount: 40 * 60,
    reference: 'PO 4711',
    price: { amountMinor: 40 * demoTerms['NW-IMR-2026']!.topupRateMinor!, currency: 'USD' },
    purchaseOrder: '4711',
  });
  await engagement(kit, contract.id, tz, {
    approved: -6,
    reserve: 40 * 60,
    effort: [
      [-5, 4 * 60],
      [-3, 6 * 60],
    ],
  });
}

/** Contoso: a pilot terminated, then a service-unit retainer with fixed-price engagements. */
async function loadContoso(kit: DemoKit, contoso: { customerId: string }): Promise<void> {
  const { contracts, ctx } = kit;
  const tz = 'Europe/Berlin';
  const pilot = await retainer(kit, contoso, tz, 'CH-PILOT-2025', -200, 165, { initialAmount: 20 * 60 });
  at(kit, tz, -95);
  await contracts.terminate(ctx, pilot.id, 'Replaced by the service-unit retainer CH-SU-2026.');
  const contract = await retainer(kit, contoso, tz, 'CH-SU-2026', -95, 270, {
    unit: 'service_units',
    unitsPerHour: '1.5',
    initialAmount: 12_000,
    settings: { minimumBillable: { emergency: 600, proactive: 800 } },
  });
  // A medium tabletop exercise at a fixed 16 units, and an IR plan review at 8.
  await engagement(kit, contract.id, tz, { approved: -80, reserve: 1600, effort: [[-40, 1600]], closed: -39 });
  await engagement(kit, contract.id, tz, { approved: -30, reserve: 800, effort: [] });
}

/** Fabrikam: 78 % consumed, having crossed 75 % this month. */
async function loadFabrikam(kit: DemoKit, fabrikam: { customerId: string }): Promise<void> {
  const tz = 'America/New_York';
  const contract = await retainer(kit, fabrikam, tz, 'FB-IMR-2026', -150, 215, { initialAmount: 200 * 60 });
  await engagement(kit, contract.id, tz, {
    approved: -140,
    reserve: 60 * 60,
    effort: [
      [-138, 20 * 60],
      [-136, 22 * 60],
      [-133, 14 * 60],
    ],
    closed: -130,
  });
  await engagement(kit, contract.id, tz, {
    approved: -70,
    reserve: 40 * 60,
    effort: [
      [-68, 16 * 60],
      [-66, 20 * 60],
    ],
    closed: -60,
  });
  await engagement(kit, contract.id, tz, {
    approved: -12,
    reserve: 48 * 60,
    effort: [
      [-10, 24 * 60],
      [-4, 40 * 60],
    ],
    closed: -2,
  });
}

/** Litware: last year's contract expired and rolled 25 % over; the current one ends in 58 days, renewed as a draft. */
async function loadLitware(kit: DemoKit, litware: { customerId: string }): Promise<void> {
  const { contracts, ctx } = kit;
  const tz = 'Europe/London';
  const lastEnd = 58 - 365;
  const old = await retainer(kit, litware, tz, 'LW-IMR-2025', lastEnd - 364, lastEnd, {
    initialAmount: 100 * 60,
    settings: { expiryPolicy: { mode: 'rollover', percent: 25 } },
  });
  await engagement(kit, old.id, tz, {
    approved: lastEnd - 200,
    reserve: 60 * 60,
    effort: [
      [lastEnd - 190, 30 * 60],
      [lastEnd - 185, 30 * 60],
    ],
    closed: lastEnd - 180,
  });
  at(kit, tz, lastEnd - 30);
  const current = await contracts.renew(ctx, old.id, {
    number: 'LW-IMR-2026',
    termEnd: date(kit, tz, 58),
    initialAmount: 100 * 60,
  });
  await keep(kit, 'LW-IMR-2026', current.id);
  at(kit, tz, lastEnd + 1, 1);
  await contracts.processTermEnds();
  await engagement(kit, current.id, tz, {
    approved: -120,
    reserve: 50 * 60,
    effort: [
      [-118, 20 * 60],
      [-115, 30 * 60],
    ],
    closed: -110,
  });
  await engagement(kit, current.id, tz, { approved: -40, reserve: 30 * 60, effort: [[-35, 30 * 60]], closed: -30 });
  at(kit, tz, -7);
  const draft = await contracts.renew(ctx, current.id, {
    number: 'LW-IMR-2027',
    initialAmount: 80 * 60,
    status: 'draft',
  });
  await keep(kit, 'LW-IMR-2027', draft.id);
}

/**
 * Retainers for the demo customers with a few months of ledger history, in the states a visitor should
 * see: Northwind (hours, 120 h available, a top-up priced against PO 4711), Contoso (service units; an early pilot
 * terminated), Fabrikam (78 % consumed: it crossed 75 % this month), Litware (30 h left, term ends in
 * 58 days, renewed as a draft; last year's contract expired and rolled 25 % over). Each contract gets its
 * commercial terms (src/demo/terms.ts: USD, EUR or GBP) through the commerce service when it is made, before
 * any top-up, except Contoso's terminated pilot, which billing lists as "terms missing". Postings are dated in
 * the past by a clock of their own. Engagement ids on reservations are placeholders until engagements
 * exist. Returns early when the demo contracts exist already.
 */
export async function loadContractsDemo(core: Core, customers: DemoCustomers): Promise<ContractsDemo> {
  const { db, services, config, ids } = core;
  if (await contractsRepo.numberTaken(db.kysely, 'NW-IMR-2026'))
    return { contracts: {}, summary: 'demo contracts already present' };
  const now = core.clock.now();
  const clock = createFakeClock(now);
  const ledger = createLedgerService({
    db,
    clock,
    ids,
    audit: services.audit,
    outbox: services.outbox,
    publicUrl: config.publicUrl,
    balances: noBalanceCache(clock),
  });
  const contracts = createContractsService({ db, clock, ids, audit: services.audit, ledger });
  const commerce = createCommerceService({ db, clock, audit: services.audit });
  const kit: DemoKit = { db, ids, now, clock, ledger, contracts, commerce, ctx: systemCtx('demo'), made: {} };
  if (customers.northwind) await loadNorthwind(kit, customers.northwind);
  if (customers.contoso) await loadContoso(kit, customers.contoso);
  if (customers.fabrikam) await loadFabrikam(kit, customers.fabrikam);
  if (customers.litware) await loadLitware(kit, customers.litware);
  const { made, ctx } = kit;

  const states: string[] = [];
  let entries = 0;
  for (const id of Object.values(made)) {
    states.push((await contractsRepo.byId(db.kysely, id))!.status);
    entries += (await ledger.balance(ctx, id)).entries;
  }
  const count = (s: string) => states.filter((x) => x === s).length;
  return {
    contracts: made,
    summary: `${states.length} contracts (${count('active')} active, ${count('draft')} draft, ${count('expired')} expired, ${count('terminated')} terminated) with ${entries} ledger entries over the last months, all but ${DEMO_CONTRACT_WITHOUT_TERMS} with commercial terms`,
  };
}
