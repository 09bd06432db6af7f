import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../config/config.ts';
import type { UserActor } from '../core/context.ts';
import { toActor } from '../core/accounts/accounts.views.ts';
import { accountsRepo } from '../core/accounts/accounts.repo.ts';
import { lockHolder } from '../db/lock.ts';
import { migrateToLatest } from '../db/migrate.ts';
import type { Core } from '../core/core.ts';
import { createCore } from '../main/core.ts';
import { openDatabase } from '../main/open-db.ts';
import { buildApp } from '../server/app.ts';
import { AppError } from '../shared/errors.ts';
import { readCredentials } from './credentials.ts';

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  text: string;
  headers: Record<string, string>;
}

/** How a CLI command reaches the product: a running server over HTTP, or the database opened in-process. */
export interface ApiClient {
  readonly mode: 'http' | 'local';
  readonly url: string;
  request<T = unknown>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
  raw(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse>;
  close(): Promise<void>;
}

function toError(response: ApiResponse): AppError {
  const problem = response.body as
    { code?: string; detail?: string; errors?: unknown; details?: Record<string, unknown> } | undefined;
  const code = (problem?.code ?? (response.status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL')) as AppError['code'];
  return new AppError(code, problem?.detail ?? `HTTP ${response.status}`, {
    ...(problem?.details ?? {}),
    ...(problem?.errors ? { errors: problem.errors } : {}),
  });
}

function parse(text: string, contentType: string): unknown {
  if (contentType.includes('json')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

function wrap(mode: ApiClient['mode'], url: string, raw: ApiClient['raw'], close: () => Promise<void>): ApiClient {
  return {
    mode,
    url,
    raw,
    async request<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>) {
      const response = await raw(method, path, body, headers);
      if (response.status >= 400) throw toError(response);
      return response.body as T;
    },
    close,
  };
}

export function httpClient(url: string, token: string | undefined): ApiClient {
  const raw: ApiClient['raw'] = async (method, path, body, headers = {}) => {
    let res: Response;
    try {
      res = await fetch(url + path, {
        method,
        headers: {
          'x-imr-client': 'cli',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined && !(body instanceof FormData) ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: body instanceof FormData ? body : JSON.stringify(body) } : {}),
      });
    } catch (e) {
      throw new AppError(
        'SERVICE_UNAVAILABLE',
        `Cannot reach the server at ${url} (${(e as Error).message}). Start it with \`npm start\`, or set IMR_URL.`,
      );
    }
    const text = await res.text();
    return {
      status: res.status,
      text,
      body: parse(text, res.headers.get('content-type') ?? ''),
      headers: Object.fromEntries(res.headers),
    };
  };
  return wrap('http', url, raw, async () => {});
}

/** An in-process app on the directly opened database, acting as the first active administrator. */
async function localClient(config: Config): Promise<ApiClient> {
  const { db, lock } = await openDatabase(config, { purpose: 'imr cli' });
  let app: FastifyInstance | undefined;
  let core: Core | undefined;
  try {
    await migrateToLatest(db);
    core = createCore({ config, db });
    const adminUser = await accountsRepo.firstActiveAdmin(db.kysely);
    if (!adminUser)
      throw new AppError(
        'SERVICE_UNAVAILABLE',
        'The database has no active administrator yet: start the server once (`npm start`).',
      );
    const actor: UserActor = toActor(adminUser);
    const secret = randomBytes(24).toString('hex');
    app = await buildApp(core, { localOperator: { secret, actor } });
    const fastify = app;
    const inProcessCore = core;
    const raw: ApiClient['raw'] = async (method, path, body, headers = {}) => {
      const response = await fastify.inject({
        method: method as 'GET',
        url: path,
        // A FormData body (file uploads) is encoded by inject itself, with its multipart boundary.
        headers: {
          'x-imr-local-operator': secret,
          'x-imr-client': 'cli',
          ...(body !== undefined && !(body instanceof FormData) ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(body !== undefined
          ? { payload: body instanceof FormData ? (body as unknown as string) : JSON.stringify(body) }
          : {}),
      });
      const headersOut = Object.fromEntries(Object.entries(response.headers).map(([k, v]) => [k, String(v)]));
      return {
        status: response.statusCode,
        text: response.body,
        body: parse(response.body, String(response.headers['content-type'] ?? '')),
        headers: headersOut,
      };
    };
    return wrap('local', `local:${config.dataDir}`, raw, async () => {
      await fastify.close();
      await inProcessCore.close();
      await db.close();
      lock?.release();
    });
  } catch (e) {
    await app?.close().catch(() => undefined);
    await core?.close().catch(() => undefined);
    await db.close().catch(() => undefined);
    lock?.release();
    throw e;
  }
}

/**
 * Chooses how to reach the product: IMR_URL (or the URL `imr login` stored) over HTTP when a server
 * answers there; otherwise, on the embedded database that no server holds, the folder in-process.
 */
export async function connect(options: { requireHttp?: boolean } = {}): Promise<ApiClient> {
  const creds = readCredentials();
  const env = process.env;
  const token = env['IMR_TOKEN'] || creds?.token;
  const explicitUrl = env['IMR_URL'] || creds?.url;
  const config = loadConfig();
  const url = (explicitUrl ?? config.publicUrl).replace(/\/+$/, '');
  const reachable = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1500) }).then(
    (r) => r.ok,
    () => false,
  );
  if (reachable) {
    if (!token)
      throw new AppError(
        'UNAUTHENTICATED',
        `A server runs at ${url}: sign in first with \`imr login\`, or set IMR_TOKEN to an API token.`,
      );
    return httpClient(url, token);
  }
  if (options.requireHttp || env['IMR_URL'] || (config.databaseUrl === undefined && lockHolder(config.dataDir))) {
    const holder = config.databaseUrl ? undefined : lockHolder(config.dataDir);
    throw new AppError(
      'SERVICE_UNAVAILABLE',
      holder
        ? `The data folder ${config.dataDir} is held by process ${holder.pid} (${holder.purpose}), but no server answers at ${url}. Set IMR_URL to its address.`
        : `No server answers at ${url}. Start it with \`npm start\`, or unset IMR_URL to work on the local data folder.`,
    );
  }
  const client = await localClient(config);
  return client;
}

/** Runs `fn` with a client of the running server (or the local folder) and closes it after, whatever happens. */
export async function withApi<T>(fn: (client: ApiClient) => Promise<T>): Promise<T> {
  const client = await connect();
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}
