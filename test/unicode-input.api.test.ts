import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUserWithToken } from './support/factories.ts';
import { createTestEnv, type TestEnv } from './support/harness.ts';

// Found by the fuzz suite (test/fuzz): JSON may escape half of a surrogate pair ("\ud800"), which no
// UTF-8 text holds. It reached the audit row's jsonb, which PostgreSQL refuses, and the request answered
// 500. A JSON body with an unpaired surrogate anywhere is refused once, centrally, as 400.

let t: TestEnv;
let admin: Awaited<ReturnType<typeof makeUserWithToken>>;
beforeAll(async () => {
  t = await createTestEnv();
  admin = await makeUserWithToken(t, { role: 'admin' });
});
afterAll(async () => t.close());

const counts = async () => ({
  customers: Number(
    (
      await t.db.kysely
        .selectFrom('customers')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  ),
  tokens: Number(
    (
      await t.db.kysely
        .selectFrom('api_tokens')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  ),
  audit: Number(
    (
      await t.db.kysely
        .selectFrom('audit_events')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  ),
});

const raw = (url: string, json: string, method: 'POST' | 'PATCH' = 'POST') =>
  t.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${admin.auth.token}`, 'content-type': 'application/json' },
    payload: json,
  });

describe('a JSON body with an unpaired surrogate', () => {
  it.each([
    [
      'a lone high surrogate in a name',
      '/api/v1/customers',
      '{"name":"North\\ud800wind","timeZone":"UTC"}',
      'body.name',
    ],
    ['a lone low surrogate', '/api/v1/tokens', '{"name":"\\udfff"}', 'body.name'],
    ['a high surrogate at the end', '/api/v1/tokens', '{"name":"script \\ud83d"}', 'body.name'],
    [
      'one in a nested array',
      '/api/v1/customers',
      '{"name":"Fabrikam","timeZone":"UTC","accountTeam":["usr_\\udc00"]}',
      'body.accountTeam.0',
    ],
    ['one in a property name', '/api/v1/tokens', '{"name":"ok","\\ud800":1}', 'body.\\ud800'],
  ])('is refused as 400 VALIDATION_FAILED and writes nothing: %s', async (_what, url, json, path) => {
    const before = await counts();
    const r = await raw(url, json);
    expect(r.statusCode, r.body).toBe(400);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(r.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path, debug: 'lone UTF-16 surrogate' }] });
    // Plain words: the field as the form labels it and what to do, never the API's path or "The request is invalid".
    expect(r.json().detail).toMatch(/well-formed Unicode/);
    expect(r.json().detail).not.toMatch(/request is invalid|body\./);
    expect(r.json().errors[0].field).not.toMatch(/^body|\./);
    expect(await counts()).toEqual(before);
  });

  it('names the field as the form labels it and says what to do', async () => {
    const r = await raw('/api/v1/customers', '{"name":"North\\ud800wind","timeZone":"UTC"}');
    expect(r.statusCode, r.body).toBe(400);
    expect(r.json().errors[0]).toMatchObject({ path: 'body.name', field: 'Name' });
    expect(r.json().detail).toMatch(/^Name: send it as well-formed Unicode text \(UTF-8\)/);
  });

  it('still takes surrogate pairs (emoji) and other non-ASCII text', async () => {
    const r = await raw('/api/v1/tokens', '{"name":"deploy \\ud83d\\ude80 Zoë 東京"}');
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().name).toBe('deploy 🚀 Zoë 東京');
  });
});
