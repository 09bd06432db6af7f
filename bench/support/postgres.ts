import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { onCleanup } from './children.ts';
import { assertLoopbackUrl } from './loopback.ts';

export interface TempDatabase {
  name: string;
  /** The admin URL with this database's name. */
  url: string;
  /** Drops it now (also done at exit, whatever happens). */
  drop(): Promise<void>;
}

/** Runs `fn` on a fresh connection to `adminUrl`, closed afterwards whatever happens. */
export async function withAdmin<T>(adminUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Checks BENCH_DATABASE_URL: a postgres:// URL on this machine. */
export function parseAdminUrl(url: string): URL {
  if (!/^postgres(ql)?:\/\//.test(url))
    throw new Error('BENCH_DATABASE_URL must start with postgres:// (e.g. postgres://postgres@127.0.0.1:5432/test)');
  return assertLoopbackUrl(url, 'BENCH_DATABASE_URL');
}

/** Creates a fresh, empty database for this run through the admin connection; it is dropped at the end. */
export async function createTempDatabase(adminUrl: string, prefix: string): Promise<TempDatabase> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  await withAdmin(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const drop = onCleanup(`drop database ${name}`, () =>
    withAdmin(adminUrl, async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }),
  );
  return { name, url: u.toString(), drop };
}

/** The server's version string, for the results file. */
export function postgresVersion(adminUrl: string): Promise<string> {
  return withAdmin(adminUrl, async (c) => (await c.query<{ v: string }>('SELECT version() AS v')).rows[0]!.v);
}
