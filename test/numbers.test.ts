import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImr } from './support/cli-runner.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';
import {
  approve,
  makeRequest,
  makeWorkOrderWorld,
  sentWorkOrder,
  type WorkOrderWorld,
} from './support/workorder-world.ts';

/** Path parameters and the CLI take the human number of requests, engagements, EWOs, change orders and statements. */
let t: TestEnv;
let w: WorkOrderWorld;
let stranger: WorkOrderWorld;
const ids: Record<string, { id: string; number: string }> = {};

beforeAll(async () => {
  t = await createTestEnv({ now: '2026-11-03T10:02:00Z' });
  w = await makeWorkOrderWorld(t, { initialAmount: 120 * 60 });
  stranger = await makeWorkOrderWorld(t);
  const { wo } = await sentWorkOrder(t, w);
  const approved = await approve(t, w.approver.auth, wo.id, wo.contentHash!);
  expect(approved.statusCode, approved.body).toBe(200);
  const engagementId = approved.json().engagementId as string;
  const engagement = (await call(t.app, w.irManager.auth, 'GET', `/api/v1/engagements/${engagementId}`)).json();
  const co = await call(t.app, w.irManager.auth, 'POST', `/api/v1/engagements/${engagementId}/change-orders`, {
    reason: 'Lateral movement to the ERP servers.',
    scope: 'Add the ERP cluster.',
    estimateDeltaLines: [{ activity: 'analysis', role: 'forensic lead', minutes: 120 }],
  });
  expect(co.statusCode, co.body).toBe(201);
  const requestId = await makeRequest(t, w);
  const request = (await call(t.app, w.irManager.auth, 'GET', `/api/v1/requests/${requestId}`)).json();
  t.clock.set('2026-12-10T15:00:00Z');
  const issued = await t.core.services.statements.issueDue();
  expect(issued.failed).toEqual([]);
  const statement = await t.db.kysely
    .selectFrom('statements')
    .select(['id', 'number'])
    .where('contract_id', '=', w.contract.id)
    .where('period', '=', '2026-11')
    .executeTakeFirstOrThrow();
  Object.assign(ids, {
    requests: { id: request.id, number: request.number },
    engagements: { id: engagement.id, number: engagement.number },
    'work-orders': { id: wo.id, number: wo.number },
    'change-orders': { id: co.json().id, number: co.json().number },
    statements: statement,
  });
});
afterAll(async () => t.close());

describe('request numbers', () => {
  it('are unique and gapless under concurrent creation', async () => {
    const before = await t.db.kysely.selectFrom('service_requests').select('number').execute();
    const created = await Promise.all(Array.from({ length: 8 }, () => makeRequest(t, w)));
    const rows = await t.db.kysely.selectFrom('service_requests').select('number').where('id', 'in', created).execute();
    const numbers = rows.map((r) => r.number).sort();
    expect(new Set(numbers).size).toBe(8);
    const last = Math.max(...before.map((r) => Number(r.number.slice(-4))));
    expect(numbers).toEqual(Array.from({ length: 8 }, (_, i) => `REQ-2026-${String(last + 1 + i).padStart(4, '0')}`));
  });
});

describe('numbers in path parameters', () => {
  it.each(['requests', 'engagements', 'work-orders', 'change-orders', 'statements'])(
    'GET /%s/{number} answers like its id, also in lower case',
    async (path) => {
      const { id, number } = ids[path]!;
      expect(number).toMatch(/^(REQ|ENG|EWO|CO|STM)-2026-/);
      const byId = await call(t.app, w.irManager.auth, 'GET', `/api/v1/${path}/${id}`);
      expect(byId.statusCode, byId.body).toBe(200);
      const byNumber = await call(t.app, w.irManager.auth, 'GET', `/api/v1/${path}/${encodeURIComponent(number)}`);
      expect(byNumber.statusCode, byNumber.body).toBe(200);
      expect(byNumber.json()).toEqual(byId.json());
      if (path !== 'statements') {
        const lower = await call(t.app, w.irManager.auth, 'GET', `/api/v1/${path}/${number.toLowerCase()}`);
        expect(lower.json().id).toBe(id);
      }
    },
  );

  it('works on nested routes: the versions of a work order and the PDF of a statement by number', async () => {
    const r = await call(t.app, w.irManager.auth, 'GET', `/api/v1/work-orders/${ids['work-orders']!.number}/versions`);
    expect(r.statusCode, r.body).toBe(200);
    const pdf = await call(t.app, w.irManager.auth, 'GET', `/api/v1/statements/${ids.statements!.number}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
  });

  it.each(['requests', 'engagements', 'work-orders', 'change-orders', 'statements'])(
    "another tenant's %s number is a 404, like its id",
    async (path) => {
      const { id, number } = ids[path]!;
      const byId = await call(t.app, stranger.approver.auth, 'GET', `/api/v1/${path}/${id}`);
      const byNumber = await call(t.app, stranger.approver.auth, 'GET', `/api/v1/${path}/${number}`);
      expect(byId.statusCode).toBe(404);
      expect(byNumber.statusCode).toBe(404);
      expect(byNumber.json().code).toBe(byId.json().code);
    },
  );

  it('an unknown number is a 404 naming nothing internal', async () => {
    const r = await call(t.app, w.irManager.auth, 'GET', '/api/v1/engagements/ENG-2026-9999');
    expect(r.statusCode).toBe(404);
  });
});

describe('numbers in the CLI', () => {
  const saved = { ...process.env };
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'imr-numbers-cli-'));
  beforeAll(async () => {
    const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
    Object.assign(process.env, { IMR_URL: url, IMR_TOKEN: w.irManager.auth.token, XDG_CONFIG_HOME: home });
  });
  afterAll(() => {
    process.env = saved;
    fs.rmSync(home, { recursive: true, force: true });
  });

  it.each([
    ['requests', 'requests'],
    ['engagements', 'engagements'],
    ['work-orders', 'work-orders'],
    ['statements', 'statements'],
  ])('imr %s show takes the number as well as the id', async (command, path) => {
    const { id, number } = ids[path]!;
    const byNumber = await runImr(command, 'show', number, '--json');
    expect(byNumber.code, byNumber.err).toBe(0);
    const byId = await runImr(command, 'show', id, '--json');
    expect(JSON.parse(byNumber.out)).toEqual(JSON.parse(byId.out));
  });

  it('imr work-orders list --request takes the request number', async () => {
    const { wo } = await sentWorkOrder(t, w, {});
    const request = (await call(t.app, w.irManager.auth, 'GET', `/api/v1/work-orders/${wo.id}`)).json();
    const requestNumber = (await call(t.app, w.irManager.auth, 'GET', `/api/v1/requests/${request.requestId}`)).json()
      .number as string;
    const list = await runImr('work-orders', 'list', '--request', requestNumber, '--json');
    expect(list.code, list.err).toBe(0);
    expect(JSON.parse(list.out).map((x: { id: string }) => x.id)).toEqual([wo.id]);
  });

  it("another tenant's number is not found (exit code 5)", async () => {
    // A provider token sees every customer: the tenant refusal is a customer's, so the stranger's approver asks.
    Object.assign(process.env, { IMR_TOKEN: stranger.approver.auth.token });
    const r = await runImr('engagements', 'show', ids.engagements!.number);
    expect(r.code).toBe(5);
    Object.assign(process.env, { IMR_TOKEN: w.irManager.auth.token });
  });
});
