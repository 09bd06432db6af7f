import fc from 'fast-check';
import { HOSTILE_NUMBERS, hostileRawBody, hostileString, hostileValue } from './hostile-values.ts';
import type { Operation, Schema } from './operations.ts';
import { CursorRef, FileRef, PoolRef, poolOfPathId, uniformPick } from './refs.ts';
import { validArb, type ValueContext } from './valid-values.ts';

export type Role = 'admin' | 'customer' | 'anon';

/** One request to send, as generated from the seed (state-dependent values are refs, see refs.ts). */
export interface Plan {
  role: Role;
  /** `valid`: schema-conforming; otherwise what was made hostile. */
  mutation: string;
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  body:
    | { kind: 'none' }
    | { kind: 'json'; value: unknown }
    | { kind: 'multipart'; fields: Record<string, unknown> }
    | { kind: 'raw'; raw: string | Buffer; contentType: string };
  /** Leave out the CSRF token of a cookie session. */
  dropCsrf?: boolean;
}

const roleArb: fc.Arbitrary<Role> = fc.oneof(
  { weight: 9, arbitrary: fc.constant<Role>('admin') },
  { weight: 7, arbitrary: fc.constant<Role>('customer') },
  { weight: 4, arbitrary: fc.constant<Role>('anon') },
);

function paramArb(op: Operation, p: Operation['params'][number], ctx: ValueContext): fc.Arbitrary<unknown> {
  if (p.in === 'path') {
    const pool = poolOfPathId(op.path, p.name);
    if (pool)
      return fc.oneof(
        { weight: 9, arbitrary: uniformPick.map((x) => new PoolRef(pool, x)) },
        { weight: 1, arbitrary: validArb(p.schema, p.name, ctx) },
      );
  }
  return validArb(p.schema, p.name, ctx);
}

/** A request the schema accepts: every required part, optional ones half the time. */
export function validPlanArb(op: Operation, ctx: ValueContext): fc.Arbitrary<Plan> {
  const part = (where: 'path' | 'query' | 'header') => {
    const ps = op.params.filter((p) => p.in === where);
    // Optional query filters one time in three: lists AND their filters, and five of them match nothing.
    const sometimes = (a: fc.Arbitrary<unknown>) =>
      fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: a });
    const arbs = Object.fromEntries(
      ps.map((p) => [
        p.name,
        where === 'query' && !p.required ? sometimes(paramArb(op, p, ctx)) : paramArb(op, p, ctx),
      ]),
    );
    return fc.record(arbs, {
      requiredKeys: ps.filter((p) => p.required || where === 'path').map((p) => p.name),
    }) as fc.Arbitrary<Record<string, unknown>>;
  };
  const body: fc.Arbitrary<Plan['body']> = !op.body
    ? fc.constant({ kind: 'none' as const })
    : op.body.contentType === 'multipart/form-data'
      ? validArb(op.body.schema, undefined, ctx).map((fields) => ({
          kind: 'multipart' as const,
          fields: fields as Record<string, unknown>,
        }))
      : validArb(op.body.schema, undefined, ctx).map((value) => ({ kind: 'json' as const, value }));
  return fc
    .record({
      role: roleArb,
      mutation: fc.constant('valid'),
      path: part('path'),
      query: part('query'),
      headers: part('header'),
      body,
    })
    .map(agreeOnRevision);
}

/** If-Match and a body `revision` must agree when both are sent. */
function agreeOnRevision(p: Plan): Plan {
  const revision =
    p.body.kind === 'json' && p.body.value && typeof p.body.value === 'object'
      ? (p.body.value as Record<string, unknown>)['revision']
      : undefined;
  if (typeof revision !== 'number' || p.headers['if-match'] === undefined) return p;
  return { ...p, headers: { ...p.headers, 'if-match': `"${revision}"` } };
}

const HEADERS = [
  'idempotency-key',
  'if-match',
  'x-csrf-token',
  'content-type',
  'accept',
  'authorization',
  'cookie',
  'x-forwarded-for',
  'user-agent',
  'accept-language',
];
const HUGE_ID = 'cus_'.padEnd(200, '9');

/** Replaces the value at `keys` (a path into objects) with `v`, copying on the way. */
function setIn(obj: unknown, keys: string[], v: unknown): unknown {
  if (keys.length === 0) return v;
  const base = obj && typeof obj === 'object' && !Array.isArray(obj) ? { ...(obj as Record<string, unknown>) } : {};
  base[keys[0]!] = setIn(base[keys[0]!], keys.slice(1), v);
  return base;
}

