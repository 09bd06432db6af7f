import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { once } from 'node:events';
import pg from 'pg';
import { AppError } from '../../shared/errors.ts';
import { BACKUP_FILE_MODE, backupHeader, readBackupHeader, type BackupManifest } from './backup-file.ts';
import { assertMigrationsKnown } from './embedded.ts';
import { appliedMigrations, inventory, schemaIsEmpty, serverVersionNum } from './inventory.ts';

/** The major version of an installed PostgreSQL client tool, or undefined when it is not installed. */
export function toolMajor(tool: 'pg_dump' | 'pg_restore'): number | undefined {
  const result = spawnSync(tool, ['--version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return undefined;
  const match = /(\d+)(?:\.(\d+))?/.exec(result.stdout);
  return match ? Number(match[1]) : undefined;
}

const installHint = (major: number) =>
  `Install the PostgreSQL ${major} client tools (Debian/Ubuntu: \`apt-get install postgresql-client-${major}\`, from apt.postgresql.org when your release lacks it) and try again.`;

/** Refuses unless `tool` is installed and at least `major` (pg_dump must be as new as the server, pg_restore as the dump). */
export function assertTool(tool: 'pg_dump' | 'pg_restore', major: number, why: string): number {
  const installed = toolMajor(tool);
  if (installed === undefined)
    throw new AppError('BACKUP_TOOL_MISSING', `${tool} is not installed (${why}). ${installHint(major)}`, {
      tool,
      required: major,
    });
  if (installed < major)
    throw new AppError(
      'BACKUP_TOOL_MISSING',
      `${tool} ${installed} is older than ${why} (${major}). ${installHint(major)}`,
      { tool, installed, required: major },
    );
  return installed;
}

type Query = (text: string, values?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;
const onClient =
  (client: pg.Client): Query =>
  (text, values) =>
    client.query(text, values) as Promise<{ rows: Record<string, unknown>[] }>;

/**
 * Backs up a PostgreSQL database with pg_dump (custom format) into `out`, behind the backup header. The
 * manifest's counts and ledger heads are read in a repeatable-read transaction whose snapshot pg_dump
 * then uses (--snapshot), so they describe exactly what the archive holds, while the servers keep writing.
 */
export async function dumpPostgres(
  url: string,
  out: string,
  productVersion: string,
  now: Date,
): Promise<BackupManifest> {
  const client = new pg.Client({ connectionString: url });
  await connectTo(client, url);
  try {
    const q = onClient(client);
    const serverNum = await serverVersionNum(q);
    const serverMajor = Math.floor(serverNum / 10000);
    const dumpMajor = assertTool('pg_dump', serverMajor, `the server's version`);
    await q('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const snapshot = String((await q('SELECT pg_export_snapshot() AS s')).rows[0]!['s']);
    const inv = await inventory(q);
    const manifest: BackupManifest = {
      format: 'imr-desk-backup',
      formatVersion: 1,
      kind: 'pg_dump',
      productVersion,
      pgliteVersion: null,
      serverVersionNum: serverNum,
      pgDumpMajor: dumpMajor,
      migrations: await appliedMigrations(q),
      tables: inv.tables,
      ledgerHeads: inv.ledgerHeads,
      createdAt: now.toISOString(),
    };
    const tmp = `${out}.partial-${process.pid}`;
    const file = fs.createWriteStream(tmp, { mode: BACKUP_FILE_MODE });
    file.write(backupHeader(manifest));
    const child = spawn('pg_dump', ['--format=custom', `--snapshot=${snapshot}`, '--no-owner', `--dbname=${url}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.stdout.pipe(file, { end: false });
    const [code] = (await once(child, 'close')) as [number | null];
    await new Promise<void>((resolve, reject) => file.end((e?: Error | null) => (e ? reject(e) : resolve())));
    await q('COMMIT');
    if (code !== 0) {
      fs.rmSync(tmp, { force: true });
      throw new AppError('INTERNAL', `pg_dump failed (exit ${code}): ${stderr.trim().slice(0, 2000)}`);
    }
    fs.renameSync(tmp, out);
    return manifest;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Connects, or says in words what is wrong with the target (never echoing its password). */
async function connectTo(client: pg.Client, url: string): Promise<void> {
  try {
    await client.connect();
  } catch (e) {
    const err = e as { code?: string; message?: string };
    const where = (() => {
      try {
        const u = new URL(url);
        return `${u.pathname.slice(1)} on ${u.host}`;
      } catch {
        return 'the target';
      }
    })();
    if (err.code === '3D000')
      throw new AppError('NOT_FOUND', `The database ${where} does not exist: create it first (\`createdb\`).`);
    throw new AppError(
      'SERVICE_UNAVAILABLE',
      `Cannot connect to the database ${where}: ${err.message ?? String(e)}. Check the URL, the server and the credentials.`,
    );
  }
}

/** True when the database at `url` holds nothing in `public`. */
export async function postgresIsEmpty(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await connectTo(client, url);
  try {
    return await schemaIsEmpty(onClient(client));
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Restores a pg_dump backup into the database at `url` with pg_restore (one transaction): refuses an
 * embedded backup, a newer product's, a pg_restore older than the pg_dump that wrote it, and a database that
 * is not empty unless `force` (then the backup's objects replace those there: --clean --if-exists).
 */
export async function restorePostgres(
  file: string,
  url: string,
  o: { force: boolean; knownMigrations: string[] },
): Promise<BackupManifest> {
  const { manifest, payloadOffset } = readBackupHeader(file);
  if (manifest.kind !== 'pg_dump')
    throw new AppError(
      'BACKUP_INCOMPATIBLE',
      'This is a backup of the embedded database: restore it with DATA_DIR set (and DATABASE_URL unset), ' +
        'then move it to PostgreSQL with `imr db copy --to postgres://…`.',
    );
  assertMigrationsKnown(manifest, o.knownMigrations);
  assertTool('pg_restore', manifest.pgDumpMajor ?? 0, 'the pg_dump that wrote this backup');
  if (!o.force && !(await postgresIsEmpty(url)))
    throw new AppError(
      'RESTORE_TARGET_NOT_EMPTY',
      'The target database is not empty. Restore into an empty database (`createdb`), or add --force to replace what it holds.',
    );
  const args = ['--single-transaction', '--exit-on-error', '--no-owner', '--no-privileges', `--dbname=${url}`];
  if (o.force) args.unshift('--clean', '--if-exists');
  const child = spawn('pg_restore', args, { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const input = fs.createReadStream(file, { start: payloadOffset });
  input.pipe(child.stdin);
  child.stdin.on('error', () => undefined);
  const [code] = (await once(child, 'close')) as [number | null];
  if (code !== 0) throw new AppError('INTERNAL', `pg_restore failed (exit ${code}): ${stderr.trim().slice(0, 2000)}`);
  return manifest;
}
