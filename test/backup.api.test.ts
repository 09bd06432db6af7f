import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupHeader, readBackupHeader } from '../src/db/backup/backup-file.ts';
import { inventory, poolQuery, type Inventory } from '../src/db/backup/inventory.ts';
import { postgresIsEmpty } from '../src/db/backup/postgres.ts';
import { createDb, type Db } from '../src/db/create-db.ts';
import { acquireDataDirLock, type DataDirLock } from '../src/db/lock.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { loadDemoData } from '../src/demo/index.ts';
import { runImrWith } from './support/cli-runner.ts';
import { makeProvider, makeUserWithToken } from './support/factories.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';

const pgUrl = process.env['TEST_DATABASE_URL'];
const dirs: string[] = [];
const tmp = (prefix = 'imr-backup-') => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** The environment of a CLI run: no stored login, nothing listening at the default address. */
const cliEnv = (o: Record<string, string | undefined>) => ({
  XDG_CONFIG_HOME: tmp('imr-backup-cfg-'),
  PUBLIC_URL: 'http://127.0.0.1:9',
  IMR_URL: undefined,
  IMR_TOKEN: undefined,
  DATABASE_URL: undefined,
  DATA_DIR: undefined,
  ...o,
});

/** A data folder's inventory, read with the folder opened (and locked) for the moment. */
async function folderInventory(dir: string): Promise<Inventory> {
  const lock = acquireDataDirLock(dir, { purpose: 'test read' });
  const db = await createDb({ kind: 'pglite', lock });
  try {
    return await inventory(poolQuery(db));
  } finally {
    await db.close();
    lock.release();
  }
}

/** A file like `file` whose manifest is changed by `edit`. */
function withManifest(file: string, edit: (m: Record<string, unknown>) => void): string {
  const { manifest, payloadOffset } = readBackupHeader(file);
  edit(manifest as unknown as Record<string, unknown>);
  const out = path.join(tmp(), 'edited.imrbak');
  fs.writeFileSync(out, Buffer.concat([backupHeader(manifest), fs.readFileSync(file).subarray(payloadOffset)]));
  return out;
}

/** An embedded installation on disk (DATA_DIR), with the demo data and a running server. */
interface Embedded {
  dir: string;
  lock: DataDirLock;
  t: TestEnv;
  url: string;
  adminToken: string;
  contractId: string;
  close(): Promise<void>;
}

async function embeddedInstallation(): Promise<Embedded> {
  const dir = tmp();
  const lock = acquireDataDirLock(dir, { purpose: 'test server' });
  const db = await createDb({ kind: 'pglite', lock });
  await migrateToLatest(db);
  const t = await createTestEnv({ db });
  await makeProvider(t);
  await loadDemoData(t.core);
  const admin = await makeUserWithToken(t, { role: 'admin' });
  const url = await t.app.listen({ host: '127.0.0.1', port: 0 });
  const contract = await t.db.kysely
    .selectFrom('contracts')
    .select('id')
    .where('status', '=', 'active')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  return {
    dir,
    lock,
    t,
    url,
    adminToken: admin.auth.token,
    contractId: contract.id,
    async close() {
      await t.close();
      lock.release();
    },
  };
}

