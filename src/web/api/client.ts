import type { Me, ProblemBody } from './types.ts';

/** The prefix of every API call. */
export const API_BASE = '/api/v1';

type FieldProblem = { path: string; field?: string; message: string };

/**
 * An API failure as the UI handles it: the server's problem+json (stable `code`, human `detail`, the
 * offending fields of a validation failure), or a network failure (status 0).
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors: FieldProblem[];
  readonly details: Record<string, unknown>;
  readonly requestId: string | undefined;

  constructor(status: number, problem: Partial<ProblemBody> & { code: string; detail: string }) {
    super(problem.detail);
    this.name = 'ApiError';
    this.status = status;
    this.code = problem.code;
    this.detail = problem.detail;
    this.errors = problem.errors ?? [];
    this.details = problem.details ?? {};
    this.requestId = problem.requestId;
  }

  /**
   * Messages by form field: validation paths lose their `body.` / `querystring.` prefix
   * ("body.email" → "email"); a problem naming one field in `details.field` counts too.
   */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.errors) {
      const field = e.path.replace(/^(body|querystring|params)\.?/, '') || '_';
      out[field] ??= e.message;
    }
    const named = this.details['field'];
    if (typeof named === 'string') out[named] ??= this.detail;
    return out;
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

let csrfToken: string | null = null;
let unauthenticatedHandler: (() => void) | undefined;

/** Remembers the session's CSRF token (from sign-in or GET /auth/me); every write sends it back. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when an API call answers 401 UNAUTHENTICATED (the session ended): the app sends the user to sign in. */
export function onUnauthenticated(handler: () => void): void {
  unauthenticatedHandler = handler;
}

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** JSON, or a FormData for multipart uploads. */
  body?: unknown;
  /** Query parameters; undefined, null and '' are left out. */
  query?: Record<string, QueryValue> | object;
  signal?: AbortSignal;
  /** Extra request headers (Idempotency-Key on postings, If-Match). */
  headers?: Record<string, string>;
  /** 'throw' leaves a 401 to the caller (the session check, the sign-in form) instead of redirecting. */
  on401?: 'redirect' | 'throw';
}

function urlOf(path: string, query: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {}) as [string, QueryValue][]) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const qs = params.toString();
  return `${API_BASE}${path}${qs ? `?${qs}` : ''}`;
}

async function problemOf(res: Response): Promise<ApiError> {
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const body = (await res.json()) as Partial<ProblemBody>;
      if (typeof body.code === 'string' && typeof body.detail === 'string') {
        return new ApiError(res.status, { ...body, code: body.code, detail: body.detail });
      }
    } catch {
      /* not JSON after all: fall through */
    }
  }
  return new ApiError(res.status, {
    code: res.status >= 500 ? 'INTERNAL' : 'HTTP_ERROR',
    detail: `The server answered ${res.status} ${res.statusText || ''}`.trim() + '. Try again in a moment.',
  });
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { ...options.headers, accept: 'application/json, application/problem+json' };
  // A FormData body (uploads) goes as multipart/form-data: the browser writes that header with its boundary.
  const form = typeof FormData !== 'undefined' && options.body instanceof FormData;
  if (options.body !== undefined && !form) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  try {
    return await fetch(urlOf(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      ...(options.body !== undefined ? { body: form ? (options.body as FormData) : JSON.stringify(options.body) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, {
      code: 'NETWORK',
      detail: 'Cannot reach the IMR Desk server. Check your connection and try again.',
    });
  }
}

/**
 * Calls the API under /api/v1 with the session cookie and, on writes, the CSRF token. Resolves to the
 * JSON body (undefined for 204); rejects with an ApiError carrying the server's problem details.
 */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  let res = await send(path, options);
  if (res.status === 403 && (options.method ?? 'GET') !== 'GET') {
    const err = await problemOf(res.clone());
    if (err.code === 'CSRF_TOKEN_MISSING') {
      // The page outlived its token (another tab signed in again): fetch the current one and retry once.
      const me = await fetch(urlOf('/auth/me', undefined), { credentials: 'same-origin' });
      if (me.ok) {
        setCsrfToken(((await me.json()) as Me).csrfToken);
        res = await send(path, options);
      }
    }
  }
  if (!res.ok) {
    const err = await problemOf(res);
    if (err.status === 401 && err.code === 'UNAUTHENTICATED' && options.on401 !== 'throw') unauthenticatedHandler?.();
    throw err;
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('json') ? await res.json() : await res.text()) as T;
}

/** The URL of an API resource for a plain link (downloads, raw sources): GETs carry the cookie. */
export const apiUrl = (path: string): string => `${API_BASE}${path}`;
