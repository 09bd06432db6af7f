import { vi } from 'vitest';
import { main } from '../../src/cli/main.ts';

/** Runs `imr …` in this process (against IMR_URL / IMR_TOKEN of the environment); returns its output and exit code. */
export async function runImr(...args: string[]): Promise<{ out: string; err: string; code: number }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  process.exitCode = 0;
  try {
    await main(['node', 'imr', ...args]);
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { out, err, code };
}

/** Runs `imr …` in this process with `env` set for the call only (restored after), as runImr. */
export async function runImrWith(
  env: Record<string, string | undefined>,
  ...args: string[]
): Promise<{ out: string; err: string; code: number }> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const set = (vars: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(vars))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  };
  set(env);
  try {
    return await runImr(...args);
  } finally {
    set(saved);
  }
}
