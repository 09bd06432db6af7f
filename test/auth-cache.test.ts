import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { accountsRepo } from '../src/core/accounts/accounts.repo.ts';
import { createChangeCache } from '../src/core/change-cache.ts';
import { openChangeFeed } from '../src/db/change-feed.ts';
import type { ChangeChannel, Listening } from '../src/db/create-db.ts';
import { toActor } from '../src/core/accounts/accounts.views.ts';
import { makeContactViaService, makeCustomerViaService, makeUserWithToken } from './support/factories.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';

/** A feed driven by hand: `up()` / `down()` stand for the LISTEN connection. */
function manualFeed() {
  let notify: ((c: ChangeChannel, p: string) => void) | undefined;
  let lose: ((e: Error) => void) | undefined;
  const feed = openChangeFeed(
    {
      async listen(onNotify, onLost): Promise<Listening> {
        notify = onNotify;
        lose = onLost;
        return { close: async () => undefined };
      },
    },
    { retryMs: 5 },
  );
  return { feed, notify: (c: ChangeChannel, p = '') => notify!(c, p), down: () => lose!(new Error('gone')) };
}

describe('change cache', () => {
  it('answers from memory only while the feed is live, and forgets everything when it drops', async () => {
    const { feed, down } = manualFeed();
    const cache = createChangeCache<number>(feed, { maxEntries: 10 });
    const load = vi.fn(async () => 7);
    await cache.get('a', load); // not live yet: not kept
    await feed.ready();
    await cache.get('a', load);
    await cache.get('a', load);
    expect(load).toHaveBeenCalledTimes(2);
    down();
    expect(feed.live()).toBe(false);
    expect(cache.size).toBe(0);
    await cache.get('a', load);
    await cache.get('a', load);
    expect(load).toHaveBeenCalledTimes(4);
    await vi.waitFor(() => expect(feed.live()).toBe(true)); // reconnected by itself
    await cache.get('a', load);
    await cache.get('a', load);
    expect(load).toHaveBeenCalledTimes(5);
    await feed.close();
  });

  it('never keeps a value read before an invalidation that arrived while the read was in flight', async () => {
    const { feed } = manualFeed();
    await feed.ready();
    const cache = createChangeCache<string>(feed, { maxEntries: 10 });
    let release!: () => void;
    const slow = cache.get('k', () => new Promise<string>((r) => (release = () => r('old'))));
    cache.clear();
    release();
    expect(await slow).toBe('old');
    expect(await cache.get('k', async () => 'new')).toBe('new');
    expect(await cache.get('k', async () => 'newer')).toBe('new');
    await feed.close();
  });

  it('holds at most maxEntries, dropping the oldest', async () => {
    const { feed } = manualFeed();
    await feed.ready();
    const cache = createChangeCache<string>(feed, { maxEntries: 2 });
    for (const k of ['a', 'b', 'c']) await cache.get(k, async () => k);
    expect(cache.size).toBe(2);
    expect(await cache.get('a', async () => 'reloaded')).toBe('reloaded');
    await feed.close();
  });
});

