import type { z } from 'zod';
import { AppError } from './errors.ts';
import { fieldLabel, label, labelKindOf, orList } from './labels.ts';

/** One refused field as the API answers it: where, the field as forms label it, what to do, the schema's message. */
export interface FieldProblem {
  path: string;
  /** Absent for a path parameter: it is part of the address (a link, an id), not a field anyone fills in. */
  field?: string;
  message: string;
  debug: string;
}

/** A validation issue as fastify-type-provider-zod hands it over (a zod issue; its details under `params`). */
export interface SchemaIssue {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** Zod's own messages ("Invalid option: expected one of …"); anything else was written for people in the contracts. */
const schemaWords = /^(Invalid|Too small|Too big|Unrecognized key|Expected|Required)/;

const num = (n: unknown) => (typeof n === 'number' || typeof n === 'bigint' ? n.toLocaleString('en-US') : String(n));
const count = (n: unknown, one: string, many: string) => (Number(n) === 1 ? one : `${num(n)} ${many}`);
/** A capital first letter and a full stop. */
const sentence = (s: string) => {
  const t = s.trim();
  return `${t.charAt(0).toUpperCase()}${t.slice(1)}${/[.!?]$/.test(t) ? '' : '.'}`;
};

/** The choices of a value refused by an enum or a discriminator, by their labels: "Emergency or Proactive service". */
function choices(values: readonly unknown[]): string {
  const kind = labelKindOf(values);
  return orList(values.map((v) => (kind ? label(kind, String(v)) : String(v))));
}

/** What to do about one issue, in plain English ("Choose one of Ransomware, …"). */
function advice(issue: SchemaIssue): string {
  const raw = issue.message ?? '';
  const p = issue.params ?? {};
  if (raw && !schemaWords.test(raw)) return sentence(raw);
  const origin = String(p['origin'] ?? '');
  switch (issue.keyword) {
    case 'invalid_value': {
      const values = (p['values'] as unknown[] | undefined) ?? [];
      return values.length === 1 ? `Must be ${choices(values)}.` : `Choose one of ${choices(values)}.`;
    }
    case 'invalid_type': {
      if (/received undefined|received null/.test(raw)) return 'Fill it in (it is required).';
      const expected = String(p['expected'] ?? '');
      if (expected === 'number' || expected === 'int') return 'Enter a number.';
      if (expected === 'boolean') return 'Must be yes or no (true or false).';
      if (expected === 'array') return 'Must be a list.';
      if (expected === 'object') return 'Must be an object of fields.';
      return 'Enter text.';
    }
    case 'too_small': {
      const min = p['minimum'];
      if (origin === 'string')
        return Number(min) <= 1 ? 'Fill it in (it cannot be empty).' : `Use at least ${num(min)} characters.`;
      if (origin === 'array' || origin === 'set')
        return Number(min) <= 1 ? 'Add at least one.' : `Add at least ${num(min)}.`;
      return p['inclusive'] === false ? `Enter more than ${num(min)}.` : `Enter ${num(min)} or more.`;
    }
    case 'too_big': {
      const max = p['maximum'];
      if (origin === 'string') return `Shorten it to at most ${count(max, 'one character', 'characters')}.`;
      if (origin === 'array' || origin === 'set') return `Give at most ${num(max)}.`;
      return p['inclusive'] === false ? `Enter less than ${num(max)}.` : `Enter ${num(max)} or less.`;
    }
    case 'invalid_format': {
      const format = String(p['format'] ?? '');
      if (format === 'email') return 'Enter an email address, like name@example.com.';
      if (format === 'datetime') return 'Enter a date and time with its offset, e.g. 2026-11-02T09:07:00-06:00.';
      if (format === 'date') return 'Enter a date as YYYY-MM-DD, e.g. 2026-11-02.';
      if (format === 'url') return 'Enter a web address starting with https://.';
      return 'Check the format: it is not one this field takes.';
    }
    case 'unrecognized_keys': {
      const keys = ((p['keys'] as string[] | undefined) ?? []).join(', ');
      return `Remove the field${keys.includes(',') ? 's' : ''} this form does not take: ${keys}.`;
    }
    case 'invalid_union': {
      // "Invalid discriminator value. Expected 'emergency' | 'proactive'"
      const offered = /Expected (.+)$/
        .exec(raw)?.[1]
        ?.split('|')
        .map((v) => v.trim().replace(/^['"]|['"]$/g, ''));
      if (offered?.length) return `Choose one of ${choices(offered)}.`;
      return 'Check the value: it matches none of the forms this field takes.';
    }
    case 'not_multiple_of':
      return `Enter a multiple of ${String(p['divisor'])}.`;
    default:
      return 'Check the value: it is not one this field takes.';
  }
}

/** A field by its label, "(item 2)" for a row of a list; the whole request or query when no field is named. */
function fieldOf(context: string | undefined, segments: readonly string[], unknownKeys = false): string {
  const named = [...segments].reverse().find((s) => !/^\d+$/.test(s));
  const row = segments.find((s) => /^\d+$/.test(s));
  if (!named) return context === 'querystring' && !unknownKeys ? 'The query' : 'The request';
  return row !== undefined ? `${fieldLabel(named)} (item ${Number(row) + 1})` : fieldLabel(named);
}

/**
 * A schema validation failure in words a person acts on: each field named as the forms label it
 * ("Incident type: choose one of Ransomware, Business email compromise, …"), the schema's message kept in
 * `debug` only.
 */
export function plainProblems(context: string | undefined, issues: readonly SchemaIssue[]): FieldProblem[] {
  const problems = issues.map((issue) => {
    const segments = String(issue.instancePath ?? '')
      .split('/')
      .filter(Boolean);
    const path = [context, ...segments].filter(Boolean).join('.');
    const message = advice(issue);
    const debug = issue.message ?? '';
    if (context === 'params') return { path, message, debug };
    return { path, field: fieldOf(context, segments, issue.keyword === 'unrecognized_keys'), message, debug };
  });
  // One sentence per field: a second refusal of the same value says the same thing in other words.
  return problems.filter((p, i) => problems.findIndex((q) => q.path === p.path) === i);
}

/** "Check these fields: Incident type: choose one of …; Description: fill it in." */
export function plainDetail(problems: readonly FieldProblem[]): string {
  const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
  const parts = problems.map((p) =>
    p.field ? `${p.field}: ${lower(p.message).replace(/\.$/, '')}` : p.message.replace(/\.$/, ''),
  );
  if (problems.length === 1) return `${parts[0]}.`;
  return problems.every((p) => p.field) ? `Check these fields: ${parts.join('; ')}.` : `${parts.join('; ')}.`;
}

/** VALIDATION_FAILED in plain words for a zod failure met outside a route's own schema (a form's fields, a document). */
export function schemaRefusal(context: string | undefined, issues: readonly z.core.$ZodIssue[]): AppError {
  const errors = plainProblems(
    context,
    issues.map(({ path, code, message, ...params }) => ({
      keyword: code,
      instancePath: `/${path.map(String).join('/')}`,
      message,
      params: params as Record<string, unknown>,
    })),
  );
  return new AppError('VALIDATION_FAILED', plainDetail(errors), { errors });
}

/**
 * One field refused by a rule of a use case or a plugin, in the words of the schema refusals: `path` as the API
 * names it (`body.siteIds.0`), `advice` a sentence saying what to do, the raw text (if any) only in `debug`.
 */
export function fieldProblem(path: string, advice: string, debug = ''): FieldProblem {
  const parts = path.split('.');
  // A path without its part of the request ('termEnd') names a field of the body.
  const scoped = ['body', 'querystring', 'params', 'headers'].includes(parts[0]!);
  const context = scoped ? parts[0] : undefined;
  const segments = scoped ? parts.slice(1) : parts;
  // A message that starts with a value (an id, a code) keeps its case: only words get a capital.
  const keepsCase = /^\S*[_\d]/.test(advice.trim());
  const message = keepsCase ? sentence(advice).replace(/^./, advice.trim().charAt(0)) : sentence(advice);
  return { path, field: fieldOf(context, segments), message, debug };
}

/** VALIDATION_FAILED naming each refused field as the forms label it, what to do, and nothing of the schema. */
export const fieldRefusal = (...problems: FieldProblem[]): AppError =>
  new AppError('VALIDATION_FAILED', plainDetail(problems), { errors: problems });
