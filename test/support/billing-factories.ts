import { makeContract } from './contract-factories.ts';
import type { TestEnv } from './harness.ts';

/**
 * A contract that bills overage: overdraft allowed, EUR terms with an overage rate of 123.45 an hour and a
 * top-up rate of 100.00 (written directly: the terms feature is tested on its own).
 */
export async function makeOverageContract(t: TestEnv, customerId: string, initialAmount: number) {
  const contract = await makeContract(t, {
    customerId,
    initialAmount,
    settings: { overdraftPolicy: { mode: 'allow' } },
  });
  await t.db.kysely
    .insertInto('contract_terms')
    .values({
      contract_id: contract.id,
      currency: 'EUR',
      overage_rate_minor: 12_345,
      topup_rate_minor: 10_000,
      updated_at: t.clock.now(),
      updated_by: 'test',
    })
    .execute();
  return contract;
}
