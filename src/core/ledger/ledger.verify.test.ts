import { describe, expect, it } from 'vitest';
import { entryHash, type ChainedEntry, type EntryBody } from './ledger.chain.ts';
import { applyEffect, balanceOf, effectOf, emptyTotals, type ReservationSums } from './ledger.rules.ts';
import type { LedgerKind } from './ledger.tables.ts';
import { verifyLedgerExport } from './ledger.verify.ts';

type Spec = { kind: LedgerKind; amount: number; engagementId?: string; reversesSeq?: number };

/** Builds a correct export the way the service does: running balances, then the chained hash. */
function build(specs: Spec[], contractId = 'ctr_1'): { contractId: string; unit: 'hours'; entries: ChainedEntry[] } {
  const entries: ChainedEntry[] = [];
  let totals = emptyTotals;
  const res = new Map<string, ReservationSums>();
  specs.forEach((s, i) => {
    const reversed = s.reversesSeq ? entries[s.reversesSeq - 1] : undefined;
    const effect = effectOf(
      { kind: s.kind, amount: reversed?.amount ?? s.amount, engagementId: s.engagementId ?? null },
      reversed,
    );
    const next = applyEffect(totals, effect.engagementId ? (res.get(effect.engagementId) ?? null) : null, effect);
    totals = next.totals;
    if (effect.engagementId && next.reservation) res.set(effect.engagementId, next.reservation);
    const body: EntryBody = {
      seq: i + 1,
      id: `led_${i + 1}`,
      contractId,
      kind: s.kind,
      amount: reversed?.amount ?? s.amount,
      engagementId: effect.engagementId,
      reversesId: reversed?.id ?? null,
      reference: null,
      reason: null,
      idempotencyKey: null,
      overage: 0,
      balanceAfter: balanceOf(totals),
      reservedAfter: totals.reserved,
      createdBy: 'test',
      createdAt: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
      prevHash: entries.at(-1)?.hash ?? null,
    };
    entries.push({ ...body, hash: entryHash(body) });
  });
  return { contractId, unit: 'hours', entries };
}

const story: Spec[] = [
  { kind: 'grant', amount: 6000 },
  { kind: 'top_up', amount: 2400 },
  { kind: 'reserve', amount: 2400, engagementId: 'eng_a' },
  { kind: 'consume', amount: 900, engagementId: 'eng_a' },
  { kind: 'consume', amount: 60, engagementId: 'eng_a' },
  { kind: 'reversal', amount: 0, reversesSeq: 5 },
  { kind: 'release', amount: 1500, engagementId: 'eng_a' },
  { kind: 'adjustment', amount: -100 },
];

/** Recomputes every hash from `from` on, as a forger would to hide a change. */
function rehash(doc: ReturnType<typeof build>, from = 0): void {
  for (let i = from; i < doc.entries.length; i++) {
    const { hash: _h, ...body } = doc.entries[i]!;
    body.prevHash = i === 0 ? null : doc.entries[i - 1]!.hash;
    doc.entries[i] = { ...body, hash: entryHash(body) };
  }
}

describe('offline ledger verification', () => {
  it('accepts an intact chain and replays its balance', () => {
    const doc = build(story);
    const r = verifyLedgerExport(JSON.parse(JSON.stringify(doc)));
    expect(r).toMatchObject({ ok: true, entries: 8, balance: 6000 + 2400 - 900 - 100, brokenAt: null, problems: [] });
    expect(r.headHash).toBe(doc.entries[7]!.hash);
  });

  it('finds a changed amount at its entry', () => {
    const doc = build(story);
    doc.entries[1]!.amount = 24000;
    const r = verifyLedgerExport(doc);
    expect(r.ok).toBe(false);
    expect(r.brokenAt).toMatchObject({ position: 2, seq: 2, id: 'led_2' });
    expect(r.brokenAt?.message).toMatch(/hash does not match/);
    expect(r.headHash).toBeNull();
  });

  it('finds a change even when the forger recomputes every hash: the amounts no longer add up', () => {
    const doc = build(story);
    doc.entries[3]!.amount = 90;
    rehash(doc, 3);
    const r = verifyLedgerExport(doc);
    expect(r.ok).toBe(false);
    expect(r.brokenAt).toMatchObject({ seq: 4 });
    expect(r.brokenAt?.message).toMatch(/balanceAfter is 7500, but the entries up to here add up to 8310/);
  });

  it('finds a removed, a reordered and an added entry', () => {
    const removed = build(story);
    removed.entries.splice(2, 1);
    expect(verifyLedgerExport(removed).brokenAt).toMatchObject({ position: 3, seq: 4 });

    const reordered = build(story);
    [reordered.entries[5], reordered.entries[6]] = [reordered.entries[6]!, reordered.entries[5]!];
    expect(verifyLedgerExport(reordered).brokenAt).toMatchObject({ position: 6 });

    const added = build(story);
    const extra = { ...added.entries[1]!, id: 'led_x' };
    added.entries.splice(2, 0, extra);
    expect(verifyLedgerExport(added).brokenAt).toMatchObject({ position: 3 });
  });

  it('finds an added field and an entry of another contract', () => {
    const doc = build(story);
    (doc.entries[0] as unknown as Record<string, unknown>)['note'] = 'harmless?';
    expect(verifyLedgerExport(doc).brokenAt).toMatchObject({ position: 1, message: expect.stringMatching(/hash/) });
    const other = build(story);
    other.contractId = 'ctr_2';
    expect(verifyLedgerExport(other).brokenAt?.message).toMatch(/belongs to contract ctr_1, not ctr_2/);
  });

  it('says when a file is not a ledger export at all', () => {
    expect(verifyLedgerExport({ hello: 'world' })).toMatchObject({
      ok: false,
      brokenAt: { message: expect.stringMatching(/not a ledger export/) },
    });
    const doc = build(story) as unknown as { entries: Record<string, unknown>[] };
    doc.entries[4]!['amount'] = '60';
    expect(verifyLedgerExport(doc).brokenAt).toMatchObject({
      position: 5,
      message: expect.stringMatching(/not a ledger export: entries\.4\.amount/),
    });
  });
});
