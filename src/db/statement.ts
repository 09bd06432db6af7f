import {
  CompiledQuery,
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type Compilable,
} from 'kysely';
import type { DB } from './schema.ts';

/**
 * A SQL text built once, with parameters named while it is built and bound by name per execution. For the
 * few hot statements whose query building cost more than their values (see ledger/optimistic/optimistic.repo.ts): their
 * parts come from several repositories, each naming its own parameters, and the numbering stays right.
 * A name `row.column` is read from `values.row.column` (null when the row leaves the column out), any
 * other name from `values[name]`: rows are passed as they are, never copied into one flat object.
 */
export interface NamedStatement<R = unknown> {
  readonly text: string;
  readonly names: readonly string[];
  /** The statement with these values; a missing name (or row) is a programming error. */
  bind(values: Readonly<Record<string, unknown>>): CompiledQuery<R>;
}

/** Where each parameter's value is read: `values[head]`, then `[field]` when the name has one. */
function pathsOf(names: readonly string[]): [string, string | undefined][] {
  return names.map((n) => {
    const dot = n.indexOf('.');
    return dot < 0 ? [n, undefined] : [n.slice(0, dot), n.slice(dot + 1)];
  });
}

function bindPaths(
  paths: readonly [string, string | undefined][],
  values: Readonly<Record<string, unknown>>,
): unknown[] {
  const out = new Array<unknown>(paths.length);
  for (let i = 0; i < paths.length; i++) {
    const [head, field] = paths[i]!;
    const value = values[head];
    if (value === undefined && !(head in values))
      throw new Error(`statement parameter "${field ? `${head}.${field}` : head}" has no value`);
    if (field === undefined) out[i] = value ?? null;
    else if (value !== null && typeof value === 'object') out[i] = (value as Record<string, unknown>)[field] ?? null;
    else throw new Error(`statement parameter "${head}.${field}": "${head}" is not a row`);
  }
  return out;
}

/** `build` receives `p(name)`, which returns the placeholder (`$n`) of that name, the same each time it is asked. */
export function namedStatement<R = unknown>(build: (p: (name: string) => string) => string): NamedStatement<R> {
  const names: string[] = [];
  const text = build((name) => {
    const i = names.indexOf(name);
    return `$${i < 0 ? names.push(name) : i + 1}`;
  });
  const paths = pathsOf(names);
  return { text, names, bind: (values) => CompiledQuery.raw(text, bindPaths(paths, values)) as CompiledQuery<R> };
}

/** Compiles queries built once at module load: it never connects. */
const compiler = new Kysely<DB>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

const SENTINEL = '\u0000imr-parameter:';

/**
 * A Kysely query of fixed shape compiled once, its parameters named: `build` receives a stand-in string
 * for each name and must use every parameter through one (a value written into the query would be bound
 * the same on every execution). For hot reads whose building and compiling cost more than running them.
 */
export function compiledOnce<N extends string, R>(
  names: readonly N[],
  build: (db: Kysely<DB>, params: Record<N, string>) => Compilable<R>,
): NamedStatement<R> & { bind(values: Readonly<Record<N, unknown>>): CompiledQuery<R> } {
  const stand = Object.fromEntries(names.map((n) => [n, `${SENTINEL}${n}`])) as Record<N, string>;
  const compiled = build(compiler, stand).compile();
  const order = compiled.parameters.map((v) => {
    if (typeof v !== 'string' || !v.startsWith(SENTINEL))
      throw new Error(`compiledOnce: parameter ${JSON.stringify(v)} is not one of ${names.join(', ')}`);
    return v.slice(SENTINEL.length);
  });
  const paths = pathsOf(order);
  return {
    text: compiled.sql,
    names: order,
    bind: (values) => CompiledQuery.raw(compiled.sql, bindPaths(paths, values)) as CompiledQuery<R>,
  };
}

/** Every column of a table, as a list whose type names them all: a column added to the table and missing here fails to compile. */
export const columnsOf = <T>(all: Record<keyof T, true>) => Object.keys(all) as (keyof T & string)[];

/** `INSERT INTO table (columns) SELECT <the values named prefix.column> FROM source`: one row per row of `source` (a guard CTE). */
export function insertFrom(
  p: (name: string) => string,
  table: string,
  columns: readonly string[],
  prefix: string,
  source: string,
): string {
  return `INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')}) SELECT ${columns.map((c) => p(`${prefix}.${c}`)).join(', ')} FROM ${source}`;
}

/**
 * `INSERT INTO table (columns) SELECT <columns> FROM source s, LATERAL jsonb_populate_record(null::table, s.column) r`:
 * one row per row of `source`, read from its JSON column `column` by the table's own row type (each value
 * converted once). The caller may append a WHERE (on `s`) and an ON CONFLICT clause.
 */
export function insertFromJson(table: string, columns: readonly string[], source: string, column: string): string {
  return `INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')}) SELECT ${columns.map((c) => `r."${c}"`).join(', ')} FROM ${source} s, LATERAL jsonb_populate_record(null::${table}, s.${column}) r`;
}
