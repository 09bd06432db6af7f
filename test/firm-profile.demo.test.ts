import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../src/demo/index.ts';
import { demoFirm } from '../src/demo/firm.ts';
import { DEMO_PASSWORD } from '../src/demo/staff.ts';
import { makeProvider, makeUserWithToken } from './support/factories.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';
import { pdfText } from './support/pdf-text.ts';

let t: TestEnv;
beforeAll(async () => {
  t = await createTestEnv();
});
afterAll(async () => t.close());

describe('demo data: the firm profile', () => {
  it('fills the profile, the logo and work phones; the portal, emails and EWO PDFs use them', async () => {
    await makeProvider(t);
    const admin = await makeUserWithToken(t, { role: 'admin' });
    expect((await loadDemoData(t.core)).loaded).toBe(true);

    const settings = (await call(t.app, admin.auth, 'GET', '/api/v1/settings')).json();
    expect(settings.profile).toMatchObject({ ...demoFirm, logo: { contentType: 'image/svg+xml' } });
    expect(settings.profile.hotlines).toHaveLength(2);
    const logo = await call(t.app, null, 'GET', settings.profile.logo.url);
    expect(logo.statusCode).toBe(200);
    expect(logo.headers['content-security-policy']).toContain('sandbox');

    const approver = await t.db.kysely
      .selectFrom('users')
      .select('email')
      .where('role', '=', 'customer_approver')
      .orderBy('email')
      .executeTakeFirstOrThrow();
    const login = await call(t.app, null, 'POST', '/api/v1/auth/login', {
      email: approver.email,
      password: DEMO_PASSWORD,
    });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const firm = await t.app.inject({ method: 'GET', url: '/api/v1/portal/firm', headers: { cookie } });
    expect(firm.statusCode, firm.body).toBe(200);
    expect(firm.json().hotlines).toEqual(demoFirm.hotlines);
    expect(firm.json().accountTeam.length).toBeGreaterThan(0);
    expect(firm.json().accountTeam.some((m: { phone: string | null }) => m.phone)).toBe(true);

    const mail = await t.db.kysely.selectFrom('outbox').select('payload').limit(1).executeTakeFirstOrThrow();
    expect(mail.payload.text).toContain('+44 20 7946 0321');

    const sent = await t.db.kysely.selectFrom('work_orders').select('id').orderBy('number').execute();
    let found = false;
    for (const { id } of sent) {
      const pdf = await call(t.app, admin.auth, 'GET', `/api/v1/work-orders/${id}/pdf`);
      if (pdf.statusCode !== 200) continue;
      const text = (await pdfText(pdf.rawPayload)).replace(/\s+/g, ' ');
      expect(text).toContain(demoFirm.name);
      expect(text).toContain('+44 20 7946 0321');
      found = true;
      break;
    }
    expect(found).toBe(true);
  });
});
