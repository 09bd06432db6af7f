import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.ts';
import { serve, type RunningServer } from '../src/main/serve.ts';

const root = path.resolve(import.meta.dirname, '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imr-cli-'));
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'imr-cli-home-'));
const env = {
  DATA_DIR: dir,
  PORT: '0',
  LOG_LEVEL: 'silent',
  IMR_ADMIN_EMAIL: 'ops@example.test',
  IMR_ADMIN_PASSWORD: 'Cli-Test-Password-1',
  XDG_CONFIG_HOME: home,
  IMR_URL: '',
  IMR_TOKEN: '',
};

/** Runs the CLI in a child process without blocking this one (which may host the server it talks to). */
function imr(
  args: string[],
  extra: Record<string, string> = {},
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(root, 'bin/imr.js'), ...args],
      { env: { ...process.env, ...env, ...extra }, encoding: 'utf8', timeout: 60_000 },
      (error, out, err) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, out, err });
      },
    );
  });
}

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(home, { recursive: true, force: true });
});

describe('imr on the embedded database (no server running)', () => {
  beforeAll(async () => {
    const s = await serve({ config: loadConfig(env), workers: true, announce: () => {} });
    await s.stop();
  });

  it('creates and lists users in-process, with --json', async () => {
    const created = await imr([
      'users',
      'create',
      '--email',
      'analyst@example.test',
      '--name',
      'An Analyst',
      '--role',
      'consultant',
      '--json',
    ]);
    expect(created.code, created.err).toBe(0);
    expect(JSON.parse(created.out)).toMatchObject({
      email: 'analyst@example.test',
      role: 'consultant',
      status: 'invited',
    });
    const list = await imr(['users', 'list', '--json']);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.out).map((u: { email: string }) => u.email)).toEqual(
      expect.arrayContaining(['ops@example.test', 'analyst@example.test']),
    );
    const mail = await imr(['mail', 'list', '--json']);
    expect(mail.code).toBe(0);
    expect(JSON.parse(mail.out)).toEqual([]); // delivered by the worker, not by the CLI: the invitation waits in the outbox
    const status = await imr(['db', 'status', '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.out).every((m: { executedAt: string | null }) => m.executedAt)).toBe(true);
  });

  it('answers errors with a message and a documented exit code, never a stack trace', async () => {
    const bad = await imr(['users', 'create', '--email', 'x@example.test', '--name', 'X', '--role', 'pilot']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('VALIDATION_FAILED');
    expect(bad.err).not.toMatch(/\n\s+at /);
    const missing = await imr(['users', 'disable', 'usr_nope']);
    expect(missing.code).toBe(5);
    const usage = await imr(['frobnicate']);
    expect(usage.code).toBe(2);
    const worker = await imr(['worker']);
    expect(worker.code).toBe(8);
    expect(worker.err).toContain('needs DATABASE_URL');
    const split = await imr(['serve', '--no-build'], { IMR_WORKERS: '0' });
    expect(split.code).not.toBe(0);
    expect(split.err).toContain('IMR_WORKERS=0 needs DATABASE_URL');
    expect(split.err).not.toMatch(/\n\s+at /);
    const config = await imr(['users', 'list'], { PORT: 'eighty' });
    expect(config.code).toBe(2);
    expect(config.err).toContain('PORT');
  });
});

describe('imr against a running server', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await serve({ config: loadConfig(env), announce: () => {} });
  });
  afterAll(async () => server.stop());

  it('logs in, keeps a token, and uses the API; database commands refuse while the server holds the folder', async () => {
    const login = await imr(['login', '--url', server.url, '--email', 'ops@example.test'], {
      IMR_PASSWORD: 'Cli-Test-Password-1',
    });
    expect(login.code, login.err).toBe(0);
    const creds = JSON.parse(fs.readFileSync(path.join(home, 'imr/credentials.json'), 'utf8'));
    expect(creds).toMatchObject({ url: server.url, email: 'ops@example.test' });
    expect(creds.token).toMatch(/^imr_/);
    expect((fs.statSync(path.join(home, 'imr/credentials.json')).mode & 0o777).toString(8)).toBe('600');
    const list = await imr(['users', 'list', '--json']);
    expect(list.code, list.err).toBe(0);
    expect(JSON.parse(list.out).length).toBeGreaterThanOrEqual(2);
    const tokens = await imr(['tokens', 'list', '--json']);
    expect(tokens.code).toBe(0);
    expect(JSON.parse(tokens.out)[0].name).toMatch(/^imr CLI on /);
    const migrate = await imr(['db', 'migrate']);
    expect(migrate.code).toBe(8);
    const wrong = await imr(['login', '--url', server.url, '--email', 'ops@example.test'], {
      IMR_PASSWORD: 'nope-nope-nope',
    });
    expect(wrong.code).toBe(3);
  });

  it('imr tokens revoke --all revokes every token of the user at once (its own included); without an id or --all it refuses', async () => {
    const made = await imr(['tokens', 'create', '--name', 'second script', '--json']);
    expect(made.code, made.err).toBe(0);
    const neither = await imr(['tokens', 'revoke']);
    expect(neither.code).not.toBe(0);
    expect(neither.err).toContain('--all');
    const all = await imr(['tokens', 'revoke', '--all']);
    expect(all.code, all.err).toBe(0);
    expect(all.out).toMatch(/Revoked [2-9]\d* tokens/);
    const after = await imr(['tokens', 'list', '--json']);
    expect(after.code).toBe(3); // the CLI's own token is revoked too: sign in again
    const secret = (JSON.parse(made.out) as { token: string }).token;
    const me = await fetch(`${server.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${secret}` } });
    expect(me.status).toBe(401);
  });

  it('imr login --token keeps an API token made in the web UI (the way in for staff who sign in with single sign-on); a wrong one is refused and nothing kept', async () => {
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ops@example.test', password: 'Cli-Test-Password-1' }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const made = await fetch(`${server.url}/api/v1/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({ name: 'made in the web UI' }),
    });
    const { token } = (await made.json()) as { token: string };
    const file = path.join(home, 'imr/credentials.json');
    fs.rmSync(file, { force: true });

    const wrong = await imr(['login', '--url', server.url, '--token', 'imr_not-a-real-token']);
    expect(wrong.code).toBe(3);
    expect(fs.existsSync(file)).toBe(false);

    const ok = await imr(['login', '--url', server.url, '--token', token]);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toContain('as ops@example.test with an API token');
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ url: server.url, token, email: 'ops@example.test' });
    const tokens = await imr(['tokens', 'list', '--json']);
    expect(tokens.code, tokens.err).toBe(0);
    expect(JSON.parse(tokens.out).map((t: { name: string }) => t.name)).toContain('made in the web UI');

    // Without single sign-on set up, staff passwords cannot be turned off.
    const show = await imr(['settings', 'sign-in']);
    expect(show.out).toContain('Single sign-on: not set up');
    const off = await imr(['settings', 'sign-in', '--staff-passwords', 'admins_only', '--reason', 'all through SSO']);
    expect(off.code).toBe(7);
    expect(off.err).toContain('OIDC_ISSUER');
  });
});
