import { describe, expect, it } from 'vitest';
import { parsePgbenchOutput } from './pgbench.ts';

const pg15 = `pgbench (15.20 (Debian 15.20-0+deb12u1))
transaction type: <builtin: TPC-B (sort of)>
scaling factor: 10
query mode: simple
number of clients: 8
number of threads: 2
maximum number of tries: 1
duration: 10 s
number of transactions actually processed: 51460
number of failed transactions: 0 (0.000%)
latency average = 1.555 ms
initial connection time = 9.876 ms
tps = 5146.012345 (without initial connection time)
`;

describe('parsePgbenchOutput', () => {
  it('reads tps, latency and counts from a PostgreSQL 15 report', () => {
    expect(parsePgbenchOutput(pg15)).toEqual({
      tps: 5146.012345,
      latencyAverageMs: 1.555,
      transactions: 51460,
      failedTransactions: 0,
    });
  });

  it('reads the older "excluding connections establishing" line and tolerates missing fields', () => {
    const old = 'tps = 812.5 (including connections establishing)\ntps = 820.25 (excluding connections establishing)\n';
    expect(parsePgbenchOutput(old)).toEqual({
      tps: 820.25,
      latencyAverageMs: null,
      transactions: null,
      failedTransactions: null,
    });
  });

  it('refuses output without a tps line', () => {
    expect(() => parsePgbenchOutput('connection to server failed\n')).toThrow(/no tps line/);
  });
});
