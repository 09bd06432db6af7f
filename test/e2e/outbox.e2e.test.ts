import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInThroughForm, snapshot } from './support/browser.ts';
import { browserSuite } from './support/suite.ts';

/** The firm's mail server, as the test says: busy (451 for every recipient), refusing one address for good (550), or fine. */
const smtp = { mode: 'busy' as 'busy' | 'fine', accepted: [] as string[], server: undefined as SMTPServer | undefined };
const env: Record<string, string> = {};

beforeAll(async () => {
  smtp.server = new SMTPServer({
    disabledCommands: ['STARTTLS'], logger: false, authOptional: false, allowInsecureAuth: true,
    onAuth: (auth, _s, cb) => cb(null, { user: auth.username }),
    onRcptTo(addr, _s, cb) {
      if (addr.address.startsWith('nobody')) return cb(Object.assign(new Error(`5.1.1 <${addr.address}>: Recipient address rejected: User unknown`), { responseCode: 550 }));
      if (smtp.mode === 'busy') return cb(Object.assign(new Error('4.3.2 Service currently unavailable, try again later'), { responseCode: 451 }));
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

interface Listed { id: string; subject: string; status: string; to: string[] }

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
  it('an admin sees mail failing during an outage with its error, retries it when the server is back, and sees a refused one', async () => {
    // Two invitations: one the busy server puts off (451), one it refuses for good (550).
    for (const [email, name] of [['dana.analyst@irfirm.example', 'Dana Analyst'], ['nobody@irfirm.example', 'No Body']]) {
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
    expect(await refused.textContent()).toContain('recipient refused: 550 5.1.1 <…@irfirm.example>: Recipient address rejected: User unknown');
    expect(await page.content()).not.toContain('Relay-Pa55word');
    await snapshot(page, 'outbox-failing');

    // The server is back: retry now instead of waiting for the next attempt.
    smtp.mode = 'fine';
    await failing.getByRole('button', { name: /^Retry/ }).click();
    await page.getByText('Queued again').waitFor();
    const delivered = await waitForStatus('dana.analyst@irfirm.example', 'delivered');
    expect(smtp.accepted).toContain('dana.analyst@irfirm.example');
    await page.getByRole('button', { name: 'Refresh' }).click();
    await failing.getByText('Delivered', { exact: true }).waitFor();

    // Only failed ones, through the filter: the refused address is still refused.
    await page.locator('label[for$="-failed"]').click();
    await page.waitForURL((u) => u.searchParams.get('status') === 'failed');
    await expect.poll(async () => table.getByRole('row').count()).toBe(2);
    await refused.waitFor();
    await snapshot(page, 'outbox-failed-filter');

    // The retry is in the audit log.
    const audit = await t.admin.call<{ items: { action: string; entityId: string }[] }>('GET', '/audit?action=outbox.retried');
    expect(audit.body.items.map((e) => e.entityId)).toEqual([delivered.id]);
  });
});
