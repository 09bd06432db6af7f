import type { Config } from '../config/config.ts';
import { systemCtx } from '../core/context.ts';
import { verifyLedgerExport } from '../core/ledger/ledger.verify.ts';
import { compareInventories, inventory, poolQuery, type Inventory } from '../db/backup/inventory.ts';
import type { Db } from '../db/create-db.ts';
import { createCore } from '../main/core.ts';

export interface VerifyOutcome {
  problems: string[];
  inventory: Inventory;
  ledgers: number;
  entries: number;
}

/**
 * Checks a database after a restore or copy: its rows per table and ledger heads equal `expected` (when
 * given), and every contract's ledger export verifies (`imr ledger verify`'s check) up to the head its
 * balance row records.
 */
export async function verifyDatabase(config: Config, db: Db, expected?: Inventory): Promise<VerifyOutcome> {
  const actual = await inventory(poolQuery(db));
  const problems = expected ? compareInventories(expected, actual) : [];
  const core = createCore({ config, db });
  let entries = 0;
  try {
    const ctx = systemCtx('imr verify');
    for (const head of actual.ledgerHeads) {
      const doc = await core.services.ledger.exportLedger(ctx, head.contractId);
      const report = verifyLedgerExport(doc);
      entries += report.entries;
      if (!report.ok)
        problems.push(
          `ledger of contract ${doc.contractNumber ?? head.contractId}: ${report.brokenAt?.message ?? 'broken'}`,
        );
      else if (report.headHash !== head.lastHash)
        problems.push(
          `ledger of contract ${doc.contractNumber ?? head.contractId}: export ends at another hash than its head`,
        );
    }
  } finally {
    await core.close();
  }
  return { problems, inventory: actual, ledgers: actual.ledgerHeads.length, entries };
}
