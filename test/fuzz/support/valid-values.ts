import fc from 'fast-check';
import { DEMO_PASSWORD } from '../../../src/demo/staff.ts';
import { requestStatuses } from '../../../src/shared/contracts/requests.ts';
import { engagementStatuses } from '../../../src/shared/contracts/engagements.ts';
import { CursorRef, FileRef, PoolRef, poolOfName, uniformPick, type PoolName } from './refs.ts';
import type { Schema } from './operations.ts';

/**
 * A JSON Schema → fast-check converter for values the schema accepts (type, enum/const, formats date,
 * date-time and email, patterns, length and range bounds with their boundaries, required, oneOf/anyOf,
 * arrays), steered by field names towards values a business rule then judges: real ids from pools,
 * time zones, currencies, dates near the clock's today, a strong password. Without those hints a random
 * schema-valid request rarely gets past the first refine.
 */
export interface ValueContext {
  resolve: (s: Schema) => Schema;
  /** The fake clock's now: business dates are generated around it. */
  now: Date;
  opKey: string;
}

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const alnum = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...ALNUM), minLength: min, maxLength: Math.max(min, max) });
const WORDS = [
  'Northwind',
  'ransomware',
  'review',
  'firewall',
  'Müller',
  'Zoë',
  '東京',
  'plan',
  'audit',
  "O'Brien",
  'night shift',
  'São Paulo',
];

/** Readable text within [min, max] characters (letters, digits, spaces, a few non-ASCII words). */
export function text(min: number, max: number): fc.Arbitrary<string> {
  const cap = Math.min(max, Math.max(min, 60));
  return fc
    .tuple(fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 4 }), alnum(3, 6))
    .map(([w, tag]) => `${w.join(' ')} ${tag}`)
    .map((s) => (s.length < min ? s.padEnd(min, 'x') : s.slice(0, cap).trimEnd()))
    .map((s) => (s.length < min ? s.padEnd(min, 'x') : s));
}

const day = (now: Date, offsetDays: number) =>
  new Date(now.getTime() + offsetDays * 86_400_000).toISOString().slice(0, 10);
const instant = (now: Date, offsetMinutes: number) =>
  new Date(now.getTime() + offsetMinutes * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Date fields by name: near the clock's today, where the business calendar has room; now and then the ends of the calendar. */
function dateArb(name: string | undefined, now: Date, renewal: boolean): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 12, arbitrary: nearDateArb(name, now, renewal) },
    { weight: 1, arbitrary: fc.constantFrom('0001-01-01', '9999-12-31', '2000-01-01', '2100-12-31') },
  );
}

function nearDateArb(name: string | undefined, now: Date, renewal: boolean): fc.Arbitrary<string> {
  switch (name) {
    // A renewal starts after its predecessor ends (at most about a year and a half from now in the demo).
    case 'termStart':
      return fc.integer(renewal ? { min: 600, max: 700 } : { min: -60, max: 0 }).map((d) => day(now, d));
    case 'termEnd':
      return fc.integer(renewal ? { min: 1000, max: 1100 } : { min: 30, max: 400 }).map((d) => day(now, d));
    case 'desiredStart':
    case 'dueDate':
    case 'proposedStart':
    case 'proposedEnd':
      return fc.integer({ min: 10, max: 90 }).map((d) => day(now, d));
    case 'to':
      return fc.integer({ min: 0, max: 60 }).map((d) => day(now, d));
    default:
      return fc.integer({ min: -45, max: 0 }).map((d) => day(now, d));
  }
}

function dateTimeArb(name: string | undefined, now: Date): fc.Arbitrary<string> {
  switch (name) {
    case 'startsAt':
    case 'approvalDeadline':
    case 'plannedStart':
    case 'plannedEnd':
    case 'to':
      return fc.integer({ min: 60, max: 40 * 1440 }).map((m) => instant(now, m));
    default:
      return fc.integer({ min: -3 * 1440, max: -1 }).map((m) => instant(now, m));
  }
}

