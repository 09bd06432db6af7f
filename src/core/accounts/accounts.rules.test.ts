import { describe, expect, it } from 'vitest';
import { loginThrottle, loginThrottleHorizonMs, throttleDecision } from './accounts.rules.ts';

describe('login throttling rules', () => {
  const now = new Date('2026-11-02T09:00:00Z');
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const none = { pair: null, account: null, ip: null };

  it('allows while no scope has reached its limit', () => {
    expect(throttleDecision(now, none)).toEqual({ allowed: true });
  });

  it('waits until the failure that reached the limit leaves its window; the longest wait wins', () => {
    expect(throttleDecision(now, { ...none, pair: ago(5 * 60_000) })).toEqual({
      allowed: false,
      scope: 'pair',
      retryAfterSeconds: 10 * 60,
    });
    expect(throttleDecision(now, { ...none, pair: ago(5 * 60_000), account: ago(30 * 60_000) })).toEqual({
      allowed: false,
      scope: 'account',
      retryAfterSeconds: 30 * 60,
    });
    expect(throttleDecision(now, { ...none, ip: ago(loginThrottle.ip.windowMs) })).toEqual({ allowed: true });
  });

  it('keeps attempts for the longest window', () => {
    expect(loginThrottleHorizonMs).toBe(60 * 60_000);
    expect(loginThrottle.pair).toEqual({ max: 10, windowMs: 15 * 60_000 });
    expect(loginThrottle.account.max).toBe(100);
  });
});
