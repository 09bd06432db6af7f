import { AsyncLocalStorage } from 'node:async_hooks';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { DataDirLock } from './lock.ts';
import type { DB } from './schema.ts';

export type Executor = Kysely<DB>;
export type Trx = Transaction<DB>;

export type DbTarget =
  | { kind: 'postgres'; url: string; poolSize?: number }
  | { kind: 'pglite'; lock: DataDirLock }
  | { kind: 'pglite-memory'; loadDataDir?: Blob };

/**
 * NOTIFY channels the database's triggers signal on (migration 0011): `imr_auth` when a user changes or
 * an API token is revoked. Caches of those rows listen to them (`db/change-feed.ts`).
 */
export const CHANGE_CHANNELS = ['imr_auth'] as const;
export type ChangeChannel = (typeof CHANGE_CHANNELS)[number];

/** A subscription to CHANGE_CHANNELS; see Db.listen. */
export interface Listening {
  close(): Promise<void>;
}

export interface Db {
  readonly kind: 'postgres' | 'pglite';
  /** Root executor: for reads and for repository calls outside a use case's transaction. */
  readonly kysely: Kysely<DB>;
  /** The one pool every query goes through, pg-boss's included. */
  readonly pool: pg.Pool;
  /** Runs one use case in one transaction. Using the root executor inside it is an error, not a hang. */
  transaction<T>(fn: (trx: Trx) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` once the current transaction (Db.transaction) has ended, committed or not; at once outside
   * one. For in-memory caches of what the transaction changes: dropped before the commit, a concurrent
   * read could cache the old value again.
   */
  afterTransaction(fn: () => void): void;
  /** Runs `fn` once the current transaction has committed (never after a rollback); at once outside one. */
  afterCommit(fn: () => void): void;
  /**
   * Delivers every notification on CHANGE_CHANNELS to `onNotify`. On PostgreSQL a connection of its own
   * (outside the pool) LISTENs; `onLost` is called once when it drops, after which nothing more arrives
   * (the caller subscribes again). On PGlite the one in-process database delivers them; it is never lost.
   */
  listen(onNotify: (channel: ChangeChannel, payload: string) => void, onLost: (err: Error) => void): Promise<Listening>;
  /** PGlite only: a tarball of the data folder (test templates). */
  dumpDataDir?(): Promise<Blob>;
  close(): Promise<void>;
}

const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;

function parseInt8(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw new Error(`bigint ${value} exceeds the safe integer range`);
  return parsed;
}

/** `bigint` arrives as a safe JS number (ledger sums stay far below 2^53), `date` as 'YYYY-MM-DD', numeric as a string. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8) return parseInt8;
    if (oid === DATE || oid === NUMERIC) return (v: string) => v;
    return pg.types.getTypeParser(oid, format ?? 'text');
  },
};

/** Distinct statement texts this process prepares; any further text runs unnamed (bounds the database's memory). */
const PREPARED_TEXTS_MAX = 500;

/**
 * A pg Client that runs every parameterised statement as a named prepared statement, named by its text
 * (Kysely sends the same text for the same query shape). The database (PostgreSQL or PGlite) then parses
 * and plans it once per connection instead of on every execution: half of PostgreSQL's CPU on the
 * ledger's write path, and 40-60 % more API writes per second on PGlite.
 */
function preparingClient(): typeof pg.Client {
  const names = new Map<string, string>();
  return class PreparingClient extends pg.Client {
    // pg's overloads cannot be re-declared one by one; every form is passed through unchanged but this one.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    override query(config: any, values?: any, callback?: any): any {
      if (typeof config === 'string' && Array.isArray(values) && values.length > 0) {
        let name = names.get(config);
        if (!name && names.size < PREPARED_TEXTS_MAX) names.set(config, (name = `imr_${names.size + 1}`));
        if (name) return super.query({ name, text: config, values }, callback);
      }
      return super.query(config, values, callback);
    }
  };
}

/** What runs once the transaction of a use case has ended (`after`) or committed (`committed`). */
interface TransactionCallbacks {
  after: (() => void)[];
  committed: (() => void)[];
}

/** Db.transaction and the callbacks run after one ends (afterTransaction) or commits (afterCommit). */
function transactions(
  kysely: Kysely<DB>,
  inside: AsyncLocalStorage<TransactionCallbacks>,
): Pick<Db, 'transaction' | 'afterTransaction' | 'afterCommit'> {
  return {
    async transaction(fn) {
      const store: TransactionCallbacks = { after: [], committed: [] };
      let committed = false;
      try {
        const result = await kysely.transaction().execute((trx) => inside.run(store, () => fn(trx)));
        committed = true;
        return result;
      } finally {
        for (const after of store.after) after();
        if (committed) for (const done of store.committed) done();
      }
    },
    afterTransaction(fn) {
      const store = inside.getStore();
      if (store) store.after.push(fn);
      else fn();
    },
    afterCommit(fn) {
      const store = inside.getStore();
      if (store) store.committed.push(fn);
      else fn();
    },
  };
}

export async function createDb(target: DbTarget): Promise<Db> {
  /** The transaction a use case runs in: its after-transaction callbacks. */
  const insideTransaction = new AsyncLocalStorage<TransactionCallbacks>();
  let pglite: PGlite | undefined;
  /** PGlite: the in-process subscribers of Db.listen (its LISTENs are issued once, before any pool query). */
  const localListeners = new Set<(channel: ChangeChannel, payload: string) => void>();
  let pool: pg.Pool;
  if (target.kind === 'postgres') {
    pool = new pg.Pool({
      Client: preparingClient(),
      connectionString: target.url,
      max: target.poolSize ?? 10,
      types,
      connectionTimeoutMillis: 30_000,
    });
  } else {
    pglite = await PGlite.create({
      ...(target.kind === 'pglite' ? { dataDir: target.lock.dir + '/pgdata' } : {}),
      ...(target.kind === 'pglite-memory' && target.loadDataDir ? { loadDataDir: target.loadDataDir } : {}),
      extensions: { btree_gist },
    });
    // LISTEN now, while nothing else uses the one connection: issued later, it could land inside a
    // pool transaction and be undone by its rollback.
    for (const channel of CHANGE_CHANNELS) {
      await pglite.listen(channel, (payload) => {
        for (const fn of localListeners) fn(channel, payload);
      });
    }
    const base = createPgConfig(pglite);
    pool = new pg.Pool({
      Client: preparingClient(),
      connection: base.connection,
      user: base.user,
      password: base.password,
      database: base.database,
      host: base.host,
      port: base.port,
      max: 1,
      types,
      // One connection: a query that waits this long is almost certainly a leaked transaction.
      connectionTimeoutMillis: 60_000,
    } as pg.PoolConfig);
  }
  pool.on('error', () => {
    /* idle client errors (server restart) surface on the next query */
  });

  const originalConnect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;
  (pool as { connect: unknown }).connect = (...args: unknown[]) => {
    if (insideTransaction.getStore()) {
      const err = new Error(
        'Root database executor used inside a transaction: pass the transaction (trx) down instead.',
      );
      const callback = args[0];
      if (typeof callback === 'function') {
        queueMicrotask(() => (callback as (e: Error) => void)(err));
        return undefined;
      }
      return Promise.reject(err);
    }
    return (originalConnect as (...a: unknown[]) => unknown)(...args);
  };

  const kysely = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  let closed = false;
  return {
    kind: target.kind === 'postgres' ? 'postgres' : 'pglite',
    kysely,
    pool,
    ...transactions(kysely, insideTransaction),
    async listen(onNotify, onLost) {
      if (target.kind !== 'postgres') {
        localListeners.add(onNotify);
        return { close: async () => void localListeners.delete(onNotify) };
      }
      const client = new pg.Client({ connectionString: target.url, connectionTimeoutMillis: 30_000 });
      let done = false;
      const lost = (err: Error) => {
        if (done) return;
        done = true;
        client.end().catch(() => undefined);
        onLost(err);
      };
      client.on('notification', (m) => {
        if ((CHANGE_CHANNELS as readonly string[]).includes(m.channel))
          onNotify(m.channel as ChangeChannel, m.payload ?? '');
      });
      client.on('error', lost);
      client.on('end', () => lost(new Error('the LISTEN connection ended')));
      try {
        await client.connect();
        for (const channel of CHANGE_CHANNELS) await client.query(`LISTEN ${channel}`);
      } catch (e) {
        done = true;
        await client.end().catch(() => undefined);
        throw e;
      }
      return {
        async close() {
          done = true;
          await client.end().catch(() => undefined);
        },
      };
    },
    ...(pglite ? { dumpDataDir: () => pglite!.dumpDataDir('none') as Promise<Blob> } : {}),
    async close() {
      if (closed) return;
      closed = true;
      await kysely.destroy();
      if (pglite) await pglite.close();
    },
  };
}
