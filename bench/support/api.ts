import type { HttpMethod } from '../types.ts';
import { assertLoopbackUrl } from './loopback.ts';

/** A browser-like session: the session cookie and the CSRF token its writes must carry. */
export interface Session {
  cookie: string;
  csrfToken: string;
}

export interface ApiResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

export interface RequestOptions {
  /** Bearer API token. */
  token?: string;
  /** Session cookie; writes also send its X-CSRF-Token. */
  session?: Session;
  /** JSON body. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Statuses that count as success (default: any 2xx). */
  expect?: readonly number[];
}

/** HTTP helpers for scenario setup and verification; every unexpected status throws with the problem's detail. */
export interface Api {
  readonly baseUrl: string;
  request<T = unknown>(method: HttpMethod, path: string, o?: RequestOptions): Promise<ApiResponse<T>>;
  /** POST /api/v1/auth/login: the session cookie and its CSRF token. */
  login(email: string, password: string): Promise<Session>;
  /** POST /api/v1/tokens as the session's user: the bearer token (shown once). */
  createToken(session: Session, name: string): Promise<string>;
}

export function createApi(baseUrl: string): Api {
  assertLoopbackUrl(baseUrl);
  const api: Api = {
    baseUrl,
    async request<T>(method: HttpMethod, path: string, o: RequestOptions = {}): Promise<ApiResponse<T>> {
      const headers: Record<string, string> = { accept: 'application/json', ...o.headers };
      if (o.token) headers['authorization'] = `Bearer ${o.token}`;
      if (o.session) {
        headers['cookie'] = o.session.cookie;
        if (method !== 'GET') headers['x-csrf-token'] = o.session.csrfToken;
      }
      let payload: string | undefined;
      if (o.body !== undefined) {
        headers['content-type'] = 'application/json';
        payload = JSON.stringify(o.body);
      }
      const res = await fetch(new URL(path, baseUrl), {
        method,
        headers,
        ...(payload !== undefined ? { body: payload } : {}),
        signal: AbortSignal.timeout(60_000),
      });
      const text = await res.text();
      let body: unknown = text;
      if ((res.headers.get('content-type') ?? '').includes('json') && text) body = JSON.parse(text);
      const ok = o.expect ? o.expect.includes(res.status) : res.status >= 200 && res.status < 300;
      if (!ok) {
        const p = body as { code?: string; detail?: string } | string;
        const why = typeof p === 'object' && p ? `${p.code ?? ''} ${p.detail ?? ''}`.trim() : String(p).slice(0, 300);
        throw new Error(`${method} ${path} answered ${res.status}: ${why}`);
      }
      return { status: res.status, body: body as T, headers: res.headers };
    },
    async login(email, password) {
      const r = await api.request<{ csrfToken: string }>('POST', '/api/v1/auth/login', { body: { email, password } });
      const cookie = r.headers
        .getSetCookie()
        .map((c) => c.split(';')[0]!)
        .find((c) => c.startsWith('imr_session='));
      if (!cookie) throw new Error('POST /api/v1/auth/login set no imr_session cookie');
      return { cookie, csrfToken: r.body.csrfToken };
    },
    async createToken(session, name) {
      const r = await api.request<{ token: string }>('POST', '/api/v1/tokens', {
        session,
        body: { name },
        expect: [201],
      });
      return r.body.token;
    },
  };
  return api;
}
