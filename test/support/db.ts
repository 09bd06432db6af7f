import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { createDb, type Db } from '../../src/db/create-db.ts';

/**
 * A database of its own for one test file: a copy of the migrated template, on PGlite in memory by
 * default or as a fresh PostgreSQL database (TEST_DATABASE_URL), dropped when closed.
 */
export async function createTestDb(): Promise<Db> {
  const url = process.env['TEST_DATABASE_URL'];
  if (url) {
    const name = `imr_t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('pgTemplateDb')}`);
    await admin.end();
    const u = new URL(url);
    u.pathname = `/${name}`;
    const db = await createDb({ kind: 'postgres', url: u.toString(), poolSize: 10 });
    const close = db.close.bind(db);
    return {
      ...db,
      async close() {
        await close();
        const a = new pg.Client({ connectionString: url });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await a.end();
      },
    };
  }
  const tar = fs.readFileSync(inject('pgliteTemplate'));
  return createDb({ kind: 'pglite-memory', loadDataDir: new Blob([tar]) });
}

export const onPostgres = (): boolean => Boolean(process.env['TEST_DATABASE_URL']);
