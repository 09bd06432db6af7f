import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { AppError } from '../../shared/errors.ts';

/**
 * An IMR Desk backup file: one line naming the format, one line of JSON (the manifest), then the payload
 * (a gzipped tarball of PGlite's data directory, or a pg_dump custom-format archive). The manifest lets
 * `imr restore` check compatibility before touching anything, and the restore and copy check the data
 * against the counts and ledger heads it records.
 */
export const BACKUP_MAGIC = 'IMR-DESK-BACKUP 1';

/** Backup files hold password hashes and secrets: readable by their owner only. */
export const BACKUP_FILE_MODE = 0o600;

export interface LedgerHead {
  contractId: string;
  lastSeq: number;
  lastHash: string | null;
}

export interface BackupManifest {
  format: 'imr-desk-backup';
  formatVersion: 1;
  /** pglite-datadir: gzipped tar of PGlite's data directory; pg_dump: a pg_dump custom-format archive. */
  kind: 'pglite-datadir' | 'pg_dump';
  productVersion: string;
  /** The PGlite package that wrote the data directory (pglite-datadir only). */
  pgliteVersion: string | null;
  /** PostgreSQL's server_version_num (both kinds: PGlite is PostgreSQL too). */
  serverVersionNum: number;
  /** pg_dump's major version (pg_dump only): pg_restore must be at least as new. */
  pgDumpMajor: number | null;
  /** Applied migrations, by name. */
  migrations: string[];
  /** Rows per table of the product's schema, at the instant of the backup. */
  tables: Record<string, number>;
  ledgerHeads: LedgerHead[];
  createdAt: string;
}

/** The installed PGlite's version: an embedded backup restores only into the same one. */
export const pgliteVersion: string = (() => {
  // The package's exports hide its package.json: find it above the resolved entry point.
  let dir = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version: string };
      if (pkg.name === '@electric-sql/pglite') return pkg.version;
    }
    const up = path.dirname(dir);
    if (up === dir) return 'unknown';
    dir = up;
  }
})();

/** The header that precedes the payload. */
export function backupHeader(manifest: BackupManifest): Buffer {
  return Buffer.from(`${BACKUP_MAGIC}\n${JSON.stringify(manifest)}\n`, 'utf8');
}

const HEADER_MAX = 4 * 1024 * 1024;

/** Reads a backup file's manifest and where its payload starts; refuses anything else, clearly. */
export function readBackupHeader(file: string): { manifest: BackupManifest; payloadOffset: number } {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    throw new AppError('NOT_FOUND', `Cannot read the backup file ${file}: ${(e as Error).message}.`);
  }
  try {
    const size = Math.min(fs.fstatSync(fd).size, HEADER_MAX);
    const buf = Buffer.alloc(size);
    fs.readSync(fd, buf, 0, size, 0);
    const notBackup = (why: string) =>
      new AppError(
        'BACKUP_INCOMPATIBLE',
        `${file} is not an IMR Desk backup (${why}). Make one with \`imr backup --out FILE\`.`,
      );
    const first = buf.indexOf(0x0a);
    if (first < 0 || buf.subarray(0, first).toString('utf8') !== BACKUP_MAGIC)
      throw notBackup(
        buf.subarray(0, 5).toString('latin1') === 'PGDMP' ? 'a bare pg_dump archive: use pg_restore' : 'no header',
      );
    const second = buf.indexOf(0x0a, first + 1);
    if (second < 0) throw notBackup('the manifest is cut short');
    let manifest: BackupManifest;
    try {
      manifest = JSON.parse(buf.subarray(first + 1, second).toString('utf8')) as BackupManifest;
    } catch {
      throw notBackup('the manifest is not JSON');
    }
    if (manifest.format !== 'imr-desk-backup' || manifest.formatVersion !== 1)
      throw notBackup(`format ${String(manifest.format)} version ${String(manifest.formatVersion)}`);
    return { manifest, payloadOffset: second + 1 };
  } finally {
    fs.closeSync(fd);
  }
}
