import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCtx } from '../src/core/context.ts';
import { commerceRepo } from '../src/core/commerce/commerce.repo.ts';
import { makeContract } from './support/contract-factories.ts';
import { createTestEnv, type TestEnv } from './support/harness.ts';

let t: TestEnv;
beforeAll(async () => {
  t = await createTestEnv({ now: '2026-11-02T09:00:00Z' });
});
afterAll(async () => t.close());

const ctx = systemCtx('test');

describe('commerce tables (migration 0023)', () => {
  it('stores a contract terms row 1:1, with bigint amounts read back as numbers', async () => {
    const contract = await makeContract(t);
    expect(await commerceRepo.readTerms(t.db.kysely, contract.id)).toBeUndefined();
    await commerceRepo.insertTerms(t.db.kysely, contract.id, {
      currency: 'EUR',
      retainer_price_minor: 9_007_199_254_740_991,
      topup_rate_minor: 15_000,
      overage_rate_minor: 18_000,
      payment_term_days: 30,
      updated_at: t.clock.now(),
      updated_by: 'test',
    });
    const terms = await commerceRepo.readTerms(t.db.kysely, contract.id);
    expect(terms).toMatchObject({ currency: 'EUR', retainer_price_minor: 9_007_199_254_740_991, revision: 1 });
    await expect(
      commerceRepo.insertTerms(t.db.kysely, contract.id, {
        currency: 'EUR',
        updated_at: t.clock.now(),
        updated_by: 'x',
      }),
    ).rejects.toThrow();
  });

  it('keeps a top-up price beside the ledger: once per entry, only the invoice reference may be set, once', async () => {
    const contract = await makeContract(t);
    const { entry } = await t.core.services.ledger.topUp(ctx, contract.id, { amount: 600, reference: 'PO-1' });
    const row = {
      ledger_entry_id: entry.id,
      contract_id: contract.id,
      price_minor: 150_000,
      currency: 'EUR',
      purchase_order: 'PO-1',
      recorded_at: t.clock.now(),
      recorded_by: 'test',
    };
    expect(await commerceRepo.insertTopupPrice(t.db.kysely, row)).toBe(true);
    expect(await commerceRepo.insertTopupPrice(t.db.kysely, { ...row, price_minor: 1 })).toBe(false);
    const prices = await commerceRepo.readTopupPrices(t.db.kysely, contract.id);
    expect([...prices.values()]).toMatchObject([{ price_minor: 150_000, invoice_reference: null }]);

    await expect(
      sql`UPDATE topup_prices SET price_minor = 1 WHERE ledger_entry_id = ${entry.id}`.execute(t.db.kysely),
    ).rejects.toThrow(/only the invoice reference/);
    await expect(
      sql`DELETE FROM topup_prices WHERE ledger_entry_id = ${entry.id}`.execute(t.db.kysely),
    ).rejects.toThrow();
    await sql`UPDATE topup_prices SET invoice_reference = 'INV-1', invoiced_at = now() WHERE ledger_entry_id = ${entry.id}`.execute(
      t.db.kysely,
    );
    await expect(
      sql`UPDATE topup_prices SET invoice_reference = 'INV-2' WHERE ledger_entry_id = ${entry.id}`.execute(t.db.kysely),
    ).rejects.toThrow(/only the invoice reference/);
    const after = await commerceRepo.readTopupPrices(t.db.kysely, contract.id, [entry.id]);
    expect(after.get(entry.id)).toMatchObject({ price_minor: 150_000, invoice_reference: 'INV-1' });
  });
});
