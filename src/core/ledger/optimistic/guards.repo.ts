import type { ErrorCode } from '../../../shared/errors.ts';
import type { ConsumedEffort } from './optimistic.repo.ts';

/**
 * What the optimistic statements guard: each rule the locking path decides under its locks (engagement,
 * then balance row) and the optimistic path decided on a read without them. A statement writes a posting
 * only while every rule of its scope still holds; otherwise it writes nothing and the locking path decides
 * again. Adding a rule the locking path checks (for example "only consultants booked on the engagement may
 * log") is one entry here: its input columns and values, its condition, the refusal it stands for and the
 * memory a failed guard makes stale. test/optimistic.guards.test.ts runs every entry through both paths.
 */
export interface GuardedRule {
  /** Stable name, used by the table-driven test to show that every rule is exercised. */
  readonly name: string;
  /** The locking path's refusals this rule protects (none: a moved value changes the posting, not its answer). */
  readonly refusals: readonly ErrorCode[];
  /**
   * 'engagement': checked by `eng` of the effort statement (locks the engagement row); 'ledger': by the
   * balance row's guard of both statements (effort and API top-ups).
   */
  readonly scope: 'engagement' | 'ledger';
  /** What a failed guard makes stale: the remembered effort context (draft-memory.ts), the remembered ledger head (heads.ts). */
  readonly invalidates: readonly ('draft' | 'head')[];
  /** The effort statement's input columns the condition reads (`name type`), and their values for one posting. */
  readonly columns: readonly string[];
  readonly values: (effort: ConsumedEffort) => Record<string, unknown>;
  /** The condition in the effort statement, over `i` (its input row) and `e` (engagements) or `b`/`c` (balance row, contract). */
  readonly many: string;
  /** The condition in the single top-up statement (ledger rules only), with named parameters `p(...)`. */
  readonly one?: (p: (name: string) => string) => string;
}