describe('embedded backup through the running server, and restore', () => {
  let e: Embedded;
  let file: string;
  beforeAll(async () => {
    e = await embeddedInstallation();
  }, 120_000);
  afterAll(async () => e?.close());

  it('refuses the backup endpoint to anyone but an administrator (403), and writes nothing', async () => {
    const manager = await makeUserWithToken(e.t, { role: 'ir_manager' });
    const before = await inventory(poolQuery(e.t.db));
    const r = await call(e.t.app, manager.auth, 'POST', '/api/v1/admin/backup');
    expect(r.statusCode).toBe(403);
    expect(r.json().code).toBe('FORBIDDEN');
    const anonymous = await call(e.t.app, null, 'POST', '/api/v1/admin/backup');
    expect(anonymous.statusCode).toBe(401);
    expect((await inventory(poolQuery(e.t.db))).tables).toEqual(before.tables);
    const audits = await e.t.db.kysely
      .selectFrom('audit_events')
      .select('id')
      .where('action', '=', 'backup.taken')
      .execute();
    expect(audits).toHaveLength(0);
  });

  it('`imr backup` streams a consistent backup from the running server while it takes writes; audited', async () => {
    file = path.join(tmp(), 'embedded.imrbak');
    const topUp = (i: number) =>
      call(
        e.t.app,
        { token: e.adminToken },
        'POST',
        `/api/v1/contracts/${e.contractId}/top-ups`,
        { amount: 60 + i, reference: `PO during backup ${i}` },
        { 'idempotency-key': `during-backup-${i}` },
      );
    const [backup, ...writes] = await Promise.all([
      runImrWith(cliEnv({ IMR_URL: e.url, IMR_TOKEN: e.adminToken }), 'backup', '--out', file),
      topUp(1),
      topUp(2),
      topUp(3),
    ]);
    expect(backup.err).toMatch(/Wrote .*embedded \(PGlite 0\.5\.14\)/);
    expect(backup.code).toBe(0);
    for (const w of writes) expect(w.statusCode).toBe(201);
    expect(fs.statSync(file).mode & 0o077).toBe(0);
    const { manifest } = readBackupHeader(file);
    expect(manifest.kind).toBe('pglite-datadir');
    expect(manifest.migrations.length).toBeGreaterThan(10);
    expect(manifest.ledgerHeads.length).toBeGreaterThanOrEqual(4);
    expect(manifest.tables['ledger_entries']).toBeGreaterThan(10);
    const audit = await e.t.db.kysely
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'backup.taken')
      .executeTakeFirstOrThrow();
    expect(audit.actor_label).toMatch(/admin/i);
    expect(audit.channel).toBe('cli');
  });

  it('`imr restore` into an empty data folder gives every table and ledger head of the backup, and the product starts on it', async () => {
    const target = tmp();
    const r = await runImrWith(cliEnv({ DATA_DIR: target }), 'restore', file);
    expect(r.err).toMatch(/every table's rows and every ledger verified/);
    expect(r.code).toBe(0);
    const { manifest } = readBackupHeader(file);
    const restored = await folderInventory(target);
    expect(restored.tables).toEqual(manifest.tables);
    expect(restored.ledgerHeads).toEqual(manifest.ledgerHeads);
    // The backup holds its own audit event: it was written before the dump.
    expect(manifest.tables['audit_events']).toBeGreaterThan(0);
    // The product starts on it: the CLI opens the folder in-process and reads a balance.
    const balance = await runImrWith(cliEnv({ DATA_DIR: target }), 'balance', 'NW-IMR-2026', '--json');
    expect(balance.code).toBe(0);
    expect(JSON.parse(balance.out).contractNumber).toBe('NW-IMR-2026');
  }, 120_000);

  it('refuses a folder that holds a database unless --force, and changes nothing', async () => {
    const target = tmp();
    expect((await runImrWith(cliEnv({ DATA_DIR: target }), 'restore', file)).code).toBe(0);
    const before = await folderInventory(target);
    const again = await runImrWith(cliEnv({ DATA_DIR: target }), 'restore', file);
    expect(again.code).toBe(6);
    expect(again.err).toMatch(/RESTORE_TARGET_NOT_EMPTY.*--force/);
    expect(await folderInventory(target)).toEqual(before);
    const forced = await runImrWith(cliEnv({ DATA_DIR: target }), 'restore', file, '--force');
    expect(forced.code).toBe(0);
    expect(await folderInventory(target)).toEqual(before);
  }, 120_000);

  it('refuses a file that is not a backup, another PGlite version and a newer product, writing nothing', async () => {
    const target = tmp();
    const junk = path.join(tmp(), 'junk.bin');
    fs.writeFileSync(junk, 'PGDMP not really');
    const notBackup = await runImrWith(cliEnv({ DATA_DIR: target }), 'restore', junk);
    expect(notBackup.code).toBe(7);
    expect(notBackup.err).toMatch(/BACKUP_INCOMPATIBLE.*not an IMR Desk backup.*pg_restore/);
    const otherPglite = withManifest(file, (m) => (m['pgliteVersion'] = '0.4.0'));
    const wrongVersion = await runImrWith(cliEnv({ DATA_DIR: target }), 'restore', otherPglite);
    expect(wrongVersion.code).toBe(7);
    expect(wrongVersion.err).toMatch(/PGlite 0\.4\.0; this installation has PGlite 0\.5\.14/);
    const newer = withManifest(file, (m) => (m['migrations'] = [...(m['migrations'] as string[]), '9999_future']));
    const future = await runImrWith(cliEnv({ DATA_DIR: target }), 'restore', newer);
    expect(future.code).toBe(7);
    expect(future.err).toMatch(/newer IMR Desk.*9999_future/);
    expect(fs.existsSync(path.join(target, 'pgdata'))).toBe(false);
  });

  it('refuses to restore into the folder a running server holds', async () => {
    const r = await runImrWith(cliEnv({ DATA_DIR: e.dir }), 'restore', file, '--force');
    expect(r.code).toBe(8);
    expect(r.err).toMatch(/DATA_DIR_LOCKED/);
  });
});

