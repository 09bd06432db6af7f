import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { responseOutcome, shouldDisable, webhookRetryDelayMs } from './webhooks.rules.ts';
import { newWebhookSecret, signWebhook, webhookHeaders } from './webhooks.sign.ts';

describe('webhook rules', () => {
  it('backs off 30 s doubling, capped at 4 h', () => {
    expect([1, 2, 3, 4].map(webhookRetryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(webhookRetryDelayMs(20)).toBe(4 * 3_600_000);
  });

  it('disables after N failures in a row whose first is old enough', () => {
    const rule = { failures: 3, afterMs: 3_600_000 };
    const now = new Date('2026-12-01T12:00:00Z');
    const since = (ms: number) => new Date(now.getTime() - ms);
    expect(shouldDisable({ consecutiveFailures: 2, failingSince: since(7_200_000) }, rule, now)).toBe(false);
    expect(shouldDisable({ consecutiveFailures: 3, failingSince: since(3_599_999) }, rule, now)).toBe(false);
    expect(shouldDisable({ consecutiveFailures: 3, failingSince: since(3_600_000) }, rule, now)).toBe(true);
    expect(shouldDisable({ consecutiveFailures: 9, failingSince: null }, rule, now)).toBe(false);
  });

  it('counts only 2xx as delivered', () => {
    expect(responseOutcome(204).delivered).toBe(true);
    expect(responseOutcome(301)).toEqual({ delivered: false, error: 'redirect 301 not followed' });
    expect(responseOutcome(500).delivered).toBe(false);
  });
});

describe('Standard Webhooks signature', () => {
  it('matches the specification example', () => {
    // The example of the Standard Webhooks specification (secret, id, timestamp, payload and signature).
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const sig = signWebhook(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}');
    expect(sig).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('is accepted by the reference implementation, and refused with another secret or body', () => {
    const secret = newWebhookSecret();
    const at = new Date();
    const body = JSON.stringify({ type: 'webhook.test', timestamp: at.toISOString(), data: { a: 'é' } });
    const headers = webhookHeaders(secret, 'msg_1', at, body);
    expect(new Webhook(secret).verify(body, headers)).toMatchObject({ type: 'webhook.test' });
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
    expect(() => new Webhook(secret).verify(`${body} `, headers)).toThrow();
  });
});
