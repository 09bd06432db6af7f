import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCustomer } from './support/contract-factories.ts';
import { runImr } from './support/cli-runner.ts';
import { makeEngagement } from './support/engagement-factories.ts';
import { makeUserWithToken } from './support/factories.ts';
import { createTestEnv, type TestEnv } from './support/harness.ts';

let t: TestEnv;
let url: string;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imr-engagements-cli-'));
const saved = {
  IMR_URL: process.env['IMR_URL'],
  IMR_TOKEN: process.env['IMR_TOKEN'],
  XDG_CONFIG_HOME: process.env['XDG_CONFIG_HOME'],
};

beforeAll(async () => {
  t = await createTestEnv({ now: '2026-11-02T15:00:00Z' });
  url = await t.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  for (const [k, v] of Object.entries(saved))
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const as = (token: string) => Object.assign(process.env, { IMR_URL: url, IMR_TOKEN: token, XDG_CONFIG_HOME: dir });

describe('imr engagements and imr effort', () => {
  it('lists, shows, logs effort, previews and closes', async () => {
    const irm = await makeUserWithToken(t, { role: 'admin' });
    const consultant = await makeUserWithToken(t, { role: 'consultant' });
    const customer = await makeCustomer(t);
    const e = await makeEngagement(t, {
      contractOptions: { customerId: customer.customerId },
      minimumBillable: 180,
      team: [{ userId: consultant.id, role: 'lead' }],
    });

    as(consultant.auth.token);
    const added = await runImr('effort', 'add', e.id, '1h30m', '--activity', 'analysis', '--note', 'log review');
    expect(added.code).toBe(0);
    expect(added.out).toContain(`Logged 90 min of analysis on ${e.number} for 2026-11-02`);
    expect(added.out).toContain('consumed, drew 1h 30m');
    const future = await runImr('effort', 'add', e.id, '30', '--activity', 'analysis', '--date', '2026-11-05');
    expect(future.code).toBe(2);
    expect(future.err).toContain('future');
    const list = await runImr('effort', 'list', '--json');
    expect(JSON.parse(list.out).map((x: { minutes: number }) => x.minutes)).toEqual([90]);
    const mine = await runImr('engagements', 'list');
    expect(mine.out).toContain(e.number);
    const refused = await runImr('engagements', 'close', e.id);
    expect(refused.code).toBe(4);

    as(irm.auth.token);
    const show = await runImr('engagements', 'show', e.id);
    expect(show.out).toContain('consumed 1h 30m');
    expect(show.out).toContain('lead');
    // Which rate card applies, in words (issue 17): the card the engagement was approved with.
    expect(show.out).toContain('Rate card: from ');
    expect(show.out).toMatch(/^ {2}Time is rounded up to \d+ minutes per entry\.$/m);
    expect(show.out).toMatch(/^ {2}Travel time is (not )?drawn from the retainer\.$/m);
    expect(show.out).toContain('After-hours work counts');
    const preview = await runImr('engagements', 'close', e.id, '--preview');
    expect(preview.out).toContain('minimum true-up    1h 30m');
    const closed = await runImr('engagements', 'close', e.id, '--json');
    expect(closed.code).toBe(0);
    expect(JSON.parse(closed.out)).toMatchObject({ status: 'closed', closing: { trueUp: { amount: 90 } } });
    const again = await runImr('engagements', 'close', e.id);
    expect(again.code).toBe(6);
  });
});
