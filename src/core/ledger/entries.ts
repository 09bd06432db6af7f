import { DateTime } from 'luxon';
import type { LedgerEntry, LedgerExport } from '../../shared/contracts/ledger.ts';
import { AppError } from '../../shared/errors.ts';
import { commercePolicy } from '../commerce/commerce.policy.ts';
import { commerceRepo } from '../commerce/commerce.repo.ts';
import { topupPriceView } from '../commerce/commerce.views.ts';
import type { ContractUnit } from '../../shared/units.ts';
import type { Ctx } from '../context.ts';
import { cursorOf, toPage, type Page } from '../pagination.ts';
import { bodyOf, HASH_RULE, type ChainedEntry } from './ledger.chain.ts';
import type { LedgerDeps } from './ledger.deps.ts';
import { ledgerRepo } from './ledger.repo.ts';
import { ledgerKinds, type LedgerKind } from './ledger.tables.ts';
import { rowToBody, toEntryView } from './ledger.views.ts';
import { ledgerFor } from './post.ts';

/** Ledger pages continue after the last entry's place in its contract's chain (the benchmarks build one). */
export const ledgerPageCursor = cursorOf('int');

/** The kinds asked for (comma-separated), each a ledger kind; undefined for all. */
function kindsOf(kind: string | undefined): LedgerKind[] | undefined {
  const kinds = kind ? kind.split(',').map((k) => k.trim()) : undefined;
  const unknown = kinds?.filter((k) => !(ledgerKinds as readonly string[]).includes(k)) ?? [];
  if (unknown.length) {
    throw new AppError(
      'VALIDATION_FAILED',
      `Unknown ledger kind ${unknown.join(', ')}: use ${ledgerKinds.join(', ')}.`,
      {
        errors: [{ path: 'querystring.kind', message: `unknown kind ${unknown.join(', ')}` }],
      },
    );
  }
  return kinds as LedgerKind[] | undefined;
}

/** Ledger entries in chain order, filtered by kind and by days (customer time zone), cursor-paginated (or all, for CSV). */
export async function entries(
  deps: LedgerDeps,
  ctx: Ctx,
  contractId: string,
  filter: { kind?: string; from?: string; to?: string; cursor?: string; limit?: number; all?: boolean },
): Promise<Page<LedgerEntry> & { unit: ContractUnit; contractNumber: string; timeZone: string }> {
  const { db } = deps;
  const ledger = await ledgerFor(deps, db.kysely, ctx, contractId, 'read');
  const kinds = kindsOf(filter.kind);
  const dayStart = (day: string) => DateTime.fromISO(day, { zone: ledger.time_zone }).startOf('day').toJSDate();
  const afterSeq = ledgerPageCursor.decode(filter.cursor)?.[0];
  const limit = filter.limit ?? 50;
  const rows = await ledgerRepo.entries(db.kysely, contractId, {
    ...(kinds ? { kinds } : {}),
    ...(filter.from ? { from: dayStart(filter.from) } : {}),
    ...(filter.to ? { to: dayStart(DateTime.fromISO(filter.to).plus({ days: 1 }).toISODate()!) } : {}),
    ...(afterSeq !== undefined ? { afterSeq } : {}),
    ...(filter.all ? {} : { limit: limit + 1 }),
  });
  const page = filter.all ? { items: rows, nextCursor: null } : toPage(rows, limit, ledgerPageCursor, (r) => [r.seq]);
  const topUpIds = page.items.filter((r) => r.kind === 'top_up').map((r) => r.id);
  // Prices are read only for readers who see money, and only when the page holds top-ups.
  const prices =
    topUpIds.length && commercePolicy.seesMoney(ctx.actor)
      ? await commerceRepo.readTopupPrices(db.kysely, contractId, topUpIds)
      : null;
  return {
    items: page.items.map((r) => {
      const view = toEntryView(r, ledger.unit);
      return prices && r.kind === 'top_up' ? { ...view, price: topupPriceView(prices.get(r.id)) } : view;
    }),
    nextCursor: page.nextCursor,
    unit: ledger.unit,
    contractNumber: ledger.number,
    timeZone: ledger.time_zone,
  };
}

/** The whole chain as a self-verifiable document (see HASH_RULE); `imr ledger verify` checks it offline. */
export async function exportLedger(deps: LedgerDeps, ctx: Ctx, contractId: string): Promise<LedgerExport> {
  const { db, clock } = deps;
  const ledger = await ledgerFor(deps, db.kysely, ctx, contractId, 'read');
  const rows = await ledgerRepo.entries(db.kysely, contractId);
  const chained: ChainedEntry[] = rows.map((r) => ({ ...bodyOf(rowToBody(r)), hash: r.hash }));
  return {
    contractId,
    contractNumber: ledger.number,
    unit: ledger.unit,
    exportedAt: clock.now().toISOString(),
    hashRule: HASH_RULE,
    entries: chained,
  };
}
