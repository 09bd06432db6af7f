import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Config } from '../config/config.ts';
import { version } from '../config/version.ts';
import { createAuditService } from '../core/audit/audit.service.ts';
import { createBackupService } from '../core/backup/backup.service.ts';
import type { Ctx } from '../core/context.ts';
import { BACKUP_FILE_MODE, readBackupHeader, type BackupManifest } from '../db/backup/backup-file.ts';
import { embeddedIsEmpty } from '../db/backup/embedded.ts';
import { lockHolder } from '../db/lock.ts';
import { openDatabase } from '../main/open-db.ts';
import { systemClock } from '../shared/clock.ts';
import { AppError } from '../shared/errors.ts';
import { createIdGenerator } from '../shared/ids.ts';
import { readCredentials } from './credentials.ts';

/** The running server the CLI would talk to (IMR_URL, or the URL `imr login` stored), when one answers. */
export async function runningServer(config: Config): Promise<{ url: string; token: string | undefined } | undefined> {
  const creds = readCredentials();
  const token = process.env['IMR_TOKEN'] || creds?.token;
  const url = (process.env['IMR_URL'] || creds?.url || config.publicUrl).replace(/\/+$/, '');
  const reachable = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1500) }).then(
    (r) => r.ok,
    () => false,
  );
  return reachable ? { url, token } : undefined;
}

/** Streams a backup from the running server (POST /api/v1/admin/backup) into `out`; returns its manifest. */
export async function downloadBackup(
  server: { url: string; token: string | undefined },
  out: string,
): Promise<BackupManifest> {
  if (!server.token)
    throw new AppError(
      'UNAUTHENTICATED',
      `A server runs at ${server.url}: sign in as an administrator with \`imr login\`, or set IMR_TOKEN to an administrator's API token.`,
    );
  const res = await fetch(`${server.url}/api/v1/admin/backup`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}`, 'x-imr-client': 'cli' },
  });
  if (!res.ok || !res.body) {
    const problem = (await res.json().catch(() => ({}))) as { code?: string; detail?: string };
    throw new AppError((problem.code ?? 'INTERNAL') as AppError['code'], problem.detail ?? `HTTP ${res.status}`);
  }
  const tmp = `${out}.partial-${process.pid}`;
  try {
    await pipeline(
      Readable.fromWeb(res.body as WebReadableStream),
      fs.createWriteStream(tmp, { mode: BACKUP_FILE_MODE }),
    );
    const { manifest } = readBackupHeader(tmp);
    fs.renameSync(tmp, out);
    return manifest;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** The context of the CLI acting on a data folder it holds itself (no server runs): the system, audited as such. */
const cliCtx: Ctx = { actor: { type: 'system', label: 'imr cli (data folder)' }, channel: 'cli' };

/** Backs up the embedded database from the data folder itself (no server holds it); audited. */
export async function backupDataFolder(config: Config, out: string): Promise<BackupManifest> {
  const holder = lockHolder(config.dataDir);
  if (holder)
    throw new AppError(
      'DATA_DIR_LOCKED',
      `The data folder ${config.dataDir} is held by process ${holder.pid} (${holder.purpose}), but no server answers. Set IMR_URL to its address.`,
    );
  if (embeddedIsEmpty({ dir: config.dataDir }))
    throw new AppError('NOT_FOUND', `The data folder ${config.dataDir} holds no database: nothing to back up.`);
  const { db, lock } = await openDatabase(config, { purpose: 'imr backup' });
  try {
    const clock = systemClock;
    const audit = createAuditService({ db, clock, ids: createIdGenerator() });
    const backup = createBackupService({ db, clock, audit, productVersion: version });
    const file = await backup.takeEmbedded(cliCtx);
    const tmp = `${out}.partial-${process.pid}`;
    fs.writeFileSync(tmp, Buffer.concat([file.header, file.payload]), { mode: BACKUP_FILE_MODE });
    fs.renameSync(tmp, out);
    return file.manifest;
  } finally {
    await db.close();
    lock?.release();
  }
}

/** A line about a backup, for a person. */
export function describeManifest(m: BackupManifest): string {
  const rows = Object.values(m.tables).reduce((a, b) => a + b, 0);
  const engine =
    m.kind === 'pg_dump' ? `PostgreSQL (pg_dump ${m.pgDumpMajor})` : `embedded (PGlite ${m.pgliteVersion})`;
  return `${engine}, IMR Desk ${m.productVersion}, ${m.migrations.length} migrations, ${Object.keys(m.tables).length} tables, ${rows} rows, ${m.ledgerHeads.length} ledgers, taken ${m.createdAt}`;
}
