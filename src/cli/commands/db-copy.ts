import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { loadConfig, type Config } from '../../config/config.ts';
import { readBackupHeader } from '../../db/backup/backup-file.ts';
import { assertEmbeddedCompatible, embeddedIsEmpty, readPayload } from '../../db/backup/embedded.ts';
import { copyRows, type CopyProgress } from '../../db/backup/copy.ts';
import { postgresIsEmpty } from '../../db/backup/postgres.ts';
import { createDb, type Db } from '../../db/create-db.ts';
import type { DataDirLock } from '../../db/lock.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { migrations } from '../../db/migrations/index.ts';
import { openDatabase } from '../../main/open-db.ts';
import { AppError } from '../../shared/errors.ts';
import { downloadBackup, runningServer } from '../backup-transfer.ts';
import { verifyDatabase } from '../backup-verify.ts';
import { exitCodes } from '../exit-codes.ts';
import { gunzipSync } from 'node:zlib';

const say = (line: string) => process.stderr.write(`${line}\n`);

/**
 * The embedded database to copy from: through the running server (a backup it streams, opened in
 * memory), or the stopped data folder itself (locked, migrated as a start would).
 */
async function openSource(config: Config): Promise<{ db: Db; lock?: DataDirLock; via: string }> {
  const server = await runningServer(config);
  if (server) {
    const tmp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'imr-copy-')), 'backup.imrbak');
    try {
      await downloadBackup(server, tmp);
      const { manifest, payloadOffset } = readBackupHeader(tmp);
      assertEmbeddedCompatible(manifest, Object.keys(migrations));
      const tar = gunzipSync(readPayload(tmp, payloadOffset));
      const db = await createDb({ kind: 'pglite-memory', loadDataDir: new Blob([new Uint8Array(tar)]) });
      return { db, via: `the server at ${server.url}` };
    } finally {
      fs.rmSync(path.dirname(tmp), { recursive: true, force: true });
    }
  }
  if (embeddedIsEmpty({ dir: config.dataDir }))
    throw new AppError('NOT_FOUND', `The data folder ${config.dataDir} holds no database: nothing to copy.`);
  const { db, lock } = await openDatabase(config, { purpose: 'imr db copy', warn: say });
  return { db, ...(lock ? { lock } : {}), via: config.dataDir };
}

/** A progress bar on standard error per table (quiet when it is not a terminal). */
function progressBar(): { update(p: CopyProgress): void; stop(): void } {
  const bar = new cliProgress.SingleBar(
    { format: 'copy {table} [{bar}] {value}/{total}', noTTYOutput: false, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  let current = '';
  return {
    update(p) {
      if (p.table !== current) {
        if (current) bar.stop();
        current = p.table;
        bar.start(Math.max(p.total, 1), p.copied, { table: p.table });
      } else bar.update(p.copied, { table: p.table });
    },
    stop: () => (current ? bar.stop() : undefined),
  };
}

/**
 * Copies the embedded installation into an empty PostgreSQL database through the product's schema, then
 * verifies rows and ledger heads on both sides and every ledger's chain. Returns the problems found.
 */
export async function copyToPostgres(config: Config, to: string, o: { progress?: boolean } = {}): Promise<string[]> {
  if (config.databaseUrl)
    throw new AppError(
      'BACKUP_INCOMPATIBLE',
      'This installation already runs on PostgreSQL (DATABASE_URL): move it with pg_dump and pg_restore (`imr backup`, `imr restore`).',
    );
  if (!(await postgresIsEmpty(to)))
    throw new AppError(
      'RESTORE_TARGET_NOT_EMPTY',
      'The target database is not empty: copy into an empty database (`createdb imr`), so that nothing is mixed or lost.',
    );
  const source = await openSource(config);
  const target = await createDb({ kind: 'postgres', url: to, poolSize: 2 });
  try {
    say(`Copying from ${source.via}.`);
    await migrateToLatest(source.db);
    await migrateToLatest(target);
    const bar = o.progress ? progressBar() : undefined;
    try {
      await copyRows(source.db, target, (p) => bar?.update(p));
    } finally {
      bar?.stop();
    }
    const before = await verifyDatabase(config, source.db);
    const after = await verifyDatabase(config, target, before.inventory);
    const problems = [...before.problems.map((p) => `source: ${p}`), ...after.problems];
    if (problems.length === 0)
      say(
        `Copied ${Object.values(after.inventory.tables).reduce((a, b) => a + b, 0)} rows in ${Object.keys(after.inventory.tables).length} tables; ` +
          `${after.ledgers} ledgers (${after.entries} entries) verified on both sides. Start the server with DATABASE_URL set to the new database.`,
      );
    return problems;
  } finally {
    await target.close();
    await source.db.close();
    source.lock?.release();
  }
}

/** `imr db copy --to postgres://…`: the way from the embedded database to PostgreSQL. */
export function registerDbCopyCommand(db: Command): void {
  db.command('copy')
    .description(
      'copy the embedded database (stopped, or through the running server) into an EMPTY PostgreSQL database and verify every ledger on both sides',
    )
    .requiredOption('--to <url>', 'the empty PostgreSQL database (postgres://user:pass@host:5432/imr)')
    .action(async (opts: { to: string }) => {
      if (!/^postgres(ql)?:\/\//.test(opts.to))
        throw new AppError('VALIDATION_FAILED', `--to must be a PostgreSQL URL (postgres://…), not ${opts.to}.`);
      const problems = await copyToPostgres(loadConfig(), opts.to, { progress: true });
      if (problems.length > 0) {
        say(`The copy differs from the source:\n  ${problems.join('\n  ')}`);
        process.exitCode = exitCodes.integrity;
      }
    });
}
