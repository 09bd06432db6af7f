import { DateTime } from 'luxon';
import type { LedgerEntry } from '../../shared/contracts/ledger.ts';
import { labels, ledgerReferenceText } from '../../shared/labels.ts';
import type { CsvCell } from '../../shared/csv.ts';
import { actorName } from '../../shared/names.ts';
import type { LedgerUnit } from '../../shared/units.ts';
import type { Ctx } from '../context.ts';
import { entries } from './entries.ts';
import type { LedgerDeps } from './ledger.deps.ts';
import { ledgerRepo } from './ledger.repo.ts';
import { entryEffects, type EntryEffect } from './ledger.rules.ts';

/**
 * The ledger as a spreadsheet a customer's finance team reads: labels, engagement numbers, dates and
 * times in the customer's time zone, and each entry's signed effect on the balance and on what is
 * reserved (summing those columns over the whole ledger gives the balance and the reservations).
 */
export const ledgerCsvColumns = [
  'No.',
  'Date',
  'Time',
  'Time zone',
  'Kind',
  'Amount',
  'Unit',
  'Amount shown',
  'Balance effect',
  'Reserved effect',
  'Engagement',
  'Reverses No.',
  'Reference',
  'Reason',
  'Overage',
  'Balance after',
  'Reserved after',
  'Available after',
  'Recorded by',
  'Price',
  'Price currency',
  'Purchase order',
  'Hash',
] as const;

const unitNames: Record<LedgerUnit, string> = { minute: 'minutes', centiunit: 'hundredths of a service unit' };

function csvRow(
  e: LedgerEntry,
  effect: EntryEffect,
  timeZone: string,
  engagementNumbers: Map<string, string>,
  seqOf: Map<string, number>,
): CsvCell[] {
  const at = DateTime.fromISO(e.createdAt, { zone: timeZone });
  return [
    e.seq,
    at.toFormat('yyyy-LL-dd'),
    at.toFormat('HH:mm'),
    timeZone,
    labels.ledgerKind[e.kind],
    e.amount.amount,
    unitNames[e.amount.unit],
    e.amount.display,
    effect.balance,
    effect.reserved,
    e.engagementId ? (engagementNumbers.get(e.engagementId) ?? '') : '',
    e.reversesId ? (seqOf.get(e.reversesId) ?? '') : '',
    e.reference ? ledgerReferenceText(e.reference) : e.reference,
    e.reason,
    e.overage.amount,
    e.balanceAfter.amount,
    e.reservedAfter.amount,
    e.availableAfter.amount,
    actorName(e.createdBy),
    e.price?.price ? e.price.price.display : e.price ? 'not recorded' : '',
    e.price?.price?.currency ?? '',
    e.price?.purchaseOrder ?? '',
    e.hash,
  ];
}

/** The CSV export of a contract's ledger, filtered like the JSON list (the effects always come from the whole chain). */
export async function ledgerCsv(
  deps: LedgerDeps,
  ctx: Ctx,
  contractId: string,
  filter: { kind?: string; from?: string; to?: string },
): Promise<{ filename: string; columns: readonly string[]; rows: CsvCell[][] }> {
  const chain = await entries(deps, ctx, contractId, { all: true });
  const filtered = filter.kind || filter.from || filter.to;
  const shown = filtered ? await entries(deps, ctx, contractId, { ...filter, all: true }) : chain;
  const effects = entryEffects(
    chain.items.map((e) => ({
      id: e.id,
      kind: e.kind,
      amount: e.amount.amount,
      engagementId: e.engagementId,
      reversesId: e.reversesId,
    })),
  );
  const effectOf = new Map(chain.items.map((e, i) => [e.id, effects[i]!]));
  const seqOf = new Map(chain.items.map((e) => [e.id, e.seq]));
  const engagementIds = [...new Set(shown.items.flatMap((e) => (e.engagementId ? [e.engagementId] : [])))];
  const numbers = await ledgerRepo.engagementNumbers(deps.db.kysely, engagementIds);
  return {
    filename: `ledger-${chain.contractNumber}.csv`,
    columns: ledgerCsvColumns,
    rows: shown.items.map((e) => csvRow(e, effectOf.get(e.id)!, chain.timeZone, numbers, seqOf)),
  };
}
