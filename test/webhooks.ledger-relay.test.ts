import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeContract } from './support/contract-factories.ts';
import { makeUserWithToken } from './support/factories.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.ts';

let t: TestEnv;
let rx: WebhookReceiver;

beforeAll(async () => {
  t = await createTestEnv({ env: { WEBHOOKS_ALLOW_PRIVATE: '1' } });
  rx = await startWebhookReceiver(() => t.clock.now());
});
afterAll(async () => {
  await rx.stop();
  await t.close();
});

describe('ledger.posted relay', () => {
  it('relays every committed entry once per subscription, for postings made concurrently with the relay', async () => {
    const admin = await makeUserWithToken(t, { role: 'admin' });
    const before = await makeContract(t, { initialAmount: 600 }); // its grant predates the subscriptions
    t.clock.advance(1000);
    const subs: { id: string; path: string }[] = [];
    for (const path of ['/ledger-a', '/ledger-b']) {
      const r = await call(t.app, admin.auth, 'POST', '/api/v1/webhooks', {
        url: rx.url(path),
        events: ['ledger.posted'],
      });
      expect(r.statusCode, r.body).toBe(201);
      rx.register(path, r.json().secret);
      subs.push({ id: r.json().id, path });
    }
    const contracts = [before, ...(await Promise.all([1, 2, 3].map(() => makeContract(t, { initialAmount: 600 }))))];
    // 4 contracts × 15 top-ups, all at once, while relay rounds run beside them
    let posting = true;
    const relays = (async () => {
      let rounds = 0;
      while (posting) {
        await t.core.services.webhooks.relayLedger();
        rounds++;
        await new Promise((r) => setTimeout(r, 5));
      }
      return rounds;
    })();
    const results = await Promise.all(
      contracts.flatMap((c) =>
        Array.from({ length: 15 }, (_, i) =>
          call(t.app, admin.auth, 'POST', `/api/v1/contracts/${c.id}/top-ups`, {
            amount: 60 + i,
            reference: `PO ${i}`,
          }),
        ),
      ),
    );
    posting = false;
    expect(await relays).toBeGreaterThan(0);
    expect(results.every((r) => r.statusCode === 201)).toBe(true);
    for (let i = 0; i < 5; i++) await t.core.services.webhooks.relayLedger();

    const entries = await t.db.kysely
      .selectFrom('ledger_entries')
      .select(['id', 'contract_id', 'seq'])
      .where(
        'contract_id',
        'in',
        contracts.map((c) => c.id),
      )
      .execute();
    // every entry but the grant of the contract made before the subscriptions
    const beforeGrant = entries.find((e) => e.contract_id === before.id && e.seq === 1)!;
    const expected = entries
      .filter((e) => e.id !== beforeGrant.id)
      .map((e) => e.id)
      .sort();
    const messages = await t.db.kysely
      .selectFrom('webhook_messages')
      .select(['subscription_id', 'body'])
      .where('event_type', '=', 'ledger.posted')
      .execute();
    for (const sub of subs) {
      const ids = messages
        .filter((m) => m.subscription_id === sub.id)
        .map((m) => (JSON.parse(m.body) as { data: { entryId: string } }).data.entryId)
        .sort();
      expect(new Set(ids).size, 'none twice').toBe(ids.length);
      expect(ids, 'none skipped, and not the grant made before the subscription').toEqual(expected);
      expect(ids).toHaveLength(4 * 15 + 3);
    }
    // delivered, signed, in each contract's order
    for (let i = 0; i < 10; i++) await t.core.services.webhooks.deliverDue(100);
    const got = rx.received.filter((r) => r.path === '/ledger-a');
    expect(got).toHaveLength(4 * 15 + 3);
    expect(got.every((r) => 'type' in r.verified && r.verified.type === 'ledger.posted')).toBe(true);
    const first = got.find((r) => 'data' in r.verified && r.verified.data['kind'] === 'top_up')!;
    expect(first.verified).toMatchObject({
      data: { kind: 'top_up', amount: { unit: 'minute' }, balanceAfter: { unit: 'minute' } },
    });
  });

  it('writes nothing more on the posting path: a posting with no subscriber leaves no webhook rows', async () => {
    await t.db.kysely.deleteFrom('webhook_subscriptions').execute();
    const admin = await makeUserWithToken(t, { role: 'admin' });
    const c = await makeContract(t, { initialAmount: 600 });
    const before = (await t.db.kysely.selectFrom('webhook_messages').select('id').execute()).length;
    const r = await call(t.app, admin.auth, 'POST', `/api/v1/contracts/${c.id}/top-ups`, {
      amount: 60,
      reference: 'PO',
    });
    expect(r.statusCode).toBe(201);
    await t.core.services.webhooks.relayLedger();
    expect((await t.db.kysely.selectFrom('webhook_messages').select('id').execute()).length).toBe(before);
    const cursor = await t.db.kysely
      .selectFrom('webhook_ledger_cursors')
      .select('last_seq')
      .where('contract_id', '=', c.id)
      .executeTakeFirst();
    expect(cursor?.last_seq).toBe(2);
  });
});
