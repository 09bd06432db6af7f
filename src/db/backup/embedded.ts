import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { AppError } from '../../shared/errors.ts';
import type { Db } from '../create-db.ts';
import type { DataDirLock } from '../lock.ts';
import { backupHeader, pgliteVersion, readBackupHeader, type BackupManifest } from './backup-file.ts';
import { appliedMigrations, inventory, serverVersionNum } from './inventory.ts';

const gzip = promisify(zlib.gzip);
const gunzip = promisify(zlib.gunzip);

/**
 * A consistent backup of the embedded database while it serves: the pool's one connection is held (so no
 * transaction is open and none can start), a CHECKPOINT writes every page, and the inventory and PGlite's
 * own dump of the data directory are taken before the connection is given back. Requests wait meanwhile.
 */
export async function dumpEmbedded(
  db: Db,
  productVersion: string,
  now: Date,
): Promise<{ manifest: BackupManifest; header: Buffer; payload: Buffer }> {
  if (db.kind !== 'pglite' || !db.dumpDataDir)
    throw new AppError(
      'BACKUP_INCOMPATIBLE',
      'This server runs on PostgreSQL: back it up with `imr backup --out FILE` and DATABASE_URL set (pg_dump).',
    );
  const client = await db.pool.connect();
  let tar: Blob;
  let manifest: BackupManifest;
  try {
    const q = (text: string, values?: unknown[]) =>
      client.query(text, values) as Promise<{ rows: Record<string, unknown>[] }>;
    await q('CHECKPOINT');
    const inv = await inventory(q);
    manifest = {
      format: 'imr-desk-backup',
      formatVersion: 1,
      kind: 'pglite-datadir',
      productVersion,
      pgliteVersion,
      serverVersionNum: await serverVersionNum(q),
      pgDumpMajor: null,
      migrations: await appliedMigrations(q),
      tables: inv.tables,
      ledgerHeads: inv.ledgerHeads,
      createdAt: now.toISOString(),
    };
    tar = await db.dumpDataDir();
  } finally {
    client.release();
  }
  const payload = await gzip(Buffer.from(await tar.arrayBuffer()));
  return { manifest, header: backupHeader(manifest), payload };
}

/** The data folder's database directory (what the server opens: DATA_DIR/pgdata). */
export const pgdataOf = (lock: Pick<DataDirLock, 'dir'>): string => path.join(lock.dir, 'pgdata');

/** True when the data folder holds no database yet (no pgdata, or an empty one). */
export function embeddedIsEmpty(lock: Pick<DataDirLock, 'dir'>): boolean {
  const dir = pgdataOf(lock);
  return !fs.existsSync(dir) || fs.readdirSync(dir).length === 0;
}

/** Refuses a backup that the embedded database of this installation cannot take; says why and what to do. */
export function assertEmbeddedCompatible(manifest: BackupManifest, knownMigrations: string[]): void {
  if (manifest.kind !== 'pglite-datadir')
    throw new AppError(
      'BACKUP_INCOMPATIBLE',
      'This is a PostgreSQL backup (pg_dump): restore it into PostgreSQL with DATABASE_URL set.',
    );
  if (manifest.pgliteVersion !== pgliteVersion)
    throw new AppError(
      'BACKUP_INCOMPATIBLE',
      `This backup was written by PGlite ${manifest.pgliteVersion}; this installation has PGlite ${pgliteVersion}. ` +
        `An embedded backup restores only into the same PGlite version: restore it with the IMR Desk release that made it ` +
        `(product ${manifest.productVersion}), then move up from there.`,
      { backupPglite: manifest.pgliteVersion, installedPglite: pgliteVersion },
    );
  assertMigrationsKnown(manifest, knownMigrations);
}

/** A backup of a newer product (migrations this one does not know) is refused. */
export function assertMigrationsKnown(manifest: BackupManifest, knownMigrations: string[]): void {
  const unknown = manifest.migrations.filter((m) => !knownMigrations.includes(m));
  if (unknown.length > 0)
    throw new AppError(
      'BACKUP_INCOMPATIBLE',
      `This backup comes from a newer IMR Desk (product ${manifest.productVersion}; migrations ${unknown.join(', ')} are unknown here). ` +
        `Upgrade this installation first.`,
      { unknownMigrations: unknown },
    );
}

/** The payload of a backup file (everything after its header). */
export function readPayload(file: string, offset: number): Buffer {
  return fs.readFileSync(file).subarray(offset);
}

/**
 * Restores an embedded backup into the locked data folder: refuses a folder that holds a database unless
 * `force` (then the old database is removed first), and a backup of another PGlite version or a newer product.
 */
export async function restoreEmbedded(
  file: string,
  lock: DataDirLock,
  o: { force: boolean; knownMigrations: string[] },
): Promise<BackupManifest> {
  const { manifest, payloadOffset } = readBackupHeader(file);
  assertEmbeddedCompatible(manifest, o.knownMigrations);
  if (!embeddedIsEmpty(lock) && !o.force)
    throw new AppError(
      'RESTORE_TARGET_NOT_EMPTY',
      `The data folder ${lock.dir} already holds a database. Restore into an empty folder (set DATA_DIR), or add --force to replace it.`,
    );
  let tar: Buffer;
  try {
    tar = await gunzip(readPayload(file, payloadOffset));
  } catch {
    throw new AppError('BACKUP_INCOMPATIBLE', `${file} is damaged: its data cannot be unpacked.`);
  }
  // Unpacked beside the folder first: a failed restore leaves the old database (--force) as it was.
  const staging = path.join(lock.dir, `.restore-${process.pid}`);
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  try {
    const pglite = await PGlite.create({
      dataDir: path.join(staging, 'pgdata'),
      loadDataDir: new Blob([new Uint8Array(tar)]),
      extensions: { btree_gist },
    });
    await pglite.close();
    fs.rmSync(pgdataOf(lock), { recursive: true, force: true });
    fs.renameSync(path.join(staging, 'pgdata'), pgdataOf(lock));
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return manifest;
}