describe.runIf(pgUrl)('PostgreSQL: pg_dump backup and restore, and db copy from the embedded database', () => {
  const created: string[] = [];
  const dbUrl = (name: string) => {
    const u = new URL(pgUrl!);
    u.pathname = `/${name}`;
    return u.toString();
  };
  async function admin(sql: string) {
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  }
  async function emptyDatabase(): Promise<string> {
    const name = `imr_bk_${Math.random().toString(36).slice(2, 10)}`;
    await admin(`CREATE DATABASE ${name}`);
    created.push(name);
    return dbUrl(name);
  }
  async function pgInventory(url: string): Promise<Inventory> {
    const db = await createDb({ kind: 'postgres', url, poolSize: 1 });
    try {
      return await inventory(poolQuery(db));
    } finally {
      await db.close();
    }
  }
  afterAll(async () => {
    for (const name of created) await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  let sourceUrl: string;
  let t: TestEnv;
  let file: string;
  beforeAll(async () => {
    sourceUrl = await emptyDatabase();
    const db: Db = await createDb({ kind: 'postgres', url: sourceUrl, poolSize: 4 });
    await migrateToLatest(db);
    t = await createTestEnv({ db });
    await makeProvider(t);
    await loadDemoData(t.core);
  }, 120_000);
  afterAll(async () => t?.close());

  it('the backup endpoint refuses on PostgreSQL (pg_dump does it), writing nothing', async () => {
    const a = await makeUserWithToken(t, { role: 'admin' });
    const r = await call(t.app, a.auth, 'POST', '/api/v1/admin/backup');
    expect(r.statusCode).toBe(422);
    expect(r.json().code).toBe('BACKUP_INCOMPATIBLE');
    const audits = await t.db.kysely
      .selectFrom('audit_events')
      .select('id')
      .where('action', '=', 'backup.taken')
      .execute();
    expect(audits).toHaveLength(0);
  });

  it('`imr backup` runs pg_dump while the server writes, and `imr restore` into an empty database gives the same rows and ledger heads', async () => {
    file = path.join(tmp(), 'pg.imrbak');
    const contract = await t.db.kysely
      .selectFrom('contracts')
      .select('id')
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow();
    const a = await makeUserWithToken(t, { role: 'admin' });
    const [backup, write] = await Promise.all([
      runImrWith(cliEnv({ DATABASE_URL: sourceUrl }), 'backup', '--out', file),
      call(t.app, a.auth, 'POST', `/api/v1/contracts/${contract.id}/top-ups`, { amount: 90, reference: 'PO pg' }),
    ]);
    expect(backup.err).toMatch(/Wrote .*PostgreSQL \(pg_dump 1\d\)/);
    expect(backup.code).toBe(0);
    expect(write.statusCode).toBe(201);
    expect(fs.statSync(file).mode & 0o077).toBe(0);
    const { manifest } = readBackupHeader(file);
    expect(manifest.kind).toBe('pg_dump');

    const target = await emptyDatabase();
    const r = await runImrWith(cliEnv({ DATABASE_URL: target }), 'restore', file);
    expect(r.err).toMatch(/every ledger verified/);
    expect(r.code).toBe(0);
    const restored = await pgInventory(target);
    expect(restored.tables).toEqual(manifest.tables);
    expect(restored.ledgerHeads).toEqual(manifest.ledgerHeads);

    const again = await runImrWith(cliEnv({ DATABASE_URL: target }), 'restore', file);
    expect(again.code).toBe(6);
    expect(await pgInventory(target)).toEqual(restored);
    const forced = await runImrWith(cliEnv({ DATABASE_URL: target }), 'restore', file, '--force');
    expect(forced.err).toMatch(/every ledger verified/);
    expect(forced.code).toBe(0);
    expect(await pgInventory(target)).toEqual(restored);
  }, 120_000);

  it('`imr backup` names a missing or too old pg_dump and how to install it, writing no file', async () => {
    const bin = tmp('imr-backup-bin-');
    const out = path.join(tmp(), 'none.imrbak');
    const missing = await runImrWith(cliEnv({ DATABASE_URL: sourceUrl, PATH: bin }), 'backup', '--out', out);
    expect(missing.code).toBe(8);
    expect(missing.err).toMatch(/BACKUP_TOOL_MISSING.*pg_dump is not installed.*postgresql-client-1\d/);
    fs.writeFileSync(path.join(bin, 'pg_dump'), '#!/bin/sh\necho "pg_dump (PostgreSQL) 9.6.24"\n', { mode: 0o755 });
    const old = await runImrWith(cliEnv({ DATABASE_URL: sourceUrl, PATH: bin }), 'backup', '--out', out);
    expect(old.code).toBe(8);
    expect(old.err).toMatch(/pg_dump 9 is older than the server's version \(1\d\)/);
    expect(fs.readdirSync(path.dirname(out))).toEqual([]);
  });

  it('`imr db copy` names a target database that does not exist, without its password', async () => {
    const u = new URL(dbUrl('imr_bk_does_not_exist'));
    u.password = 'sekret-pw';
    const r = await runImrWith(cliEnv({ DATA_DIR: tmp() }), 'db', 'copy', '--to', u.toString());
    expect(r.code).toBe(5);
    expect(r.err).toMatch(/database imr_bk_does_not_exist on .* does not exist: create it first/);
    expect(r.err).not.toMatch(/sekret-pw/);
  });

  it('refuses an embedded backup into PostgreSQL, and a pg_dump backup into a data folder, changing nothing', async () => {
    const target = await emptyDatabase();
    const embedded = withManifest(file, (m) => {
      m['kind'] = 'pglite-datadir';
      m['pgliteVersion'] = '0.5.14';
    });
    const r = await runImrWith(cliEnv({ DATABASE_URL: target }), 'restore', embedded);
    expect(r.code).toBe(7);
    expect(r.err).toMatch(/imr db copy/);
    const dir = tmp();
    const r2 = await runImrWith(cliEnv({ DATA_DIR: dir }), 'restore', file);
    expect(r2.code).toBe(7);
    expect(r2.err).toMatch(/PostgreSQL backup/);
    expect(fs.existsSync(path.join(dir, 'pgdata'))).toBe(false);
    expect(await postgresIsEmpty(target)).toBe(true);
  });

  it('`imr db copy` copies an embedded installation through its running server into an empty database, verified', async () => {
    const e = await embeddedInstallation();
    try {
      const target = await emptyDatabase();
      const r = await runImrWith(
        cliEnv({ DATA_DIR: e.dir, IMR_URL: e.url, IMR_TOKEN: e.adminToken }),
        'db',
        'copy',
        '--to',
        target,
      );
      expect(r.err).toMatch(/verified on both sides/);
      expect(r.code).toBe(0);
      const source = await inventory(poolQuery(e.t.db));
      const copied = await pgInventory(target);
      // The copy holds the backup's audit event too (the source has it now, as taken before the dump).
      expect(copied.tables).toEqual(source.tables);
      expect(copied.ledgerHeads).toEqual(source.ledgerHeads);
      // The firm starts on it: a server on the copy answers, balances equal.
      const db = await createDb({ kind: 'postgres', url: target, poolSize: 2 });
      const moved = await createTestEnv({ db });
      try {
        const a = await makeUserWithToken(moved, { role: 'admin' });
        const before = await call(e.t.app, { token: e.adminToken }, 'GET', `/api/v1/contracts/${e.contractId}/balance`);
        const after = await call(moved.app, a.auth, 'GET', `/api/v1/contracts/${e.contractId}/balance`);
        expect(after.statusCode).toBe(200);
        expect(after.json().balance).toEqual(before.json().balance);
        // Sequences moved on: a new audit event gets a number after the copied ones.
        const topUp = await call(moved.app, a.auth, 'POST', `/api/v1/contracts/${e.contractId}/top-ups`, {
          amount: 30,
          reference: 'PO after copy',
        });
        expect(topUp.statusCode).toBe(201);
      } finally {
        await moved.close();
      }
      const again = await runImrWith(
        cliEnv({ DATA_DIR: e.dir, IMR_URL: e.url, IMR_TOKEN: e.adminToken }),
        'db',
        'copy',
        '--to',
        target,
      );
      expect(again.code).toBe(6);
      expect(again.err).toMatch(/RESTORE_TARGET_NOT_EMPTY/);
    } finally {
      await e.close();
    }
  }, 180_000);

  it('`imr db copy` copies a stopped data folder too', async () => {
    const e = await embeddedInstallation();
    const expected = await inventory(poolQuery(e.t.db));
    await e.close();
    const target = await emptyDatabase();
    const r = await runImrWith(cliEnv({ DATA_DIR: e.dir }), 'db', 'copy', '--to', target);
    expect(r.err).toMatch(/verified on both sides/);
    expect(r.code).toBe(0);
    const copied = await pgInventory(target);
    expect(copied.tables).toEqual(expected.tables);
    expect(copied.ledgerHeads).toEqual(expected.ledgerHeads);
  }, 180_000);
});