describe('bearer tokens with the lookup cache', () => {
  let t: TestEnv;
  beforeAll(async () => {
    t = await createTestEnv();
    await t.core.changes.ready();
  });
  afterAll(() => t.close());

  it('stop working once revoked by another writer (the notification of migration 0011), not only by this process', async () => {
    const u = await makeUserWithToken(t, { role: 'ir_manager' });
    const lookups = vi.spyOn(accountsRepo, 'apiTokenByHash');
    expect((await call(t.app, u.auth, 'GET', '/api/v1/auth/me')).statusCode).toBe(200);
    expect((await call(t.app, u.auth, 'GET', '/api/v1/auth/me')).statusCode).toBe(200);
    expect(lookups).toHaveBeenCalledTimes(1); // the second request was answered from memory
    lookups.mockRestore();
    // As another process would: straight in the database, without the service's own invalidation.
    await sql`UPDATE api_tokens SET revoked_at = now() WHERE user_id = ${u.id}`.execute(t.db.kysely);
    await vi.waitFor(async () => expect((await call(t.app, u.auth, 'GET', '/api/v1/auth/me')).statusCode).toBe(401), {
      timeout: 5000,
      interval: 20,
    });
  });

  it('carry a role changed by another writer into the next requests', async () => {
    const u = await makeUserWithToken(t, { role: 'admin' });
    expect((await call(t.app, u.auth, 'GET', '/api/v1/users')).statusCode).toBe(200);
    expect((await call(t.app, u.auth, 'GET', '/api/v1/users')).statusCode).toBe(200);
    await sql`UPDATE users SET role = 'consultant' WHERE id = ${u.id}`.execute(t.db.kysely);
    await vi.waitFor(async () => expect((await call(t.app, u.auth, 'GET', '/api/v1/users')).statusCode).toBe(403), {
      timeout: 5000,
      interval: 20,
    });
  });

  it('stop at once when this process revokes the token or disables the user (without the triggers too)', async () => {
    // Without the notifications only the service's own clearing after its commit can make this pass.
    await sql`DROP TRIGGER api_tokens_notify_auth ON api_tokens`.execute(t.db.kysely);
    await sql`DROP TRIGGER users_notify_auth ON users`.execute(t.db.kysely);
    const admin = await makeUserWithToken(t, { role: 'admin' });
    const a = await makeUserWithToken(t, { role: 'consultant' });
    const b = await makeUserWithToken(t, { role: 'consultant' });
    expect((await call(t.app, a.auth, 'GET', '/api/v1/auth/me')).statusCode).toBe(200);
    expect((await call(t.app, b.auth, 'GET', '/api/v1/auth/me')).statusCode).toBe(200);
    const tokenId = (await call(t.app, a.auth, 'GET', '/api/v1/tokens')).json().items[0].id;
    expect((await call(t.app, a.auth, 'DELETE', `/api/v1/tokens/${tokenId}`)).statusCode).toBe(204);
    expect((await call(t.app, a.auth, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);
    expect((await call(t.app, admin.auth, 'PATCH', `/api/v1/users/${b.id}`, { status: 'disabled' })).statusCode).toBe(
      200,
    );
    expect((await call(t.app, b.auth, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);
  });

  it("carry a contact's new flags and address into its portal user's next request at once (triggers still dropped)", async () => {
    const admin = await makeUserWithToken(t, { role: 'admin' });
    const customer = await makeCustomerViaService(t);
    const contact = await makeContactViaService(t, customer.id, { canApprove: true, canRequest: true });
    const invited = await call(
      t.app,
      admin.auth,
      'POST',
      `/api/v1/customers/${customer.id}/contacts/${contact.id}/invite`,
      { password: 'a long portal password 1' },
    );
    expect(invited.statusCode).toBe(201);
    const user = (await accountsRepo.userById(t.db.kysely, invited.json().user.id))!;
    const { token } = await t.core.services.accounts.createApiToken(
      { actor: toActor(user), channel: 'api' },
      { name: 'portal script' },
    );
    // What the cached actor may do: requesting services needs the requester or approver role.
    const ask = async () =>
      (
        await call(t.app, { token }, 'POST', '/api/v1/requests', {
          contractId: 'ctr_none',
          kind: 'emergency',
          incidentType: 'ransomware',
          severity: 'P1',
          description: 'File servers encrypted.',
        })
      ).json().code;
    const me = async () => (await call(t.app, { token }, 'GET', '/api/v1/auth/me')).json().user;
    expect(await ask()).toBe('NOT_FOUND'); // allowed to ask; the contract does not exist
    expect(await ask()).toBe('NOT_FOUND'); // the actor now comes from memory
    const patch = (body: object) =>
      call(t.app, admin.auth, 'PATCH', `/api/v1/customers/${customer.id}/contacts/${contact.id}`, body);
    expect((await patch({ canApprove: false, canRequest: false })).statusCode).toBe(200);
    expect(await ask()).toBe('FORBIDDEN');
    expect((await patch({ email: 'new.address@customer.test' })).statusCode).toBe(200);
    expect(await me()).toMatchObject({ role: 'customer_viewer', email: 'new.address@customer.test' });
    // and what the user does next is recorded under the new address (the actor's label comes from the cache)
    expect((await call(t.app, { token }, 'POST', '/api/v1/tokens', { name: 'second script' })).statusCode).toBe(201);
    const last = await t.db.kysely
      .selectFrom('audit_events')
      .select('actor_label')
      .where('actor_id', '=', user.id)
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(last.actor_label).toContain('<new.address@customer.test>');
  });

  it('are looked up in the database every time while the feed is down', async () => {
    const u = await makeUserWithToken(t, { role: 'ir_manager' });
    await t.core.changes.close();
    expect((await call(t.app, u.auth, 'GET', '/api/v1/auth/me')).statusCode).toBe(200);
    expect((await call(t.app, u.auth, 'GET', '/api/v1/auth/me')).statusCode).toBe(200);
    await sql`UPDATE api_tokens SET revoked_at = now() WHERE user_id = ${u.id}`.execute(t.db.kysely);
    expect((await call(t.app, u.auth, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);
  });
});
