import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodePng } from '../src/core/files/png.ts';
import { makeUserWithToken } from './support/factories.ts';
import { runImr as imr } from './support/cli-runner.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';

let t: TestEnv;
let admin: Awaited<ReturnType<typeof makeUserWithToken>>;
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'imr-firm-cli-'));
const saved = { ...process.env };

beforeAll(async () => {
  t = await createTestEnv();
  admin = await makeUserWithToken(t, { role: 'admin' });
  const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
  Object.assign(process.env, { IMR_URL: url, IMR_TOKEN: admin.auth.token, XDG_CONFIG_HOME: home });
});
afterAll(async () => {
  process.env = saved;
  fs.rmSync(home, { recursive: true, force: true });
  await t.close();
});

describe('imr settings', () => {
  it('shows and sets the firm profile, uploads a logo and refuses bad input without changing anything', async () => {
    const before = await imr('settings', 'show');
    expect(before.code, before.err).toBe(0);
    expect(before.out).toContain('Firm: IMR Desk');
    const set = await imr(
      'settings',
      'set',
      '--name',
      'Harbour IR',
      '--address',
      '1 Quay St\\nDublin',
      '--hotline',
      '24×7 (EU)=+353 1 555 0100',
      '--hotline',
      '24×7 (US)=+1 212 555 0199',
      '--support-email',
      'help@harbour.example',
      '--reason',
      'Letterhead',
    );
    expect(set.code, set.err).toBe(0);
    expect(set.out).toContain('Firm: Harbour IR');
    expect(set.out).toContain('Hotline: 24×7 (US) +1 212 555 0199');
    expect(set.out).toContain('  Dublin');
    expect(set.out).not.toMatch(/usr_|fil_/);

    const bad = await imr('settings', 'set', '--website', 'javascript:alert(1)', '--reason', 'oops');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('VALIDATION_FAILED');
    expect((await call(t.app, admin.auth, 'GET', '/api/v1/settings')).json().profile.website).toBeNull();

    const png = path.join(home, 'logo.png');
    fs.writeFileSync(
      png,
      encodePng(8, 8, () => [10, 20, 30]),
    );
    const logo = await imr('settings', 'logo', png, '--reason', 'Brand');
    expect(logo.code, logo.err).toBe(0);
    expect(logo.out).toContain('Logo saved (PNG)');
    const svg = path.join(home, 'evil.svg');
    fs.writeFileSync(svg, '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
    const evil = await imr('settings', 'logo', svg, '--reason', 'Brand');
    expect(evil.code).not.toBe(0);
    expect(evil.err).toContain('event attribute');
    expect((await imr('settings', 'show')).out).toContain('Logo: PNG');
  });

  it('lets staff set their own work phone', async () => {
    const r = await imr('me', 'set-phone', '+353 1 555 0111');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('Work phone: +353 1 555 0111.');
  });

  it('sets the time zone of one’s emails, and refuses an unknown one', async () => {
    const r = await imr('me', 'set-time-zone', 'Europe/Dublin');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('Time zone of your emails: Europe/Dublin.');
    const bad = await imr('me', 'set-time-zone', 'Moon/Base');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('IANA time zone');
  });
});
