import { describe, expect, it } from 'vitest';
import { randomByte, randomFraction, randomToken } from './random.ts';

describe('pooled randomness', () => {
  it('gives base64url tokens of the asked length that differ', () => {
    const a = randomToken(12);
    const b = randomToken(12);
    expect(a).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(a).not.toBe(b);
  });

  it('covers every byte value over many draws, across pool refills', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 20_000; i++) seen.add(randomByte());
    expect(seen.size).toBe(256);
  });

  it('gives fractions in [0, 1)', () => {
    for (let i = 0; i < 5_000; i++) {
      const f = randomFraction();
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThan(1);
    }
  });
});
