import { fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';

/**
 * Every child process and every clean-up step of the run, so that nothing outlives the bench: not a
 * failed scenario, not Ctrl-C, not an exception. Steps run once, newest first.
 */
const children = new Set<ChildProcess>();
const cleanups: { name: string; fn: () => Promise<void> | void }[] = [];
const tempDirs = new Set<string>();
let cleaning: Promise<void> | undefined;

function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Registers an async clean-up (dropping a database); returns a function that runs it now, once. */
export function onCleanup(name: string, fn: () => Promise<void> | void): () => Promise<void> {
  const entry = { name, fn };
  cleanups.push(entry);
  return async () => {
    const i = cleanups.indexOf(entry);
    if (i < 0) return;
    cleanups.splice(i, 1);
    await fn();
  };
}

/** A temporary folder removed at exit whatever happens. */
export function trackTempDir(dir: string): string {
  tempDirs.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

/** Starts a TypeScript module in a child Node process (through tsx) with an IPC channel. */
export function forkTs(
  modulePath: string,
  o: { env: NodeJS.ProcessEnv; logFile: string; nodeArgs?: readonly string[] },
): ChildProcess {
  const log = fs.openSync(o.logFile, 'a');
  try {
    return track(
      fork(modulePath, [], {
        execArgv: [...(o.nodeArgs ?? []), '--import', import.meta.resolve('tsx')],
        env: o.env,
        stdio: ['ignore', log, log, 'ipc'],
      }),
    );
  } finally {
    fs.closeSync(log); // the child holds its own copy
  }
}

/** Runs a command to completion; rejects on a non-zero exit or when it outlives `timeoutMs` (then it is killed). */
export function runCommand(
  cmd: string,
  args: readonly string[],
  o: { env?: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = track(spawn(cmd, args, { env: o.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] }));
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`${cmd} ${args.join(' ')} took longer than ${Math.round(o.timeoutMs / 1000)} s and was stopped`),
      );
    }, o.timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve({ stdout, stderr });
      else
        reject(
          new Error(
            `${cmd} ${args.join(' ')} failed (${signal ?? `exit ${code}`}): ${(stderr || stdout).trim().split('\n').slice(-5).join(' | ')}`,
          ),
        );
    });
  });
}

/** Asks a child to stop (its own graceful shutdown), then kills it when it takes longer than `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (child.connected) child.send({ type: 'stop' });
  else child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Stops every child, runs every clean-up step (each bounded) and removes temporary folders. */
export function cleanupAll(): Promise<void> {
  return (cleaning ??= (async () => {
    await Promise.all([...children].map((c) => stopChild(c, 5_000)));
    for (const { name, fn } of cleanups.splice(0).reverse()) {
      try {
        await withTimeout(Promise.resolve(fn()), 30_000, name);
      } catch (e) {
        process.stderr.write(`  warning: clean-up "${name}" failed: ${(e as Error).message}\n`);
      }
    }
    for (const d of [...tempDirs]) removeTempDir(d);
  })());
}

/** Last resort on process exit (synchronous): kill what is left and remove temporary folders. */
function killRemaining(): void {
  for (const c of children) c.kill('SIGKILL');
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
}

/** Kills children on exit and, on SIGINT/SIGTERM, cleans up (databases dropped) before exiting. */
export function installExitHandlers(): void {
  process.on('exit', killRemaining);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      process.stderr.write(`\n  ${sig}: stopping the bench, its servers and its databases…\n`);
      const hard = setTimeout(() => process.exit(130), 45_000);
      hard.unref();
      cleanupAll().finally(() => process.exit(130));
    });
  }
}

/** Rejects when `p` does not settle within `ms`; the phase name goes into the message. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}
