import type { FastifyBaseLogger, FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '../../src/config/config.ts';
import type { Db } from '../../src/db/create-db.ts';
import type { Core } from '../../src/core/core.ts';
import { createCore } from '../../src/main/core.ts';
import type { MailTransport } from '../../src/core/mail/transport.ts';
import { buildApp } from '../../src/server/app.ts';
import { createFakeClock } from '../../src/shared/clock.ts';
import { createIdGenerator } from '../../src/shared/ids.ts';
import { createTestDb } from './db.ts';

export type FakeClock = ReturnType<typeof createFakeClock>;

export interface TestEnv {
  db: Db;
  core: Core;
  app: FastifyInstance;
  clock: FakeClock;
  config: Config;
  close(): Promise<void>;
}

export const TEST_PUBLIC_URL = 'http://imr.test';

/**
 * One test file's world: its own database copy (or `db`, e.g. the database of real server processes that
 * the factories seed), a fake clock, the core and the HTTP app (not listening).
 */
export async function createTestEnv(
  o: {
    now?: string;
    env?: Record<string, string>;
    transport?: MailTransport;
    db?: Db;
    logger?: FastifyBaseLogger;
  } = {},
): Promise<TestEnv> {
  const db = o.db ?? (await createTestDb());
  const clock = createFakeClock(o.now ?? '2026-11-02T09:00:00Z');
  const config = loadConfig({ NODE_ENV: 'test', PUBLIC_URL: TEST_PUBLIC_URL, LOG_LEVEL: 'silent', ...o.env });
  const core = createCore({
    config,
    db,
    clock,
    ids: createIdGenerator(),
    cacheReads: true,
    ...(o.transport ? { transport: o.transport } : {}),
  });
  const app = await buildApp(core, o.logger ? { loggerInstance: o.logger } : {});
  await app.ready();
  return {
    db,
    core,
    app,
    clock,
    config,
    async close() {
      await app.close();
      await core.close();
      await db.close();
    },
  };
}

/** Credentials for app.inject: a bearer token, or a session cookie with its CSRF token. */
export type Auth = { token: string } | { cookie: string; csrf: string } | null;

export function authHeaders(auth: Auth, method = 'GET'): Record<string, string> {
  if (!auth) return {};
  if ('token' in auth) return { authorization: `Bearer ${auth.token}` };
  return { cookie: auth.cookie, ...(method !== 'GET' && method !== 'HEAD' ? { 'x-csrf-token': auth.csrf } : {}) };
}

/** Calls the API as `auth`; bodies are JSON. */
export function call(
  app: FastifyInstance,
  auth: Auth,
  method: InjectOptions['method'],
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return app.inject({
    method,
    url,
    headers: { ...authHeaders(auth, String(method)), ...headers },
    ...(body !== undefined ? { payload: body as InjectOptions['payload'] } : {}),
  });
}
