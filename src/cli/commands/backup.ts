import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig, type Config } from '../../config/config.ts';
import { version } from '../../config/version.ts';
import { readBackupHeader, type BackupManifest } from '../../db/backup/backup-file.ts';
import { restoreEmbedded } from '../../db/backup/embedded.ts';
import { dumpPostgres, restorePostgres } from '../../db/backup/postgres.ts';
import { compareInventories, inventory, poolQuery, type Inventory } from '../../db/backup/inventory.ts';
import { createDb, type Db } from '../../db/create-db.ts';
import { acquireDataDirLock } from '../../db/lock.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { migrations } from '../../db/migrations/index.ts';
import { backupDataFolder, describeManifest, downloadBackup, runningServer } from '../backup-transfer.ts';
import { verifyDatabase } from '../backup-verify.ts';
import { exitCodes } from '../exit-codes.ts';

const say = (line: string) => process.stderr.write(`${line}\n`);

/** Takes a backup into `out` the way the configured database allows; returns its manifest. */
export async function takeBackup(config: Config, out: string): Promise<BackupManifest> {
  if (config.databaseUrl) return dumpPostgres(config.databaseUrl, out, version, new Date());
  const server = await runningServer(config);
  if (server) return downloadBackup(server, out);
  return backupDataFolder(config, out);
}

/**
 * A restored database holds what the manifest says (compared before the migrations a start would apply,
 * which may seed rows); once migrated, every ledger export verifies.
 */
async function checkRestored(config: Config, db: Db, expected: Inventory): Promise<string[]> {
  const problems = compareInventories(expected, await inventory(poolQuery(db)));
  await migrateToLatest(db);
  const { problems: ledgers } = await verifyDatabase(config, db);
  return [...problems, ...ledgers];
}

/** Restores `file` into the configured (empty) database, then verifies it; returns the problems found. */
export async function restoreBackup(config: Config, file: string, force: boolean): Promise<string[]> {
  const knownMigrations = Object.keys(migrations);
  const { manifest } = readBackupHeader(file);
  const expected = { tables: manifest.tables, ledgerHeads: manifest.ledgerHeads };
  if (config.databaseUrl) {
    await restorePostgres(file, config.databaseUrl, { force, knownMigrations });
    const db = await createDb({ kind: 'postgres', url: config.databaseUrl, poolSize: 2 });
    try {
      return await checkRestored(config, db, expected);
    } finally {
      await db.close();
    }
  }
  const lock = acquireDataDirLock(config.dataDir, { purpose: 'imr restore', url: config.publicUrl, warn: say });
  try {
    await restoreEmbedded(file, lock, { force, knownMigrations });
    const db = await createDb({ kind: 'pglite', lock });
    try {
      return await checkRestored(config, db, expected);
    } finally {
      await db.close();
    }
  } finally {
    lock.release();
  }
}

export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .description(
      'a consistent backup while the server runs: pg_dump on PostgreSQL (DATABASE_URL), else through the running server (admin) or the stopped data folder. It holds password hashes and secrets: keep it safe',
    )
    .requiredOption('--out <file>', 'the backup file to write')
    .action(async (opts: { out: string }) => {
      const out = path.resolve(opts.out);
      const manifest = await takeBackup(loadConfig(), out);
      say(`Wrote ${out}: ${describeManifest(manifest)}.`);
    });
  program
    .command('restore <file>')
    .description(
      'restore a backup into an empty data folder (DATA_DIR) or an empty database (DATABASE_URL), then verify every ledger',
    )
    .option('--force', 'replace what the target holds')
    .action(async (file: string, opts: { force?: boolean }) => {
      const config = loadConfig();
      const problems = await restoreBackup(config, path.resolve(file), !!opts.force);
      if (problems.length > 0) {
        say(`Restored, but the data differs from the backup:\n  ${problems.join('\n  ')}`);
        process.exitCode = exitCodes.integrity;
        return;
      }
      say(
        `Restored ${file} into ${config.databaseUrl ? 'the PostgreSQL database' : config.dataDir}: every table's rows and every ledger verified. Start the server.`,
      );
    });
}
