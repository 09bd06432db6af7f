import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.ts';
import { acquireDataDirLock, lockFileName, lockHolder, processStartTime } from '../src/db/lock.ts';
import { serve, type RunningServer } from '../src/main/serve.ts';

const root = path.resolve(import.meta.dirname, '..');
const imr = path.join(root, 'bin/imr.js');
const tmpDirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'imr-lock-'));
  tmpDirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

function runImr(args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, [imr, ...args], {
    env: { ...process.env, IMR_URL: '', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('data folder lock', () => {
  it('refuses a second lock in the same folder, naming the holder', () => {
    const dir = tmp();
    const lock = acquireDataDirLock(dir, { purpose: 'test holder' });
    try {
      expect(() => acquireDataDirLock(dir, { purpose: 'intruder' })).toThrow(
        new RegExp(`in use by process ${process.pid}`),
      );
    } finally {
      lock.release();
    }
    const again = acquireDataDirLock(dir, { purpose: 'after release' });
    again.release();
    expect(fs.existsSync(path.join(dir, lockFileName))).toBe(false);
  });

  it('takes over a lock whose process died (kill -9), with a warning', async () => {
    const dir = tmp();
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `
      const { acquireDataDirLock } = await import(${JSON.stringify(path.join(root, 'src/db/lock.ts'))});
      acquireDataDirLock(${JSON.stringify(dir)}, { purpose: 'doomed' });
      console.log('locked');
      setInterval(() => {}, 1000);
    `,
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) =>
      child.stdout!.on('data', (d: Buffer) => d.toString().includes('locked') && resolve()),
    );
    expect(() => acquireDataDirLock(dir, { purpose: 'too early' })).toThrow(/in use by process/);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const warnings: string[] = [];
    const lock = acquireDataDirLock(dir, { purpose: 'successor', warn: (m) => warnings.push(m) });
    expect(warnings.join()).toMatch(new RegExp(`from process ${child.pid} .*no longer exists`));
    expect(JSON.parse(fs.readFileSync(path.join(dir, lockFileName), 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('takes over a lock whose pid now belongs to an unrelated process (start time differs), with a warning', async () => {
    const dir = tmp();
    const sleeper = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      await new Promise((r) => sleeper.once('spawn', r));
      const realStart = processStartTime(sleeper.pid!);
      expect(realStart).toBeDefined(); // Linux: /proc/<pid>/stat
      fs.writeFileSync(
        path.join(dir, lockFileName),
        JSON.stringify({
          pid: sleeper.pid,
          startTime: String(Number(realStart) - 12345),
          host: os.hostname(),
          purpose: 'server',
          since: '2026-01-01T00:00:00.000Z',
        }),
      );
      const warnings: string[] = [];
      const lock = acquireDataDirLock(dir, { purpose: 'successor', warn: (m) => warnings.push(m) });
      expect(warnings.join()).toMatch(new RegExp(`process ${sleeper.pid} .*another program`));
      const mine = JSON.parse(fs.readFileSync(path.join(dir, lockFileName), 'utf8'));
      expect(mine).toMatchObject({ pid: process.pid, startTime: processStartTime(process.pid) });
      lock.release();

      // The same pid with its real start time is the holder: refused, and the lock file is left alone.
      const held = JSON.stringify({
        pid: sleeper.pid,
        startTime: realStart,
        host: os.hostname(),
        purpose: 'server',
        since: '2026-01-01T00:00:00.000Z',
      });
      fs.writeFileSync(path.join(dir, lockFileName), held);
      expect(() => acquireDataDirLock(dir, { purpose: 'intruder' })).toThrow(
        new RegExp(`in use by process ${sleeper.pid}`),
      );
      expect(fs.readFileSync(path.join(dir, lockFileName), 'utf8')).toBe(held);
      expect(lockHolder(dir)?.pid).toBe(sleeper.pid);
    } finally {
      sleeper.kill('SIGKILL');
    }
  });

  describe('with a running server', () => {
    let server: RunningServer;
    const dir = tmp();
    afterAll(async () => server?.stop());

    it('a second process on the same folder refuses clearly (exit 8), and the first keeps working with nothing lost', async () => {
      const config = loadConfig({
        DATA_DIR: dir,
        PORT: '0',
        LOG_LEVEL: 'silent',
        IMR_ADMIN_EMAIL: 'boss@example.test',
        IMR_ADMIN_PASSWORD: 'Lock-Test-Password-1',
      });
      server = await serve({ config, announce: () => {} });
      const login = await fetch(`${server.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'boss@example.test', password: 'Lock-Test-Password-1' }),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const { csrfToken } = (await login.json()) as { csrfToken: string };
      const created = await fetch(`${server.url}/api/v1/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
        body: JSON.stringify({ name: 'before intruder' }),
      });
      expect(created.status).toBe(201);

      const second = runImr(['db', 'migrate'], { DATA_DIR: dir, PORT: '0' });
      expect(second.status).toBe(8);
      expect(second.stderr).toContain('DATA_DIR_LOCKED');
      expect(second.stderr).toContain(`in use by process ${process.pid}`);
      expect(second.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace

      const serve2 = runImr(['serve', '--no-build'], { DATA_DIR: dir, PORT: '0' });
      expect(serve2.status).toBe(8);

      const me = await fetch(`${server.url}/api/v1/tokens`, { headers: { cookie } });
      expect(me.status).toBe(200);
      const tokens = (await me.json()) as { items: { name: string }[] };
      expect(tokens.items.map((x) => x.name)).toContain('before intruder');
    });
  });
});
