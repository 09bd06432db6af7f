import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { makeUserWithToken } from './support/factories.ts';
import { call, createTestEnv, type Auth, type TestEnv } from './support/harness.ts';
import { pdfText } from './support/pdf-text.ts';
import { makeRequestWorld } from './support/request-factories.ts';
import { makeWorkOrderWorld, sentWorkOrder } from './support/workorder-world.ts';

let t: TestEnv;
let admin: Awaited<ReturnType<typeof makeUserWithToken>>;
beforeAll(async () => {
  t = await createTestEnv();
  admin = await makeUserWithToken(t, { role: 'admin' });
});
afterAll(async () => t.close());

const patch = (auth: Auth, body: unknown) => call(t.app, auth, 'PATCH', '/api/v1/settings', body);

/** What a refusal must leave as it was: the settings rows, the audit log, the settings as read. */
async function snapshot() {
  const rows = await t.db.kysely.selectFrom('settings').selectAll().orderBy('key').execute();
  const audits = await t.db.kysely
    .selectFrom('audit_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const view = (await call(t.app, admin.auth, 'GET', '/api/v1/settings')).json();
  return JSON.stringify({ rows, audits: Number(audits.n), view });
}

async function refused(p: () => Promise<{ statusCode: number; json(): unknown }>, status: number, code: string) {
  const before = await snapshot();
  const r = await p();
  const body = r.json() as { code: string; detail: string; errors?: { path: string }[] };
  expect(`${r.statusCode} ${body.code}`, JSON.stringify(body)).toBe(`${status} ${code}`);
  expect(await snapshot()).toBe(before);
  return body;
}

const profile = {
  name: 'Harbour Incident Response Ltd',
  postalAddress: '12 Quay Street\nDublin D02 XY45\nIreland',
  hotlines: [
    { label: '24×7 hotline (EU)', number: '+353 1 555 0100' },
    { label: '24×7 hotline (US)', number: '+1 (212) 555-0199' },
  ],
  supportEmail: 'support@harbour-ir.example',
  website: 'https://harbour-ir.example',
};

describe('the firm profile in the firm settings', () => {
  it('reads the defaults before anything is stored', async () => {
    const r = await call(t.app, admin.auth, 'GET', '/api/v1/settings');
    expect(r.statusCode).toBe(200);
    expect(r.json().profile).toEqual({
      name: 'IMR Desk',
      postalAddress: '',
      hotlines: [],
      supportEmail: null,
      website: null,
      logo: null,
    });
    expect(await t.core.services.settings.firmProfile(t.db.kysely)).toMatchObject({ name: 'IMR Desk', hotlines: [] });
  });

  it('lets an admin change it with a reason, audited, field by field', async () => {
    const r = await patch(admin.auth, { profile, reason: 'Our letterhead' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().profile).toEqual({ ...profile, logo: null });
    expect(r.json().leadTimeDays).toBe(28);
    const audit = await t.db.kysely
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'settings.updated')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.before).toMatchObject({ 'profile.name': 'IMR Desk', 'profile.hotlines': [] });
    expect(audit.after).toMatchObject({ 'profile.name': profile.name, reason: 'Our letterhead' });

    const again = await patch(admin.auth, { profile: { website: null }, leadTimeDays: 30, reason: 'No site yet' });
    expect(again.json().profile).toMatchObject({ name: profile.name, website: null, hotlines: profile.hotlines });
    expect(again.json().leadTimeDays).toBe(30);
    expect(await t.core.services.settings.firmProfile(t.db.kysely)).toMatchObject({
      name: profile.name,
      website: null,
    });
    expect(await t.core.services.settings.firmSettings(t.db.kysely)).toEqual({
      leadTimeDays: 30,
      emergencyApprovalDeadlineHours: 48,
      proactiveApprovalDeadlineDays: 14,
    });
    await patch(admin.auth, { profile: { website: profile.website }, leadTimeDays: 28, reason: 'Site is live' });
  });

  it('refuses non-admins and bad values, changing nothing', async () => {
    const irm = await makeUserWithToken(t, { role: 'ir_manager' });
    const w = await makeRequestWorld(t);
    await refused(() => patch(irm.auth, { profile: { name: 'Evil' }, reason: 'takeover' }), 403, 'FORBIDDEN');
    await refused(() => patch(w.approver.auth, { profile: { name: 'Evil' }, reason: 'takeover' }), 403, 'FORBIDDEN');
    expect((await call(t.app, w.approver.auth, 'GET', '/api/v1/settings')).statusCode).toBe(403);
    for (const bad of [
      { supportEmail: 'not an email' },
      { website: 'javascript:alert(1)' },
      { website: 'ftp://harbour-ir.example' },
      { hotlines: [{ label: 'Hotline', number: 'call us' }] },
      { hotlines: [{ label: '', number: '+1 212 555 0100' }] },
      { name: '' },
      { logo: { fileId: 'fil_x', contentType: 'image/png', url: '/x' } },
    ]) {
      const e = await refused(() => patch(admin.auth, { profile: bad, reason: 'typo' }), 400, 'VALIDATION_FAILED');
      expect(e.detail.length).toBeGreaterThan(0);
    }
    await refused(() => patch(admin.auth, { profile: {}, reason: 'nothing' }), 400, 'VALIDATION_FAILED');
    await refused(() => patch(admin.auth, { profile: { name: 'No reason' } }), 400, 'VALIDATION_FAILED');
  });
});

