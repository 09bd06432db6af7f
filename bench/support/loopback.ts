const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** The bench only ever talks to this machine: any other host is refused before a single request is sent. */
export function assertLoopbackUrl(url: string, what = 'the bench target'): URL {
  const u = new URL(url);
  if (!LOOPBACK.has(u.hostname)) {
    throw new Error(
      `${what} must be on this machine (127.0.0.1), not ${u.hostname}: the bench never loads another host.`,
    );
  }
  return u;
}
