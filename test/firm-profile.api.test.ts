import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { makeUserWithToken } from './support/factories.ts';
import { authHeaders, call, createTestEnv, type Auth, type TestEnv } from './support/harness.ts';
import { encodePng } from '../src/core/files/png.ts';
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
      timeZone: 'UTC',
    });
    expect(await t.core.services.settings.firmProfile(t.db.kysely)).toMatchObject({ name: 'IMR Desk', hotlines: [] });
  });

  it('lets an admin change it with a reason, audited, field by field', async () => {
    const r = await patch(admin.auth, { profile, reason: 'Our letterhead' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().profile).toEqual({ ...profile, logo: null, timeZone: 'UTC' });
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
    expect(await t.core.services.settings.firmSettings(t.db.kysely)).toMatchObject({
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

const putLogo = (auth: Auth, content: Buffer | string, name: string, reason: string | null = 'New brand') => {
  const form = new FormData();
  if (reason !== null) form.append('reason', reason);
  form.append('logo', new Blob([new Uint8Array(Buffer.from(content))]), name);
  return t.app.inject({
    method: 'PUT',
    url: '/api/v1/settings/logo',
    headers: authHeaders(auth, 'PUT'),
    payload: form as unknown as string,
  });
};

const safeSvg =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 30"><style>.a{fill:#1c4e80}</style><rect class="a" width="100" height="30"/></svg>';

describe('the firm logo', () => {
  it('refuses unsafe SVGs, other types, oversized files and non-admins, changing nothing', async () => {
    const irm = await makeUserWithToken(t, { role: 'ir_manager' });
    for (const svg of [
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
      '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>',
      '<svg xmlns="http://www.w3.org/2000/svg"><use href="https://evil.example/x.svg#a"/></svg>',
      '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>',
      '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
    ]) {
      const e = await refused(() => putLogo(admin.auth, svg, 'logo.svg'), 422, 'LOGO_NOT_ALLOWED');
      expect(e.detail).toMatch(/This SVG cannot be the logo: .+\. Save it as a plain SVG/);
    }
    await refused(() => putLogo(admin.auth, '%PDF-1.7 not a logo', 'logo.png'), 422, 'LOGO_NOT_ALLOWED');
    const big = Buffer.concat([encodePng(4, 4, () => [0, 0, 0]), Buffer.alloc(300 * 1024)]);
    await refused(() => putLogo(admin.auth, big, 'big.png'), 422, 'FILE_TOO_LARGE');
    await refused(() => putLogo(irm.auth, safeSvg, 'logo.svg'), 403, 'FORBIDDEN');
    await refused(() => putLogo(admin.auth, safeSvg, 'logo.svg', null), 400, 'VALIDATION_FAILED');
    expect((await call(t.app, null, 'GET', '/api/v1/firm/logo')).statusCode).toBe(404);
  });

  it('stores a plain SVG and serves it never as active content', async () => {
    const r = await putLogo(admin.auth, safeSvg, 'harbour.svg');
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({
      contentType: 'image/svg+xml',
      url: expect.stringMatching(/^\/api\/v1\/firm\/logo\?v=/),
    });
    const served = await call(t.app, null, 'GET', r.json().url);
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(served.headers['content-security-policy']).toBe("default-src 'none'; style-src 'unsafe-inline'; sandbox");
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(served.body).toBe(safeSvg);
    const view = (await call(t.app, admin.auth, 'GET', '/api/v1/settings')).json();
    expect(view.profile.logo).toEqual(r.json());
  });

  it('draws a PNG logo on the letterhead, serves it as image/png, and removes it with a reason', async () => {
    const png = encodePng(60, 20, (x) => [28, 78, 128 + x]);
    const r = await putLogo(admin.auth, png, 'harbour.png');
    expect(r.statusCode, r.body).toBe(200);
    const served = await call(t.app, null, 'GET', '/api/v1/firm/logo');
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['content-security-policy']).toContain('sandbox');
    expect(served.rawPayload.equals(png)).toBe(true);

    const w = await makeWorkOrderWorld(t);
    const { wo } = await sentWorkOrder(t, w);
    const pdf = (await call(t.app, w.approver.auth, 'GET', `/api/v1/work-orders/${wo.id}/pdf`)).rawPayload;
    expect(pdf.toString('latin1')).toContain('/Subtype /Image');

    await refused(
      () => call(t.app, w.irManager.auth, 'DELETE', '/api/v1/settings/logo', { reason: 'test' }),
      403,
      'FORBIDDEN',
    );
    const d = await call(t.app, admin.auth, 'DELETE', '/api/v1/settings/logo', { reason: 'Rebranding' });
    expect(d.statusCode, d.body).toBe(204);
    expect((await call(t.app, null, 'GET', '/api/v1/firm/logo')).statusCode).toBe(404);
    expect((await call(t.app, admin.auth, 'GET', '/api/v1/settings')).json().profile.logo).toBeNull();
  });
});

describe('the portal: the firm and my account team', () => {
  it('shows a customer user the hotlines and only his own account team, with work phones and no ids', async () => {
    const a = await makeWorkOrderWorld(t);
    const b = await makeWorkOrderWorld(t);
    const phone = await call(t.app, admin.auth, 'PATCH', `/api/v1/users/${a.accountManager.id}`, {
      workPhone: '+353 1 555 0142',
    });
    expect(phone.statusCode, phone.body).toBe(200);
    expect(phone.json().workPhone).toBe('+353 1 555 0142');

    const nameOf = async (id: string): Promise<string> =>
      (await call(t.app, admin.auth, 'GET', `/api/v1/users/${id}`)).json().name;
    const aName = await nameOf(a.accountManager.id);
    const bName = await nameOf(b.accountManager.id);
    const r = await call(t.app, a.viewer.auth, 'GET', '/api/v1/portal/firm');
    expect(r.statusCode, r.body).toBe(200);
    const firm = r.json();
    expect(firm).toMatchObject({ name: profile.name, hotlines: profile.hotlines, supportEmail: profile.supportEmail });
    expect(firm.accountTeam).toEqual([
      { name: aName, role: 'Account manager', email: a.accountManager.email, phone: '+353 1 555 0142' },
    ]);
    expect(r.body).not.toContain(bName);
    expect(r.body).not.toMatch(/usr_|cus_|org_|fil_/);

    const other = (await call(t.app, b.approver.auth, 'GET', '/api/v1/portal/firm')).json();
    expect(other.accountTeam.map((m: { name: string }) => m.name)).toEqual([bName]);
    expect((await call(t.app, a.irManager.auth, 'GET', '/api/v1/portal/firm')).json().accountTeam).toEqual([]);
    expect((await call(t.app, null, 'GET', '/api/v1/portal/firm')).statusCode).toBe(401);
  });

  it('lets staff set their own work phone; refuses customers and bad numbers, changing nothing', async () => {
    const w = await makeWorkOrderWorld(t);
    const me = await call(t.app, w.accountManager.auth, 'PATCH', '/api/v1/auth/me', { workPhone: '+1 312 555 0100' });
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json().workPhone).toBe('+1 312 555 0100');
    const team = (await call(t.app, w.viewer.auth, 'GET', '/api/v1/portal/firm')).json().accountTeam;
    expect(team[0].phone).toBe('+1 312 555 0100');

    await refused(
      () => call(t.app, w.accountManager.auth, 'PATCH', '/api/v1/auth/me', { workPhone: 'ring me' }),
      400,
      'VALIDATION_FAILED',
    );
    await refused(
      () => call(t.app, w.viewer.auth, 'PATCH', '/api/v1/auth/me', { workPhone: '+1 312 555 0199' }),
      422,
      'BUSINESS_RULE',
    );
    await refused(
      () => call(t.app, admin.auth, 'PATCH', `/api/v1/users/${w.viewer.id}`, { workPhone: '+1 312 555 0199' }),
      422,
      'BUSINESS_RULE',
    );
    await refused(
      () => call(t.app, w.accountManager.auth, 'PATCH', `/api/v1/users/${w.accountManager.id}`, { workPhone: null }),
      403,
      'FORBIDDEN',
    );
    const cleared = await call(t.app, w.accountManager.auth, 'PATCH', '/api/v1/auth/me', { workPhone: null });
    expect(cleared.json().workPhone).toBeNull();
  });
});