describe("every email in the firm's name", () => {
  it('sends from "Firm" <address> with the firm\'s hotlines and support in the footer (text and HTML)', async () => {
    const r = await call(t.app, admin.auth, 'POST', '/api/v1/users', {
      email: 'new.analyst@harbour-ir.example',
      name: 'New Analyst',
      role: 'consultant',
    });
    expect(r.statusCode, r.body).toBe(201);
    const outbox = await t.db.kysely
      .selectFrom('outbox')
      .selectAll()
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(outbox.payload.text).toContain('In an emergency call 24×7 hotline (EU) +353 1 555 0100');
    expect(outbox.payload.text).not.toContain('[[imr:firm-signature]]');
    await t.core.services.delivery.deliverDue();
    const row = await t.db.kysely
      .selectFrom('mailbox_messages')
      .selectAll()
      .where('outbox_id', '=', outbox.id)
      .executeTakeFirstOrThrow();
    const mail = await simpleParser(row.raw);
    expect(mail.from?.value[0]).toMatchObject({ name: profile.name, address: 'imr@localhost' });
    expect(mail.text).toContain(`${profile.name} · In an emergency call 24×7 hotline (EU) +353 1 555 0100`);
    expect(mail.text).toContain('support@harbour-ir.example · https://harbour-ir.example');
    expect(mail.html).toContain('24×7 hotline (US) +1 (212) 555-0199');
    expect(mail.html).not.toContain('imr:firm-signature');
  });
});

describe("every PDF on the firm's paper", () => {
  it("prints the letterhead (name, address, hotlines) and the firm's footer on an EWO", async () => {
    const w = await makeWorkOrderWorld(t);
    const { wo } = await sentWorkOrder(t, w);
    const r = await call(t.app, w.approver.auth, 'GET', `/api/v1/work-orders/${wo.id}/pdf`);
    expect(r.statusCode).toBe(200);
    const text = (await pdfText(r.rawPayload)).replace(/\s+/g, ' ');
    for (const s of [
      profile.name,
      '12 Quay Street',
      'Dublin D02 XY45',
      '+353 1 555 0100',
      '+1 (212) 555-0199',
      `${profile.name} · 24×7 hotline (EU) +353 1 555 0100 · support@harbour-ir.example`,
      wo.number,
    ])
      expect(text).toContain(s);
  });
});
