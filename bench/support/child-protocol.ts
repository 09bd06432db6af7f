import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';

/** Messages between the bench and the server processes it starts (over the fork IPC channel). */
export type ChildMessage =
  { type: 'ready'; url: string; seeds?: Record<string, unknown> } | { type: 'failed'; message: string };
export type ParentMessage = { type: 'stop' };

/** Child side: stops on the parent's `stop`, on a signal, or when the parent goes away (no orphans). */
export function serveUntilStopped(stop: () => Promise<void>): void {
  let stopping = false;
  const finish = () => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(1), 10_000).unref();
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('message', (m: ParentMessage) => {
    if (m.type === 'stop') finish();
  });
  process.on('disconnect', finish);
  process.on('SIGINT', finish);
  process.on('SIGTERM', finish);
}

export function sendToParent(m: ChildMessage): void {
  process.send?.(m);
}

/** Child side: reports a failed start (to the parent and to the log) and exits once the report is sent. */
export function failStart(e: unknown): void {
  const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
  process.stderr.write(`${message}\n`);
  setTimeout(() => process.exit(1), 2_000).unref();
  if (process.send)
    process.send({ type: 'failed', message: e instanceof Error ? e.message : message } satisfies ChildMessage, () =>
      process.exit(1),
    );
  else process.exit(1);
}

/** Parent side: the child's `ready` message, or an error with the tail of its log. */
export function waitForReady(
  child: ChildProcess,
  o: { timeoutMs: number; logFile: string; what: string },
): Promise<Extract<ChildMessage, { type: 'ready' }>> {
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      cleanup();
      reject(new Error(`${o.what} did not start: ${why}\n${logTail(o.logFile)}`));
    };
    const onMessage = (m: ChildMessage) => {
      if (m.type === 'ready') {
        cleanup();
        resolve(m);
      } else fail(m.message);
    };
    const onExit = (code: number | null, signal: string | null) => fail(`it exited (${signal ?? `code ${code}`})`);
    const timer = setTimeout(() => fail(`no answer within ${Math.round(o.timeoutMs / 1000)} s`), o.timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/** The last lines of a child's log, for error messages. */
export function logTail(file: string, lines = 15): string {
  try {
    const text = fs.readFileSync(file, 'utf8').trimEnd();
    if (!text) return '  (its log is empty)';
    return text
      .split('\n')
      .slice(-lines)
      .map((l) => `  | ${l}`)
      .join('\n');
  } catch {
    return '  (no log)';
  }
}