/** The paths of the fields of a JSON body, nested ones included (array items stay whole). */
function fieldPaths(v: unknown, prefix: string[] = []): string[][] {
  if (
    !v ||
    typeof v !== 'object' ||
    Array.isArray(v) ||
    v instanceof FileRef ||
    v instanceof PoolRef ||
    v instanceof CursorRef
  )
    return [];
  return Object.entries(v).flatMap(([k, x]) => [[...prefix, k], ...fieldPaths(x, [...prefix, k])]);
}

/** A valid request with one or two of its parts made hostile. */
export function hostilePlanArb(op: Operation, ctx: ValueContext): fc.Arbitrary<Plan> {
  const mutation = fc.record({
    kind: fc.noBias(fc.nat(99)),
    at: fc.noBias(fc.nat(1_000_000)),
    value: hostileValue,
    text: hostileString,
    num: fc.constantFrom(...HOSTILE_NUMBERS),
    raw: hostileRawBody,
  });
  return fc.tuple(validPlanArb(op, ctx), fc.array(mutation, { minLength: 1, maxLength: 2 })).map(([plan, ms]) => {
    let p: Plan = { ...plan, mutation: '' };
    const done: string[] = [];
    for (const m of ms) {
      const [next, what] = mutate(op, p, m);
      p = next;
      done.push(what);
    }
    return { ...p, mutation: done.join(' + ') };
  });
}

interface Mutation {
  kind: number;
  at: number;
  value: unknown;
  text: string;
  num: number;
  raw: { raw: string | Buffer; contentType: string };
}

/** Numbers where a number is expected more often than not (past int4, past 2^53, fractions, negatives). */
const hostileFor = (m: Mutation, current: unknown, integer = typeof current === 'number'): unknown =>
  integer && m.at % 3 ? m.num : m.value;

function mutate(op: Operation, p: Plan, m: Mutation): [Plan, string] {
  const pathParams = op.params.filter((x) => x.in === 'path');
  const queryParams = op.params.filter((x) => x.in === 'query');
  const k = m.kind;
  if (k < 20 && pathParams.length) {
    const param = pathParams[m.at % pathParams.length]!;
    const v = param.schema['type'] === 'integer' && m.at % 3 ? String(m.num) : m.at % 8 === 0 ? HUGE_ID : m.text;
    return [{ ...p, path: { ...p.path, [param.name]: v } }, `path ${param.name}`];
  }
  if (k < 40) {
    const param = queryParams.length && m.at % 4 ? queryParams[m.at % queryParams.length] : undefined;
    const name = param?.name ?? 'unexpected';
    return [
      { ...p, query: { ...p.query, [name]: hostileFor(m, p.query[name], param?.schema['type'] === 'integer') } },
      `query ${name}`,
    ];
  }
  if (k < 52) {
    const name = HEADERS[m.at % HEADERS.length]!;
    if (name === 'x-csrf-token' && m.at % 2) return [{ ...p, dropCsrf: true }, 'no CSRF token'];
    return [{ ...p, headers: { ...p.headers, [name]: m.text } }, `header ${name}`];
  }
  if (p.body.kind === 'json' && k < 85) {
    const fields = fieldPaths(p.body.value);
    if (fields.length && k < 78) {
      const at = fields[m.at % fields.length]!;
      const current = at.reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], p.body.value);
      return [
        { ...p, body: { kind: 'json', value: setIn(p.body.value, at, hostileFor(m, current)) } },
        `body.${at.join('.')}`,
      ];
    }
    return [
      { ...p, body: { kind: 'json', value: m.at % 3 ? setIn(p.body.value, ['unexpected'], m.value) : m.value } },
      'body',
    ];
  }
  if (p.body.kind === 'multipart' && k < 85) {
    const names = [...Object.keys(p.body.fields), 'unexpected'];
    const name = names[m.at % names.length]!;
    const v =
      p.body.fields[name] instanceof FileRef
        ? new FileRef(
            m.at % 2 ? 'text' : 'bytes',
            m.text.slice(0, 300) || 'x',
            m.at % 3 ? 'image/png' : 'application/x-msdownload',
          )
        : m.value;
    return [{ ...p, body: { kind: 'multipart', fields: { ...p.body.fields, [name]: v } } }, `form ${name}`];
  }
  if (op.body || k >= 95) return [{ ...p, body: { kind: 'raw', ...m.raw } }, `raw body ${m.raw.contentType}`];
  const name = queryParams.length ? queryParams[m.at % queryParams.length]!.name : 'unexpected';
  return [{ ...p, query: { ...p.query, [name]: m.text } }, `query ${name}`];
}

/**
 * Whether the request of round `round` is made hostile: two rounds in five, so that three in five are
 * schema-valid whatever the seed, and every route gets both.
 */
export const isHostileRound = (round: number): boolean => round % 5 === 1 || round % 5 === 3;

export type { Schema };
