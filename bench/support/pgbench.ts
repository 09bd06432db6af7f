import { runCommand } from './children.ts';
import { createTempDatabase } from './postgres.ts';

export const PGBENCH = '/usr/bin/pgbench';

export interface PgbenchResult {
  mode: 'tpcb' | 'select-only';
  tps: number;
  latencyAverageMs: number | null;
  transactions: number | null;
  failedTransactions: number | null;
  clients: number;
  threads: number;
  scale: number;
  durationSeconds: number;
  version: string;
}

/** Reads tps, average latency and transaction counts from pgbench's report. */
export function parsePgbenchOutput(text: string): {
  tps: number;
  latencyAverageMs: number | null;
  transactions: number | null;
  failedTransactions: number | null;
} {
  const tps = /^tps = ([\d.]+) \((?:without|excluding)/m.exec(text) ?? /^tps = ([\d.]+)/m.exec(text);
  if (!tps) throw new Error(`pgbench printed no tps line:\n${text.trim().split('\n').slice(-8).join('\n')}`);
  const latency = /^latency average = ([\d.]+) ms/m.exec(text);
  const processed = /^number of transactions actually processed: (\d+)/m.exec(text);
  const failed = /^number of failed transactions: (\d+)/m.exec(text);
  return {
    tps: Number(tps[1]),
    latencyAverageMs: latency ? Number(latency[1]) : null,
    transactions: processed ? Number(processed[1]) : null,
    failedTransactions: failed ? Number(failed[1]) : null,
  };
}

function connectionArgs(url: string): { args: string[]; env: NodeJS.ProcessEnv; database: string } {
  const u = new URL(url);
  const args = ['-h', u.hostname.replace(/^\[|\]$/g, ''), '-p', u.port || '5432'];
  if (u.username) args.push('-U', decodeURIComponent(u.username));
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (u.password) env['PGPASSWORD'] = decodeURIComponent(u.password);
  return { args, env, database: decodeURIComponent(u.pathname.slice(1)) };
}

/**
 * The database server's own ceiling on this machine: a fresh database initialised by `pgbench -i`, then
 * TPC-B (`-c N -j J -T D`) and select-only (`-S`) runs; the database is dropped after.
 */
export async function runPgbench(
  adminUrl: string,
  o: { clients: number; threads: number; durationSeconds: number; scale: number; log: (m: string) => void },
): Promise<PgbenchResult[]> {
  const version = (await runCommand(PGBENCH, ['--version'], { timeoutMs: 10_000 })).stdout.trim();
  const db = await createTempDatabase(adminUrl, 'imr_pgbench');
  try {
    const c = connectionArgs(db.url);
    o.log(`pgbench: initialising scale ${o.scale} in ${db.name}`);
    await runCommand(PGBENCH, [...c.args, '-i', '-q', '-s', String(o.scale), c.database], {
      env: c.env,
      timeoutMs: 300_000,
    });
    const results: PgbenchResult[] = [];
    for (const mode of ['tpcb', 'select-only'] as const) {
      o.log(
        `pgbench: ${mode === 'tpcb' ? 'TPC-B' : 'select-only'} for ${o.durationSeconds} s (-c ${o.clients} -j ${o.threads})`,
      );
      const args = [
        ...c.args,
        '-c',
        String(o.clients),
        '-j',
        String(o.threads),
        '-T',
        String(o.durationSeconds),
        ...(mode === 'select-only' ? ['-S'] : []),
        c.database,
      ];
      const out = await runCommand(PGBENCH, args, { env: c.env, timeoutMs: (o.durationSeconds + 120) * 1000 });
      results.push({
        mode,
        ...parsePgbenchOutput(out.stdout),
        clients: o.clients,
        threads: o.threads,
        scale: o.scale,
        durationSeconds: o.durationSeconds,
        version,
      });
    }
    return results;
  } finally {
    await db.drop();
  }
}