/** Hints by field name, tried before the schema's own type. */
function hinted(s: Schema, name: string | undefined, ctx: ValueContext): fc.Arbitrary<unknown> | undefined {
  const type = s['type'];
  if (type === 'string' && s['format'] === 'binary') {
    return fc.constantFrom(
      new FileRef('png', 'scan.png', 'image/png'),
      new FileRef('pdf', 'Hotel Müller.pdf', 'application/pdf'),
      new FileRef('jpeg', 'C:\\scans\\ticket.jpg', 'image/jpeg'),
      new FileRef('pdf', 'report.pdf', 'application/octet-stream'),
    );
  }
  if (name === 'slaTargets') return fc.constant(SLA_TARGETS);
  if (type !== 'string' || s['enum'] || s['const'] !== undefined) return undefined;
  if (s['pattern'] === MULTIPLIER_PATTERN) return fc.constantFrom('1', '1.5', '2', '0.75', '1.25');
  if (name === 'number' && s['pattern'] && ctx.opKey.includes('/settings'))
    return fc.constantFrom('+353 1 555 0100', '+1 212 555 0199'); // hotlines: digits, spaces, a leading +
  if (name === 'number' && s['pattern'])
    return fc.constantFrom('+1 312 555 0120', '+49 30 1234567', '030 123456 ext 12', '(312) 555-0199');
  // A booking's instants: its end follows its start (random instants come in the wrong order half the time).
  if ((name === 'start' || name === 'end') && s['format'] === 'date-time' && ctx.opKey.includes('/bookings'))
    return name === 'start'
      ? fc.constantFrom('2026-11-03T14:00:00Z', '2026-11-04T08:00:00Z')
      : fc.constantFrom('2026-11-05T17:00:00Z', '2026-11-06T22:00:00Z');
  // Times of day (working and business hours) come in pairs whose end follows their start.
  if ((name === 'start' || name === 'end') && String(s['pattern'] ?? '').startsWith('^([01]'))
    return name === 'start' ? fc.constantFrom('07:30', '08:00', '09:00') : fc.constantFrom('17:00', '18:00', '20:00');
  if (name === 'catalogItemId' && ctx.opKey.includes('/lead-time')) return poolValue('proactiveItem', s);
  const pool = poolOfName(name);
  if (pool) return poolValue(pool, s);
  switch (name) {
    case 'timeZone':
      return fc.constantFrom('UTC', 'Europe/Berlin', 'America/Chicago', 'Asia/Tokyo', 'Australia/Sydney');
    case 'email':
      return s['format'] === 'email' ? fuzzEmail() : fc.oneof(poolValue('loginEmail', s), fuzzEmail());
    case 'password':
      return fc.constant(DEMO_PASSWORD);
    case 'period': // a statement month, YYYY-MM: past ones are issued or previewed, the current one refused by a rule
      return fc.constantFrom('2026-09', '2026-10', '2026-11', '2026-12');
    case 'skillId': // the seeded skill and certification catalogs (migration 0020)
      return fc.constantFrom(
        'incident_handling',
        'containment',
        'digital_forensics',
        'windows_forensics',
        'linux_forensics',
        'memory_forensics',
        'malware_analysis',
      );
    case 'certificationId':
      return fc.constantFrom('gcfa', 'gcfe', 'grem', 'gcih', 'gnfa', 'gcld');
    case 'website':
      return fc.constantFrom('https://bluewater-ir.example', 'https://www.irfirm.example/contact');
    case 'workPhone':
      return fc.constantFrom('+44 20 7946 0958', '+1 312 555 0120');
    case 'currency':
    case 'defaultCurrency': // ISO 4217 in circulation: three random capitals almost never are one
      return fc.constantFrom('EUR', 'USD', 'JPY', 'GBP', 'CHF');
    case 'number':
      return s['pattern'] ? undefined : alnum(6, 8).map((x) => `FZ-${x}`);
    case 'name':
      return text(Number(s['minLength'] ?? 1), Number(s['maxLength'] ?? 200));
    case 'cursor':
      return fc.constant(new CursorRef(ctx.opKey));
    case 'q':
      return fc.constantFrom('north', 'a', 'contoso', 'Müller', 'zz');
    case 'status':
      return fc.constantFrom(...(ctx.opKey.includes('/engagements') ? engagementStatuses : requestStatuses));
    case 'entityType':
      return fc.constantFrom(
        'contract',
        'customer',
        'engagement',
        'user',
        'service_request',
        'work_order',
        'effort_entry',
      );
    case 'action':
      return fc.constantFrom(
        'contract.created',
        'customer.updated',
        'effort.logged',
        'auth.login',
        'ledger.top_up',
        'token.created',
      );
    case 'to':
    case 'from':
      if (s['format'] === undefined) return fuzzEmail();
      break;
    case 'if-match':
      return fc.integer({ min: 1, max: 4 }).map((n) => (n % 2 ? String(n) : `"${n}"`));
    case 'idempotency-key':
      return fc.oneof(
        alnum(12, 16).map((k) => `fz-${k}`),
        fc.constantFrom('fz-replayed-key-1', 'fz-replayed-key-2'),
      );
    case 'token':
      return alnum(Math.max(Number(s['minLength'] ?? 16), 20), 43);
    default:
      break;
  }
  if (s['format'] === 'date') return dateArb(name, ctx.now, ctx.opKey.endsWith('/renew'));
  if (s['format'] === 'date-time') return dateTimeArb(name, ctx.now);
  if (s['format'] === 'email') return fuzzEmail();
  return undefined;
}

