import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInThroughForm, snapshot } from './support/browser.ts';
import { browserSuite } from './support/suite.ts';

/** The firm's mail server, as the test says: busy (451 for every recipient) or fine, and refusing unknown addresses for good (550). */
const smtp = {
  mode: 'busy' as 'busy' | 'fine',
  unknown: new Set(['nobody@irfirm.example', 'ghost@irfirm.example']),
  accepted: [] as string[],
  server: undefined as SMTPServer | undefined,
};
const env: Record<string, string> = {};

beforeAll(async () => {
  smtp.server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    logger: false,
    authOptional: false,
    allowInsecureAuth: true,
    onAuth: (auth, _s, cb) => cb(null, { user: auth.username }),
    onRcptTo(addr, _s, cb) {
      if (smtp.unknown.has(addr.address))
        return cb(
          Object.assign(new Error(`5.1.1 <${addr.address}>: Recipient address rejected: User unknown`), {
            responseCode: 550,
          }),
        );
      if (smtp.mode === 'busy')
        return cb(
          Object.assign(new Error('4.3.2 Service currently unavailable, try again later'), { responseCode: 451 }),
        );
      cb();
    },
    onData(stream, session, cb) {
      stream.resume();
      stream.on('end', () => {
        smtp.accepted.push(...session.envelope.rcptTo.map((r) => r.address));
        cb();
      });
    },
  });
  await new Promise<void>((r) => smtp.server!.listen(0, '127.0.0.1', () => r()));
  const a = smtp.server.server.address();
  env['SMTP_URL'] = `smtp://mailer:Relay-Pa55word@127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
});
afterAll(async () => {
  await new Promise<void>((r) => (smtp.server ? smtp.server.close(() => r()) : r()));
});

const t = browserSuite({ env });

interface Listed {
  id: string;
  subject: string;
  status: string;
  to: string[];
  attempts: number;
}

async function waitForStatus(to: string, status: string): Promise<Listed> {
  const until = Date.now() + 20_000;
  for (;;) {
    const r = await t.admin.call<{ items: Listed[] }>('GET', '/outbox?limit=200');
    const hit = r.body.items.find((m) => m.to.includes(to) && m.status === status);
    if (hit) return hit;
    if (Date.now() > until) throw new Error(`no ${status} message to ${to}: ${JSON.stringify(r.body)}`);
    await new Promise((res) => setTimeout(res, 200));
  }
}

describe('Outbox', () => {
  it('an admin sees mail failing during an outage and refused for good, with the errors; it goes out when the server is back, a refusal after a retry', async () => {
    // Two invitations: one the busy server puts off (451), one it refuses for good (550).
    for (const [email, name] of [
      ['dana.analyst@irfirm.example', 'Dana Analyst'],
      ['nobody@irfirm.example', 'No Body'],
    ]) {
      expect((await t.admin.call('POST', '/users', { email, name, role: 'consultant' })).status).toBe(201);
    }
    await waitForStatus('dana.analyst@irfirm.example', 'failing');
    await waitForStatus('nobody@irfirm.example', 'failed');

    const page = await t.browser.newPage();
    await signInThroughForm(page, t.product.url, t.product.admin.email, t.product.admin.password);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Outbox' }).click();
    await page.getByRole('heading', { name: 'Outbox', level: 1 }).waitFor();
    await page.getByText('2 messages not delivered yet').waitFor();
    const table = page.getByRole('table', { name: 'Outgoing messages' });
    const failing = table.getByRole('row').filter({ hasText: 'dana.analyst@irfirm.example' });
    await failing.getByText('Failing', { exact: true }).waitFor();
    const failingText = (await failing.textContent()) ?? '';
    expect(failingText).toContain('recipient refused: 451 4.3.2 Service currently unavailable, try again later');
    expect(failingText).toMatch(/\d{1,2} \w{3} \d{4}, \d\d:\d\d/); // written and next attempt, in the reader's time
    expect(failingText).not.toMatch(/\d{4}-\d\d-\d\dT/);
    const refused = table.getByRole('row').filter({ hasText: 'nobody@irfirm.example' });
    await refused.getByText('Failed', { exact: true }).waitFor();
    expect(await refused.textContent()).toContain(
      'recipient refused: 550 5.1.1 <…@irfirm.example>: Recipient address rejected: User unknown',
    );
    expect(await page.content()).not.toContain('Relay-Pa55word');
    await snapshot(page, 'outbox-failing');

    // The server is back and the refused address now exists: the failing message goes out by itself
    // (its next attempt), the failed one only when retried.
    smtp.mode = 'fine';
    smtp.unknown.delete('nobody@irfirm.example');
    await refused.getByRole('button', { name: /^Retry/ }).click();
    await page.getByText('Queued again', { exact: true }).first().waitFor();
    const retried = await waitForStatus('nobody@irfirm.example', 'delivered');
    await waitForStatus('dana.analyst@irfirm.example', 'delivered');
    expect(smtp.accepted).toEqual(expect.arrayContaining(['dana.analyst@irfirm.example', 'nobody@irfirm.example']));
    await page.getByRole('button', { name: 'Refresh' }).click();
    await failing.getByText('Delivered', { exact: true }).waitFor();
    await refused.getByText('Delivered', { exact: true }).waitFor();

    // A new refusal; only failed ones, through the filter; retry every failed one at once (refused again: a second attempt).
    expect(
      (await t.admin.call('POST', '/users', { email: 'ghost@irfirm.example', name: 'Ghost', role: 'consultant' }))
        .status,
    ).toBe(201);
    const ghost = await waitForStatus('ghost@irfirm.example', 'failed');
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.locator('label[for$="-failed"]').click();
    await page.waitForURL((u) => u.searchParams.get('status') === 'failed');
    await table.getByRole('row').filter({ hasText: 'ghost@irfirm.example' }).waitFor();
    await expect.poll(async () => table.getByRole('row').count()).toBe(2);
    await snapshot(page, 'outbox-failed-filter');
    await page.getByRole('button', { name: 'Retry 1 failed message now' }).click();
    await page.getByText('1 message queued again for the next delivery round.').waitFor();
    await expect
      .poll(
        async () =>
          (await t.admin.call<{ items: Listed[] }>('GET', '/outbox?status=failed')).body.items.find(
            (m) => m.id === ghost.id,
          )?.attempts,
        { timeout: 20_000 },
      )
      .toBe(2);

    // Both retries are in the audit log.
    const audit = await t.admin.call<{ items: { entityId: string }[] }>('GET', '/audit?action=outbox.retried');
    expect(audit.body.items.map((e) => e.entityId)).toEqual([retried.id]);
    const all = await t.admin.call<{ items: { entityId: string }[] }>('GET', '/audit?action=outbox.retried_all');
    expect(all.body.items.map((e) => e.entityId)).toEqual(['failed']);
  });
});
