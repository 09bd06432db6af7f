import { afterEach, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../shared/clock.ts';
import { ContractSettings } from '../../shared/contracts/contract-settings.ts';
import { createBalanceCache, type BalanceCache, type LedgerWithDaily } from './balance-cache.ts';
import type { LockedLedger } from './ledger.repo.ts';

const head = (contractId: string, o: Partial<LockedLedger> = {}): LedgerWithDaily => ({
  contract_id: contractId,
  last_seq: 1,
  last_hash: 'h1',
  granted: 600,
  topped_up: 0,
  rolled_over_in: 0,
  adjusted: 0,
  consumed: 0,
  minimum_true_ups: 0,
  expired: 0,
  rolled_over_out: 0,
  reserved: 0,
  updated_at: new Date('2026-06-01T00:00:00Z'),
  number: `C-${contractId}`,
  status: 'active',
  unit: 'hours',
  settings: ContractSettings.parse({}),
  term_start: '2026-01-01',
  term_end: '2026-12-31',
  customer_id: 'cus_1',
  customer_name: 'Acme',
  organization_id: 'org_1',
  time_zone: 'Europe/Berlin',
  daily: [],
  ...o,
});

describe('balance cache', () => {
  const clock = createFakeClock('2026-06-01T12:00:00Z');
  /** What the database holds now, as the poll's query would read it. */
  let db = new Map<string, LockedLedger>();
  let checks = 0;
  let failing = false;
  let cache: BalanceCache;
  const make = () =>
    (cache = createBalanceCache({
      clock,
      pollMs: 3_600_000,
      maxAgeMs: 1000,
      maxEntries: 3,
      check: async (ids) => {
        checks++;
        if (failing) throw new Error('database unreachable');
        return ids.flatMap((id) => (db.has(id) ? [db.get(id)!] : []));
      },
    }));
  let loads = 0;
  const load = (id: string) => async () => {
    loads++;
    const h = db.get(id);
    return h && { ...h, daily: [] };
  };
  afterEach(() => {
    cache.close();
    db = new Map();
    loads = checks = 0;
    failing = false;
  });

  it('answers from memory until the database says the head changed', async () => {
    make();
    db.set('a', head('a'));
    expect((await cache.get('a', load('a')))?.ledger.last_seq).toBe(1);
    expect((await cache.get('a', load('a')))?.ledger.last_seq).toBe(1);
    expect(loads).toBe(1);
    clock.advance(500);
    await cache.confirm(); // unchanged: confirmed as of now
    expect((await cache.get('a', load('a')))?.asOf).toEqual(clock.now());
    db.set('a', head('a', { last_seq: 2, last_hash: 'h2', topped_up: 60 }));
    await cache.confirm(); // another process posted: dropped
    expect((await cache.get('a', load('a')))?.ledger.topped_up).toBe(60);
    expect(loads).toBe(2);
  });

  it('drops a head whose contract or customer changed, not only its ledger', async () => {
    make();
    db.set('a', head('a'));
    db.set('b', head('b'));
    await cache.get('a', load('a'));
    await cache.get('b', load('b'));
    db.set('a', head('a', { status: 'terminated' }));
    db.set('b', head('b', { time_zone: 'Pacific/Auckland' }));
    await cache.confirm();
    expect(cache.size).toBe(0);
  });

  it('stops answering from memory when confirmations stop (the database is unreachable)', async () => {
    make();
    db.set('a', head('a'));
    await cache.get('a', load('a'));
    failing = true;
    await cache.confirm();
    expect(cache.size).toBe(0);
    failing = false;
    await cache.get('a', load('a'));
    clock.advance(1001); // no confirmation for longer than maxAgeMs: loaded again
    await cache.get('a', load('a'));
    expect(loads).toBe(3);
  });

  it('never keeps a head loaded while it was being forgotten', async () => {
    make();
    db.set('a', head('a'));
    let release!: () => void;
    const slow = async () => {
      const h = { ...db.get('a')!, daily: [] };
      await new Promise<void>((r) => (release = r));
      return h;
    };
    const pending = cache.get('a', slow);
    await Promise.resolve();
    db.set('a', head('a', { last_seq: 2 })); // a posting of this process commits meanwhile...
    cache.forget('a'); // ...and forgets the contract after its transaction
    release();
    expect((await pending)?.ledger.last_seq).toBe(1); // that read answers what it read
    expect(cache.size).toBe(0); // but does not keep it
    expect((await cache.get('a', load('a')))?.ledger.last_seq).toBe(2);
  });

  it('forgets per contract and per customer, and holds at most maxEntries', async () => {
    make();
    for (const id of ['a', 'b', 'c']) db.set(id, head(id, { customer_id: id === 'c' ? 'cus_2' : 'cus_1' }));
    for (const id of ['a', 'b', 'c']) await cache.get(id, load(id));
    cache.forgetCustomer('cus_1');
    expect(cache.size).toBe(1);
    cache.forget('c');
    expect(cache.size).toBe(0);
    for (const id of ['d', 'e', 'f', 'g']) {
      db.set(id, head(id));
      await cache.get(id, load(id));
    }
    expect(cache.size).toBe(3);
    expect(await cache.get('missing', load('missing'))).toBeUndefined();
    expect(checks).toBe(0);
  });
});
