import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, onUnauthenticated, setCsrfToken } from './client.ts';

type Call = { url: string; method: string; headers: Record<string, string>; body: string | undefined };

/** Stands in for the browser's fetch: records requests and answers from a script. */
function fakeFetch(answers: ((c: Call) => Response)[]): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    const c: Call = {
      url,
      method: init.method ?? 'GET',
      headers: (init.headers ?? {}) as Record<string, string>,
      body: init.body as string | undefined,
    };
    calls.push(c);
    const next = answers.shift();
    if (!next) throw new Error(`unexpected request ${c.method} ${url}`);
    return next(c);
  });
  return calls;
}

const json = (status: number, body: unknown, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });
const problem = (status: number, code: string, detail: string, extra: object = {}) =>
  json(
    status,
    { type: 'x', title: 't', status, code, detail, requestId: 'req_1', ...extra },
    'application/problem+json',
  );

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
  onUnauthenticated(() => undefined);
});

describe('api()', () => {
  it('calls /api/v1 with the query, and sends the CSRF token on writes only', async () => {
    setCsrfToken('csrf-1');
    const calls = fakeFetch([() => json(200, { items: [] }), () => json(201, { id: 'u1' })]);
    await api('/users', { query: { role: 'admin', status: '', q: undefined, limit: 50 } });
    await api('/users', { method: 'POST', body: { name: 'A' } });
    expect(calls[0]!.url).toBe('/api/v1/users?role=admin&limit=50');
    expect(calls[0]!.headers['x-csrf-token']).toBeUndefined();
    expect(calls[1]!.headers['x-csrf-token']).toBe('csrf-1');
    expect(calls[1]!.headers['content-type']).toBe('application/json');
    expect(calls[1]!.body).toBe('{"name":"A"}');
  });

  it('turns problem+json into an ApiError with field errors by form field', async () => {
    fakeFetch([
      () =>
        problem(400, 'VALIDATION_FAILED', 'The request is invalid.', {
          errors: [
            { path: 'body.email', message: 'Invalid email address' },
            { path: 'role', message: 'must be a provider role' },
          ],
        }),
    ]);
    const e = await api('/users', { method: 'POST', body: {} }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    const err = e as ApiError;
    expect([err.status, err.code, err.detail, err.requestId]).toEqual([
      400,
      'VALIDATION_FAILED',
      'The request is invalid.',
      'req_1',
    ]);
    expect(err.fieldErrors()).toEqual({ email: 'Invalid email address', role: 'must be a provider role' });
  });

  it('puts a problem that names its field (EMAIL_TAKEN) on that field', async () => {
    fakeFetch([() => problem(409, 'EMAIL_TAKEN', 'a@b.c is already a user.', { details: { field: 'email' } })]);
    const err = (await api('/users', { method: 'POST', body: {} }).catch((x: unknown) => x)) as ApiError;
    expect(err.fieldErrors()).toEqual({ email: 'a@b.c is already a user.' });
  });

  it('refreshes a stale CSRF token from /auth/me and retries the write once', async () => {
    setCsrfToken('old');
    const calls = fakeFetch([
      () => problem(403, 'CSRF_TOKEN_MISSING', 'Reload the page.'),
      () => json(200, { user: {}, csrfToken: 'new' }),
      () => json(200, { ok: true }),
    ]);
    await expect(api('/tokens', { method: 'POST', body: { name: 'x' } })).resolves.toEqual({ ok: true });
    expect(calls.map((c) => `${c.method} ${c.url} ${c.headers['x-csrf-token'] ?? '-'}`)).toEqual([
      'POST /api/v1/tokens old',
      'GET /api/v1/auth/me -',
      'POST /api/v1/tokens new',
    ]);
  });

  it('sends extra headers (Idempotency-Key) on the first try and on the CSRF retry alike', async () => {
    setCsrfToken('old');
    const calls = fakeFetch([
      () => problem(403, 'CSRF_TOKEN_MISSING', 'Reload the page.'),
      () => json(200, { user: {}, csrfToken: 'new' }),
      () => json(201, { ok: true }),
    ]);
    await api('/contracts/c1/top-ups', {
      method: 'POST',
      body: { amount: 600, reference: 'PO-1' },
      headers: { 'idempotency-key': 'k-1' },
    });
    expect([
      calls[0]!.headers['idempotency-key'],
      calls[2]!.headers['idempotency-key'],
      calls[2]!.headers['x-csrf-token'],
    ]).toEqual(['k-1', 'k-1', 'new']);
  });

  it('does not retry other refusals', async () => {
    const calls = fakeFetch([() => problem(403, 'FORBIDDEN', 'Only administrators create users.')]);
    await expect(api('/users', { method: 'POST', body: {} })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(calls).toHaveLength(1);
  });

  it('reports an ended session (401 UNAUTHENTICATED) unless the caller handles it', async () => {
    const ended = vi.fn();
    onUnauthenticated(ended);
    fakeFetch([
      () => problem(401, 'UNAUTHENTICATED', 'Sign in first.'),
      () => problem(401, 'UNAUTHENTICATED', 'Sign in first.'),
      () => problem(401, 'INVALID_CREDENTIALS', 'Email or password is wrong.'),
    ]);
    await expect(api('/users')).rejects.toMatchObject({ status: 401 });
    expect(ended).toHaveBeenCalledTimes(1);
    await expect(api('/auth/me', { on401: 'throw' })).rejects.toMatchObject({ status: 401 });
    await expect(api('/auth/login', { method: 'POST', body: {} })).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
    });
    expect(ended).toHaveBeenCalledTimes(1);
  });

  it('answers a network failure and a non-JSON error with messages a person can act on', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('fetch failed');
    });
    await expect(api('/users')).rejects.toMatchObject({ status: 0, code: 'NETWORK' });
    fakeFetch([
      () =>
        new Response('<html>bad gateway</html>', {
          status: 502,
          statusText: 'Bad Gateway',
          headers: { 'content-type': 'text/html' },
        }),
    ]);
    await expect(api('/users')).rejects.toMatchObject({
      status: 502,
      code: 'INTERNAL',
      detail: 'The server answered 502 Bad Gateway. Try again in a moment.',
    });
  });

  it('resolves 204 to undefined', async () => {
    fakeFetch([() => new Response(null, { status: 204 })]);
    await expect(api('/tokens/tok_1', { method: 'DELETE' })).resolves.toBeUndefined();
  });
});

describe('api() with a FormData body (uploads)', () => {
  it('sends the form itself, lets the browser write the multipart content type, and keeps the CSRF token and extra headers', async () => {
    setCsrfToken('csrf-up');
    const calls: { headers: Record<string, string>; body: unknown }[] = [];
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit = {}) => {
      calls.push({ headers: init.headers as Record<string, string>, body: init.body });
      return json(201, { id: 'exp_1' });
    });
    const form = new FormData();
    form.append('amount', '61230');
    form.append('receipt', new Blob([new Uint8Array([0x89, 0x50])], { type: 'image/png' }), 'hotel.png');
    await expect(
      api('/engagements/e1/expenses', { method: 'POST', body: form, headers: { 'idempotency-key': 'k' } }),
    ).resolves.toEqual({ id: 'exp_1' });
    expect(calls[0]!.body).toBe(form);
    expect(calls[0]!.headers['content-type']).toBeUndefined();
    expect([calls[0]!.headers['x-csrf-token'], calls[0]!.headers['idempotency-key']]).toEqual(['csrf-up', 'k']);
  });
});
