/** Delay before a message's next attempt: 30 s doubling per failed attempt, at most 4 h between attempts. */
export function webhookRetryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 4 * 60 * 60 * 1000);
}

/**
 * A message gives up (status failed) after this many attempts: about 28 h of retries, longer than the
 * disable rule's default 24 h, so a dead endpoint is disabled before its messages give up.
 */
export const WEBHOOK_MAX_ATTEMPTS = 15;

/** When a subscription that keeps failing is disabled: this many failed attempts in a row, the first this long ago. */
export interface DisableRule {
  failures: number;
  afterMs: number;
}

export const defaultDisableRule: DisableRule = { failures: 10, afterMs: 24 * 60 * 60 * 1000 };

/**
 * Whether a subscription is to be disabled after a failed attempt: `failures` consecutive failed attempts
 * (across its messages; any delivered attempt resets the count) whose first is at least `afterMs` old.
 */
export function shouldDisable(
  state: { consecutiveFailures: number; failingSince: Date | null },
  rule: DisableRule,
  now: Date,
): boolean {
  if (state.consecutiveFailures < rule.failures || !state.failingSince) return false;
  return now.getTime() - state.failingSince.getTime() >= rule.afterMs;
}

/** A message can be redelivered unless an attempt is running right now. */
export function redeliverRefusal(m: { status: string; locked_until: Date | null }, now: Date): string | null {
  if (m.status === 'pending' && m.locked_until && m.locked_until > now) return 'it is being delivered right now';
  return null;
}

/** A response counts as delivered only with a 2xx status: redirects are not followed (they could point anywhere). */
export function responseOutcome(status: number): { delivered: boolean; error: string | null } {
  if (status >= 200 && status < 300) return { delivered: true, error: null };
  if (status >= 300 && status < 400) return { delivered: false, error: `redirect ${status} not followed` };
  return { delivered: false, error: `receiver answered ${status}` };
}
