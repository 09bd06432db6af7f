import { CompiledQuery } from 'kysely';

/**
 * A SQL text built once, with parameters named while it is built and bound by name per execution. For the
 * few hot statements whose query building cost more than their values (see ledgerRepo.appendIfHead): their
 * parts come from several repositories, each naming its own parameters, and the numbering stays right.
 */
export interface NamedStatement<N extends string = string> {
  readonly text: string;
  readonly names: readonly N[];
  /** The statement with these values; a missing name is a programming error. */
  bind(values: Readonly<Record<N, unknown>>): CompiledQuery;
}

/** `build` receives `p(name)`, which returns the placeholder (`$n`) of that name, the same each time it is asked. */
export function namedStatement<N extends string>(build: (p: (name: N) => string) => string): NamedStatement<N> {
  const names: N[] = [];
  const text = build((name) => {
    const i = names.indexOf(name);
    return `$${i < 0 ? names.push(name) : i + 1}`;
  });
  return {
    text,
    names,
    bind(values) {
      return CompiledQuery.raw(text, names.map((n) => {
        if (!(n in values)) throw new Error(`statement parameter "${n}" has no value`);
        return values[n] ?? null;
      }));
    },
  };
}

/** Every column of a table, as a list whose type names them all: a column added to the table and missing here fails to compile. */
export const columnsOf = <T>(all: Record<keyof T, true>) => Object.keys(all) as (keyof T & string)[];

/** `INSERT INTO table (columns) SELECT <the values named prefix.column> FROM source`: one row per row of `source` (a guard CTE). */
export function insertFrom(p: (name: string) => string, table: string, columns: readonly string[], prefix: string, source: string): string {
  return `INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')}) SELECT ${columns.map((c) => p(`${prefix}.${c}`)).join(', ')} FROM ${source}`;
}

/** The values of insertFrom's parameters: each column of `row` under prefix.column (null when the row leaves it out). */
export function prefixed(prefix: string, columns: readonly string[], row: object): Record<string, unknown> {
  const r = row as Record<string, unknown>;
  return Object.fromEntries(columns.map((c) => [`${prefix}.${c}`, r[c] ?? null]));
}
