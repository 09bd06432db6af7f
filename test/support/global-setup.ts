import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createDb } from '../../src/db/create-db.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { migrationsHash, templateCacheDir } from './template.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    pgTemplateDb: string;
  }
}

/**
 * Migrates once into a template: a PGlite data-dir tarball (default), or a PostgreSQL template database
 * (TEST_DATABASE_URL). Each test file then gets its own copy (test/support/db.ts).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const hash = migrationsHash();
  const url = process.env['TEST_DATABASE_URL'];
  if (url) {
    // One template per run (dropped at the end), so parallel runs never share one.
    const tpl = `imr_tpl_${hash}_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [tpl]);
    if (exists.rowCount === 0) {
      const building = `${tpl}_build_${process.pid}`;
      await admin.query(`CREATE DATABASE ${building}`);
      const u = new URL(url);
      u.pathname = `/${building}`;
      const db = await createDb({ kind: 'postgres', url: u.toString(), poolSize: 2 });
      await migrateToLatest(db);
      await db.close();
      await admin.query(`ALTER DATABASE ${building} RENAME TO ${tpl}`).catch(async () => {
        await admin.query(`DROP DATABASE IF EXISTS ${building}`);
      });
    }
    await admin.end();
    project.provide('pgTemplateDb', tpl);
    project.provide('pgliteTemplate', '');
    return async () => {
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${tpl} WITH (FORCE)`);
      await a.end();
    };
  }
  fs.mkdirSync(templateCacheDir, { recursive: true });
  const file = path.join(templateCacheDir, `pglite-${hash}.tar`);
  if (!fs.existsSync(file)) {
    const db = await createDb({ kind: 'pglite-memory' });
    await migrateToLatest(db);
    const blob = await db.dumpDataDir!();
    await db.close();
    const tmp = `${file}.${process.pid}`;
    fs.writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()));
    fs.renameSync(tmp, file);
  }
  project.provide('pgliteTemplate', file);
  project.provide('pgTemplateDb', '');
  return async () => {};
}
