/**
 * Runs of scheduled jobs in this process, by job and outcome (what /metrics reports as
 * `imr_job_runs_total`): each worker process counts its own; the last runs across every worker are read
 * from pg-boss's tables (core/ops).
 */
const runs = new Map<string, { succeeded: number; failed: number; seconds: number }>();

/** Runs one job's handler and counts its outcome and duration; a failure is rethrown for pg-boss to retry. */
export async function countedRun<T>(job: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const entry = runs.get(job) ?? { succeeded: 0, failed: 0, seconds: 0 };
  runs.set(job, entry);
  try {
    const result = await run();
    entry.succeeded++;
    return result;
  } catch (e) {
    entry.failed++;
    throw e;
  } finally {
    entry.seconds += (performance.now() - started) / 1000;
  }
}

/** Every job this process ran, with its counts and total seconds. */
export const jobRuns = (): ReadonlyMap<string, { succeeded: number; failed: number; seconds: number }> => runs;
