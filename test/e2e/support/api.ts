/** A small API client for test set-up and checks, signed in with a session cookie like the browser. */
export interface ApiSession {
  call<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
}

export async function apiSignIn(baseUrl: string, email: string, password: string): Promise<ApiSession> {
  const r = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (r.status !== 200) throw new Error(`API sign-in as ${email} failed: ${r.status} ${await r.text()}`);
  const cookie = r.headers
    .getSetCookie()
    .find((c) => c.startsWith('imr_session='))
    ?.split(';')[0];
  const { csrfToken } = (await r.json()) as { csrfToken: string };
  if (!cookie) throw new Error('sign-in set no session cookie');
  return {
    async call<T>(method: string, path: string, body?: unknown) {
      const res = await fetch(`${baseUrl}/api/v1${path}`, {
        method,
        headers: {
          cookie,
          ...(method === 'GET' ? {} : { 'x-csrf-token': csrfToken }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const type = res.headers.get('content-type') ?? '';
      return { status: res.status, body: (type.includes('json') ? await res.json() : await res.text()) as T };
    },
  };
}

interface MailboxItem {
  id: string;
  subject: string;
  to: string[];
}
interface MailboxMessage extends MailboxItem {
  text: string;
  html: string;
}

/** Waits for the worker to deliver a message to `to` whose subject matches, and returns it with its parts. */
export async function waitForMail(
  admin: ApiSession,
  to: string,
  subject: RegExp,
  timeoutMs = 20_000,
): Promise<MailboxMessage> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const list = await admin.call<{ items: MailboxItem[] }>('GET', `/mailbox?to=${encodeURIComponent(to)}`);
    const hit = list.body.items?.find((m) => subject.test(m.subject));
    if (hit) return (await admin.call<MailboxMessage>('GET', `/mailbox/${hit.id}`)).body;
    if (Date.now() > until)
      throw new Error(
        `No message to ${to} matching ${subject} within ${timeoutMs} ms (mailbox: ${JSON.stringify(list.body)})`,
      );
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The path and query of the first link in a text that goes to `pathname` (the server's PUBLIC_URL may differ from the test's port). */
export function linkPath(text: string, pathname: string): string {
  const m = new RegExp(`https?://[^\\s"'<>]+${pathname.replace(/[/]/g, '\\/')}\\?token=[^\\s"'<>]+`).exec(text);
  if (!m) throw new Error(`no ${pathname} link in:\n${text}`);
  const u = new URL(m[0]);
  return u.pathname + u.search;
}
