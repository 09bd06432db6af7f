import type { Command } from 'commander';
import { loadConfig } from '../../config/config.ts';
import { migrateToLatest, migrationStatus } from '../../db/migrate.ts';
import { openDatabase } from '../../main/open-db.ts';
import { printTable } from '../output.ts';
import { registerDbCopyCommand } from './db-copy.ts';

/** `imr db …` opens the database itself: refused (exit 8) while a server holds the embedded folder. */
export function registerDbCommands(program: Command): void {
  const db = program.command('db').description('database migrations, and the copy to PostgreSQL');
  db.command('migrate')
    .description('apply pending migrations')
    .action(async () => {
      const { db: handle, lock } = await openDatabase(loadConfig(), { purpose: 'imr db migrate' });
      try {
        const applied = await migrateToLatest(handle);
        process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Already up to date.\n');
      } finally {
        await handle.close();
        lock?.release();
      }
    });
  db.command('status')
    .description('list migrations and whether each is applied')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const { db: handle, lock } = await openDatabase(loadConfig(), { purpose: 'imr db status' });
      try {
        const list = await migrationStatus(handle);
        printTable(
          list.map((m) => ({ name: m.name, applied: m.executedAt ? m.executedAt.toISOString() : 'pending' })),
          ['name', 'applied'],
          !!opts.json,
          list,
        );
      } finally {
        await handle.close();
        lock?.release();
      }
    });
  registerDbCopyCommand(db);
}
