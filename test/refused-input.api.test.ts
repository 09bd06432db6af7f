import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEngagement, type TestEngagement } from './support/engagement-factories.ts';
import { counts as fileCounts, fileExpense, jpegBytes, makeExpenseWorld } from './support/expense-factories.ts';
import { makeUserWithToken } from './support/factories.ts';
import { call, createTestEnv, type Auth, type TestEnv } from './support/harness.ts';
import { makeWorkOrderWorld, sentWorkOrder, type WorkOrderJson } from './support/workorder-world.ts';

let t: TestEnv;
let admin: Awaited<ReturnType<typeof makeUserWithToken>>;
let engagement: TestEngagement;
let wo: WorkOrderJson;
let webhookId: string;

beforeAll(async () => {
  t = await createTestEnv();
  admin = await makeUserWithToken(t, { role: 'admin' });
  const w = await makeWorkOrderWorld(t);
  wo = (await sentWorkOrder(t, w)).wo;
  engagement = await makeEngagement(t, { contract: w.contract });
  // Second ones, so that most lists have a second page.
  await sentWorkOrder(t, await makeWorkOrderWorld(t));
  await makeEngagement(t, { contract: w.contract });
  const hook = await call(t.app, admin.auth, 'POST', '/api/v1/webhooks', {
    url: 'https://receiver.example.com/imr',
    events: ['request.created'],
  });
  expect(hook.statusCode, hook.body).toBe(201);
  webhookId = hook.json().id;
});
afterAll(async () => t.close());