const MULTIPLIER_PATTERN = '^\\d{1,2}(\\.\\d{1,2})?$';
const target = (initial: number) => ({
  initialContactMinutes: initial,
  remoteStartMinutes: initial * 4,
  onsiteArrivalMinutes: initial * 48,
});
/** SLA targets are all-or-nothing per severity: a whole, consistent set. */
const SLA_TARGETS = { P1: target(30), P2: target(60), P3: target(240), P4: target(480) };

const fuzzEmail = () => alnum(6, 10).map((x) => `fz.${x.toLowerCase()}@example.test`);

/** A real value most of the time, else one that only looks right. */
function poolValue(pool: PoolName, s: Schema): fc.Arbitrary<unknown> {
  const ref = uniformPick.map((p) => new PoolRef(pool, p));
  const fake =
    typeof s['pattern'] === 'string'
      ? stringArb(s, undefined)
      : alnum(Math.max(1, Number(s['minLength'] ?? 1)), Math.min(Number(s['maxLength'] ?? 30), 30));
  return fc.oneof({ weight: 5, arbitrary: ref }, { weight: 1, arbitrary: fake });
}

function integerArb(s: Schema, name: string | undefined): fc.Arbitrary<number> {
  const exMin = typeof s['exclusiveMinimum'] === 'number' ? s['exclusiveMinimum'] + 1 : undefined;
  const min = Math.max(Number(s['minimum'] ?? exMin ?? -1000), exMin ?? -Infinity);
  const exMax = typeof s['exclusiveMaximum'] === 'number' ? s['exclusiveMaximum'] - 1 : undefined;
  const max = Math.min(Number(s['maximum'] ?? exMax ?? min + 1000), exMax ?? Infinity);
  // Revisions and versions are small; other quantities up to 600 above their floor.
  const smallMax = Math.min(max, Math.max(min, 0) + (name === 'revision' || name === 'version' ? 3 : 600));
  // Boundaries often: the largest value a schema allows must fit the column behind it.
  return fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: Math.max(min, Math.min(smallMax, 1)), max: smallMax }) },
    { weight: 1, arbitrary: fc.constantFrom(min, max) },
  );
}

function stringArb(s: Schema, name: string | undefined): fc.Arbitrary<string> {
  if (typeof s['pattern'] === 'string') {
    const max = Number(s['maxLength'] ?? Infinity);
    return fc
      .stringMatching(new RegExp(s['pattern']))
      .filter((v) => v.length <= max && v.length >= Number(s['minLength'] ?? 0));
  }
  return text(Number(s['minLength'] ?? (name === 'reason' ? 3 : 0)), Number(s['maxLength'] ?? 200));
}

/** Values the schema accepts, for a field called `name`. */
export function validArb(schema: Schema, name: string | undefined, ctx: ValueContext): fc.Arbitrary<unknown> {
  const s = ctx.resolve(schema);
  const hint = hinted(s, name, ctx);
  if (hint) return hint;
  if (s['const'] !== undefined) return fc.constant(s['const']);
  if (Array.isArray(s['enum'])) return fc.constantFrom(...(s['enum'] as unknown[]));
  const alternatives = (s['oneOf'] ?? s['anyOf']) as Schema[] | undefined;
  if (alternatives) {
    // null and free patterns (a comma list of ledger kinds) less often than enums and objects.
    const weight = (a: Schema) => (a['type'] === 'null' || a['pattern'] ? 1 : 4);
    return fc.oneof(
      ...alternatives.map((a) => ({ weight: weight(ctx.resolve(a)), arbitrary: validArb(a, name, ctx) })),
    );
  }
  const type = Array.isArray(s['type']) ? s['type'][0] : s['type'];
  switch (type) {
    case 'string':
      return stringArb(s, name);
    case 'integer':
      return integerArb(s, name);
    case 'number':
      return fc.double({
        min: Number(s['minimum'] ?? -1e6),
        max: Number(s['maximum'] ?? 1e6),
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const min = Number(s['minItems'] ?? 0);
      const max = Math.min(Number(s['maxItems'] ?? 3), min + 3);
      return fc.array(validArb((s['items'] ?? {}) as Schema, name, ctx), { minLength: min, maxLength: max });
    }
    case 'object':
    case undefined: {
      const props = (s['properties'] ?? {}) as Record<string, Schema>;
      const required = (s['required'] ?? []) as string[];
      const arbs = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, validArb(v, k, ctx)]));
      if (Object.keys(arbs).length === 0) return fc.constant({});
      return fc.record(arbs, { requiredKeys: required.filter((k) => k in arbs) });
    }
    default:
      return fc.constant(null);
  }
}