/** Every guarded rule, in the order the statements check them. */
export const guardedRules: readonly GuardedRule[] = [
  {
    name: 'engagement on the drafted contract',
    refusals: [],
    scope: 'engagement',
    invalidates: ['draft'],
    columns: [],
    values: () => ({}),
    many: 'e.contract_id = i.contract',
  },
  {
    name: 'engagement status',
    refusals: ['ENGAGEMENT_NOT_OPEN'],
    scope: 'engagement',
    invalidates: ['draft'],
    columns: ['eng_status text'],
    values: (w) => ({ eng_status: w.engagement.status }),
    many: 'e.status = i.eng_status',
  },
  {
    name: 'engagement effort sums',
    refusals: [],
    scope: 'engagement',
    invalidates: ['draft'],
    columns: ['eng_consumed bigint', 'eng_held bigint'],
    values: (w) => ({ eng_consumed: w.engagement.consumed, eng_held: w.engagement.held }),
    many: 'e.effort_consumed = i.eng_consumed AND e.effort_held = i.eng_held',
  },
  {
    name: 'engagement estimate',
    refusals: [],
    scope: 'engagement',
    invalidates: ['draft'],
    columns: ['eng_estimate bigint'],
    values: (w) => ({ eng_estimate: w.engagement.estimate }),
    many: 'e.estimate = i.eng_estimate',
  },
  {
    name: 'person on the team',
    refusals: ['NOT_FOUND', 'BUSINESS_RULE'],
    scope: 'engagement',
    invalidates: ['draft'],
    columns: ['eng_member text'],
    values: (w) => ({ eng_member: w.engagement.memberUserId }),
    many: '(i.eng_member IS NULL OR EXISTS (SELECT 1 FROM engagement_team t WHERE t.engagement_id = i.eng_id AND t.user_id = i.eng_member))',
  },
  {
    // Effort converts with the engagement's frozen card (issue 17), not the contract's: a contract's new
    // card moves nothing here; an approved change order (the one writer of the card) does.
    name: 'engagement rate card',
    refusals: [],
    scope: 'engagement',
    invalidates: ['draft'],
    columns: ['eng_rate_card jsonb'],
    values: (w) => ({ eng_rate_card: w.engagement.rateCard }),
    many: 'e.rate_card = i.eng_rate_card',
  },
  {
    name: 'customer time zone',
    refusals: ['VALIDATION_FAILED'],
    scope: 'engagement',
    invalidates: ['draft'],
    columns: ['eng_time_zone text'],
    values: (w) => ({ eng_time_zone: w.engagement.timeZone }),
    many: 'EXISTS (SELECT 1 FROM customers cu WHERE cu.id = e.customer_id AND cu.time_zone = i.eng_time_zone)',
  },
  {
    name: 'engagement reservation',
    refusals: ['BALANCE_INSUFFICIENT'],
    scope: 'engagement',
    invalidates: ['draft'],
    columns: ['was_reserved bigint', 'was_released bigint', 'was_consumed bigint', 'was_minimum_true_ups bigint'],
    values: ({ engagement: { reservation: r } }) => ({
      was_reserved: r?.reserved ?? null,
      was_released: r?.released ?? null,
      was_consumed: r?.consumed ?? null,
      was_minimum_true_ups: r?.minimumTrueUps ?? null,
    }),
    many: `(SELECT row(r.reserved, r.released, r.consumed, r.minimum_true_ups) FROM ledger_reservations r WHERE r.contract_id = i.contract AND r.engagement_id = i.eng_id)
          IS NOT DISTINCT FROM (SELECT row(i.was_reserved, i.was_released, i.was_consumed, i.was_minimum_true_ups) WHERE i.was_reserved IS NOT NULL)`,
  },
  {
    name: 'ledger head',
    refusals: ['BALANCE_INSUFFICIENT'],
    scope: 'ledger',
    invalidates: ['draft', 'head'],
    columns: ['expected_seq bigint'],
    values: (w) => ({ expected_seq: w.expected.seq }),
    many: 'b.last_seq = i.expected_seq',
    one: (p) => `b.last_seq = ${p('expected.seq')}`,
  },
  {
    name: 'contract status',
    refusals: ['CONTRACT_NOT_ACTIVE'],
    scope: 'ledger',
    invalidates: ['draft', 'head'],
    columns: ['expected_status text'],
    values: (w) => ({ expected_status: w.expected.status }),
    many: 'c.status = i.expected_status',
    one: (p) => `c.status = ${p('expected.status')}`,
  },
  {
    name: 'contract settings',
    refusals: ['BALANCE_INSUFFICIENT'],
    scope: 'ledger',
    invalidates: ['draft', 'head'],
    columns: ['expected_settings jsonb'],
    values: (w) => ({ expected_settings: w.expected.settings }),
    many: 'c.settings = i.expected_settings',
    one: (p) => `c.settings = ${p('expected.settings')}::jsonb`,
  },
];

/**
 * The one rule no WHERE can check before the insert: the Idempotency-Key. The entry's insert skips a taken
 * ledger key (ON CONFLICT … DO NOTHING: 'duplicate'), the effort insert fails on a taken effort key (the
 * statement writes nothing); either way the locking path answers, a replay or IDEMPOTENCY_KEY_REUSED.
 */
export const keyRule = {
  name: 'idempotency key unused',
  refusals: ['IDEMPOTENCY_KEY_REUSED'] as const satisfies readonly ErrorCode[],
  invalidates: [] as const,
  onConflict: 'ON CONFLICT (contract_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING',
};

/** The conditions of a scope, joined for a WHERE (`form` 'many' or the top-up statement's 'one'). */
export function guardCondition(scope: GuardedRule['scope'], paramName?: (name: string) => string): string {
  return guardedRules
    .filter((r) => r.scope === scope)
    .map((r) => (paramName ? r.one!(paramName) : r.many))
    .join(' AND ');
}

/** The effort statement's input columns the rules read. */
export const guardColumns = (): string => guardedRules.flatMap((r) => r.columns).join(', ');

/** One posting's values of every rule's input columns. */
export function guardValues(effort: ConsumedEffort): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const r of guardedRules) Object.assign(out, r.values(effort));
  return out;
}

/** The memories a stale statement of a scope makes stale (any of its rules may have failed). */
export const invalidatedBy = (scopes: readonly GuardedRule['scope'][]): Set<'draft' | 'head'> =>
  new Set(guardedRules.filter((r) => scopes.includes(r.scope)).flatMap((r) => r.invalidates));