/** Row counts a refused request must leave as they were. */
async function counts(): Promise<Record<string, number>> {
  const tables = ['customers', 'organizations', 'api_tokens', 'users', 'audit_events', 'outbox'] as const;
  const out: Record<string, number> = {};
  for (const table of tables) {
    out[table] = Number(
      (
        await t.db.kysely
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  }
  return out;
}

/** Sends the request and proves it was refused as a problem with `code`, and that nothing was written. */
async function expectRefused(
  auth: Auth,
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  body: unknown,
  status: number,
  code: string,
  headers: Record<string, string> = {},
) {
  const before = await counts();
  const r = await call(t.app, auth, method, url, body, headers);
  expect(r.statusCode, `${method} ${url}: ${r.body}`).toBe(status);
  expect(r.headers['content-type'], `${method} ${url}`).toContain('application/problem+json');
  expect(r.json().code, `${method} ${url}: ${r.body}`).toBe(code);
  expect(await counts()).toEqual(before);
  return r.json() as { code: string; detail: string };
}

describe('a NUL character (U+0000) is refused once, centrally, as 400', () => {
  const jsonBody = { 'content-type': 'application/json' };
  it.each([
    ['a path segment', 'GET', '/api/v1/customers/%00', undefined],
    ['a query string', 'GET', '/api/v1/users?q=%00', undefined],
    ['a query string, raw', 'GET', '/api/v1/users?q=a%00b', undefined],
    ['a JSON string', 'POST', '/api/v1/tokens', '{"name":"\\u0000"}'],
    ['a JSON string inside a value', 'POST', '/api/v1/customers', '{"name":"A\\u0000B","timeZone":"UTC"}'],
    ['a JSON key', 'POST', '/api/v1/customers', '{"name":"Acme","timeZone":"UTC","x\\u0000":1}'],
    ['a nested JSON string', 'PATCH', '/api/v1/settings', '{"a":[{"b":["ok","\\u0000"]}]}'],
  ] as const)('in %s: %s %s', async (_what, method, url, body) => {
    const p = await expectRefused(admin.auth, method, url, body, 400, 'NUL_CHARACTER', body ? jsonBody : {});
    expect(p.detail).toMatch(/Remove the NUL character/);
  });

  it('in a header', async () => {
    const r = await t.app.inject({
      method: 'GET',
      url: '/api/v1/users',
      headers: { authorization: `Bearer ${admin.auth.token}`, 'x-note': 'a\u0000b' },
    });
    expect(r.statusCode, r.body).toBe(400);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.json().code).toBe('NUL_CHARACTER');
  });

  it('before authentication, so an anonymous caller gets the same 400', async () => {
    await expectRefused(null, 'GET', '/api/v1/customers/%00', undefined, 400, 'NUL_CHARACTER');
  });

  it('in the text fields and file name of a multipart form, while the file itself may hold any byte', async () => {
    const w = await makeExpenseWorld(t);
    const before = await fileCounts(t);
    for (const o of [
      { fields: { note: 'ORD\u0000DUB' } },
      { fields: { 'no\u0000te': 'x' } },
      { receipt: { content: jpegBytes(), name: 'pass\u0000.jpg', type: 'image/jpeg' } },
    ]) {
      const r = await fileExpense(t, w.staff.consultant.auth, w.engagement.id, o);
      expect(r.statusCode, r.body).toBe(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.json().code).toBe('NUL_CHARACTER');
      expect(await fileCounts(t)).toEqual(before);
    }
    const receipt = jpegBytes();
    expect(receipt.includes(0)).toBe(true);
    const ok = await fileExpense(t, w.staff.consultant.auth, w.engagement.id, {
      receipt: { content: receipt, name: 'pass.jpg', type: 'image/jpeg' },
    });
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('while the same requests without NUL still work', async () => {
    const r = await call(t.app, admin.auth, 'POST', '/api/v1/tokens', { name: 'fine' });
    expect(r.statusCode, r.body).toBe(201);
    expect((await call(t.app, admin.auth, 'GET', '/api/v1/users?q=%E2%82%AC')).statusCode).toBe(200);
  });
});

/** Every list route of the API document with a `cursor` parameter, its path filled with real ids. */
function listRoutes(doc: {
  paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
}): string[] {
  const ids: Record<string, string> = {
    '/api/v1/customers/{id}': engagement.customerId,
    '/api/v1/contracts/{id}': engagement.contract.id,
    '/api/v1/engagements/{id}': engagement.id,
    '/api/v1/webhooks/{id}': webhookId,
  };
  return Object.entries(doc.paths).flatMap(([p, ops]) =>
    ops['get']?.parameters?.some((q) => q.name === 'cursor' && q.in === 'query')
      ? [
          p.replace(/^(.*)\/\{id\}/, (prefix) => {
            const id = ids[prefix];
            if (!id) throw new Error(`no id for ${p}: add one to the table`);
            return prefix.replace('{id}', id);
          }),
        ]
      : [],
  );
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

describe('a malformed cursor is refused as 400 on every list', () => {
  const malformed = [
    ['fuzz', 'fuzz'],
    ['xxxx', 'xxxx'],
    ['not base64url', '%2B%2F%3D%3D'],
    ['a NUL key', b64('\u0000')],
    ['a control character', b64('cus_\u0001')],
    ['a number past 2^53', b64('[1e300]')],
    ['a huge integer', b64('99999999999999999999999999')],
    ['a negative number', b64('[-1]')],
    ['a rank past smallint', b64('[40000,"2026-11-02T09:00:00.000Z","req_01"]')],
    ['a JSON key of the wrong shape', b64('[1,2,3,"x","y"]')],
    ['a key of another list', b64('["2026-01-01","nope nope"]')],
  ] as const;

  it('finds the list routes of the API document', async () => {
    const routes = listRoutes((await call(t.app, null, 'GET', '/api/openapi.json')).json());
    expect(routes.length).toBeGreaterThanOrEqual(18);
  });

  it.each(malformed)('%s', async (_what, cursor) => {
    const routes = listRoutes((await call(t.app, null, 'GET', '/api/openapi.json')).json());
    const answers: string[] = [];
    for (const route of routes) {
      const r = await call(t.app, admin.auth, 'GET', `${route}?cursor=${cursor}`);
      const problem = String(r.headers['content-type']).startsWith('application/problem+json')
        ? (r.json() as { code: string; detail: string })
        : undefined;
      if (r.statusCode !== 400 || problem?.code !== 'VALIDATION_FAILED' || !problem.detail.includes('nextCursor'))
        answers.push(`${route}: ${r.statusCode} ${r.body.slice(0, 120)}`);
    }
    expect(answers).toEqual([]);
  });

  it('while a nextCursor of each list still leads to its next page', async () => {
    const routes = listRoutes((await call(t.app, null, 'GET', '/api/openapi.json')).json());
    const paged: string[] = [];
    for (const route of routes) {
      const first = await call(t.app, admin.auth, 'GET', `${route}?limit=1`);
      expect(first.statusCode, `${route}: ${first.body}`).toBe(200);
      const { nextCursor, items } = first.json() as { nextCursor: string | null; items: { id?: string }[] };
      if (!nextCursor) continue;
      const second = await call(t.app, admin.auth, 'GET', `${route}?limit=1&cursor=${nextCursor}`);
      expect(second.statusCode, `${route}: ${second.body}`).toBe(200);
      expect(second.json().items[0], route).not.toEqual(items[0]);
      paged.push(route);
    }
    expect(paged.length, paged.join(', ')).toBeGreaterThanOrEqual(9);
  });
});

describe('integer parameters are bounded by what their column holds', () => {
  it('GET /work-orders/{id}/pdf?version=2147483648 is a 400, not a 500', async () => {
    await expectRefused(
      admin.auth,
      'GET',
      `/api/v1/work-orders/${wo.id}/pdf?version=2147483648`,
      undefined,
      400,
      'VALIDATION_FAILED',
    );
    expect(
      (await call(t.app, admin.auth, 'GET', `/api/v1/work-orders/${wo.id}/pdf?version=2147483647`)).statusCode,
    ).toBe(404);
  });

  /**
   * Integer fields that reach no `integer` column, with where they go; every other one must fit an int4.
   * (Ledger amounts and initial amounts are bigint columns but bounded far lower by the domain.)
   */
  const wideFields = new Map<RegExp, string>([
    [/\.travelEstimate\.amountMinor$/, 'kept in the work order document (jsonb), at most 10^11 minor units'],
    [
      /\.(price\.amountMinor|retainerPriceMinor|topupRateMinor|overageRateMinor)$/,
      'money: int8 columns, at most 2^53 - 1',
    ],
    [/\.prices\[\]\.amountMinor$/, 'a top-up package price: jsonb, copied to an int8 column, at most 2^53 - 1'],
  ]);
  const INT4_MAX = 2 ** 31 - 1;

  type Schema = {
    type?: string | string[];
    maximum?: number;
    minimum?: number;
    exclusiveMinimum?: number;
    properties?: Record<string, Schema>;
    items?: Schema;
    anyOf?: Schema[];
    oneOf?: Schema[];
    allOf?: Schema[];
    $ref?: string;
  };
  function integers(
    s: Schema | undefined,
    at: string,
    out: { at: string; s: Schema }[],
    defs: Record<string, Schema>,
  ): void {
    if (!s) return;
    if (s.$ref) return integers(defs[s.$ref.split('/').at(-1)!], at, out, defs);
    const types = Array.isArray(s.type) ? s.type : [s.type];
    if (types.includes('integer')) out.push({ at, s });
    for (const [k, v] of Object.entries(s.properties ?? {})) integers(v, `${at}.${k}`, out, defs);
    if (s.items) integers(s.items, `${at}[]`, out, defs);
    for (const v of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) integers(v, at, out, defs);
  }

  it('every integer in a parameter or request body of the API document has a maximum a column holds', () => {
    const doc = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../docs/openapi.json'), 'utf8'));
    const defs = doc.components?.schemas ?? {};
    const found: { at: string; s: Schema }[] = [];
    for (const [p, ops] of Object.entries(
      doc.paths as Record<
        string,
        Record<
          string,
          {
            parameters?: { name: string; in: string; schema: Schema }[];
            requestBody?: { content: Record<string, { schema: Schema }> };
          }
        >
      >,
    )) {
      for (const [m, op] of Object.entries(ops)) {
        for (const prm of op.parameters ?? [])
          integers(prm.schema, `${m.toUpperCase()} ${p} ${prm.in}.${prm.name}`, found, defs);
        for (const [type, c] of Object.entries(op.requestBody?.content ?? {}))
          integers(c.schema, `${m.toUpperCase()} ${p} body(${type})`, found, defs);
      }
    }
    expect(found.length).toBeGreaterThan(20);
    const unbounded = found.filter(({ at, s }) => {
      const max = [...wideFields.keys()].some((re) => re.test(at)) ? Number.MAX_SAFE_INTEGER : INT4_MAX;
      const min = s.minimum ?? s.exclusiveMinimum;
      return s.maximum === undefined || s.maximum > max || min === undefined || min < -max - 1;
    });
    expect(unbounded.map(({ at, s }) => `${at} [${s.minimum}, ${s.maximum}]`)).toEqual([]);
  });
});
