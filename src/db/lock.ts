import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../shared/errors.ts';

/**
 * Two processes must never open one PGlite folder: nothing stops it and one side's writes are silently
 * lost. The folder is held with a pid lock file created atomically (O_EXCL). A lock whose process no
 * longer exists (kill -9, power cut) is taken over with a warning. Pids are reused (after a reboot or a
 * container restart the old pid often belongs to another program), so the lock also records the
 * process's start time where the system tells it (Linux: /proc/<pid>/stat); a live pid whose start time
 * differs from the recorded one is another process, and its lock is stale too.
 */
export interface DataDirLock {
  readonly dir: string;
  readonly file: string;
  release(): void;
}

interface LockInfo {
  pid: number;
  /** The holder's start time in clock ticks since boot (Linux); absent elsewhere and in older lock files. */
  startTime?: string;
  host: string;
  purpose: string;
  since: string;
  url?: string;
}

export const lockFileName = 'imr.lock';

function readLock(file: string): LockInfo | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
  } catch {
    return undefined;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A process's start time (field 22 of /proc/<pid>/stat, clock ticks since boot), or undefined where
 * /proc is not available: then the lock compares the pid only.
 */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const start = fields[22 - 3];
    return start && /^\d+$/.test(start) ? start : undefined;
  } catch {
    return undefined;
  }
}

/** Why a lock on this host is stale, or undefined when its process still holds it. */
function staleReason(info: LockInfo): 'gone' | 'reused' | undefined {
  if (info.host !== os.hostname()) return undefined;
  if (!processAlive(info.pid)) return 'gone';
  if (info.startTime === undefined) return undefined;
  const actual = processStartTime(info.pid);
  return actual !== undefined && actual !== info.startTime ? 'reused' : undefined;
}

/** Describes who holds the folder, or undefined when nobody alive does. */
export function lockHolder(dir: string): LockInfo | undefined {
  const info = readLock(path.join(dir, lockFileName));
  if (!info) return undefined;
  if (staleReason(info)) return undefined;
  return info;
}

export function acquireDataDirLock(
  dir: string,
  opts: { purpose: string; url?: string; warn?: (msg: string) => void },
): DataDirLock {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, lockFileName);
  const startTime = processStartTime(process.pid);
  const mine: LockInfo = {
    pid: process.pid,
    ...(startTime ? { startTime } : {}),
    host: os.hostname(),
    purpose: opts.purpose,
    since: new Date().toISOString(),
    ...(opts.url ? { url: opts.url } : {}),
  };

  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(mine), { flag: 'wx' });
      let released = false;
      return {
        dir,
        file,
        release() {
          if (released) return;
          released = true;
          const current = readLock(file);
          if (current?.pid === process.pid) fs.rmSync(file, { force: true });
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = readLock(file);
    const stale = holder === undefined ? undefined : staleReason(holder);
    const unreadable = holder === undefined;
    if (!stale && !unreadable) {
      throw new AppError(
        'DATA_DIR_LOCKED',
        `The data folder ${dir} is in use by process ${holder.pid} (${holder.purpose}, since ${holder.since}). ` +
          `Only one process may open the embedded database. Stop that process first, or talk to it instead: ` +
          `the CLI reaches a running server over HTTP (IMR_URL=${holder.url ?? 'http://127.0.0.1:3000'}).`,
        { pid: holder.pid, purpose: holder.purpose },
      );
    }
    // Move the stale lock aside atomically, then check that what we moved is the one we judged stale:
    // if another process took the folder over in between, put its lock back and refuse.
    const aside = `${file}.stale-${process.pid}-${Date.now()}`;
    try {
      fs.renameSync(file, aside);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw e;
    }
    const moved = readLock(aside);
    if (moved && holder && (moved.pid !== holder.pid || moved.startTime !== holder.startTime)) {
      try {
        fs.linkSync(aside, file);
      } catch {
        /* someone else holds it now; we refuse below either way */
      }
      fs.rmSync(aside, { force: true });
      continue;
    }
    fs.rmSync(aside, { force: true });
    opts.warn?.(
      unreadable
        ? `Took over the data folder ${dir}: its lock file was unreadable.`
        : stale === 'reused'
          ? `Took over the data folder ${dir} from process ${holder.pid} (${holder.purpose}): that pid now belongs to another program (its start time differs from the lock's).`
          : `Took over the data folder ${dir} from process ${holder.pid} (${holder.purpose}), which no longer exists.`,
    );
  }
  const holder = readLock(file);
  throw new AppError(
    'DATA_DIR_LOCKED',
    `The data folder ${dir} is in use by process ${holder?.pid ?? 'unknown'}. Stop it first, or use the CLI against the running server (IMR_URL).`,
    { pid: holder?.pid },
  );
}
