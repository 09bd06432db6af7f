/**
 * Login throttling that the right password can get past (docs/security.md, OWASP's authentication
 * guidance): failures count per email + client address pair, so an attacker elsewhere cannot lock a user
 * out; a slower limit per email across all addresses stops a distributed guess, and one per address
 * stops one client spraying many accounts. Unknown emails count like real ones (no enumeration).
 */
export const loginThrottle = {
  pair: { max: 10, windowMs: 15 * 60 * 1000 },
  account: { max: 100, windowMs: 60 * 60 * 1000 },
  ip: { max: 50, windowMs: 15 * 60 * 1000 },
} as const;

export type ThrottleScope = keyof typeof loginThrottle;

/** The longest window: login attempts older than this no longer matter. */
export const loginThrottleHorizonMs = Math.max(...Object.values(loginThrottle).map((l) => l.windowMs));

/**
 * Decides whether a login attempt may be checked at all. For each scope, `limitReachedBy` is the
 * failure that made the count reach the limit (the max-th most recent inside the window), or null;
 * the attempt may go on once it has left the window, which is the Retry-After.
 */
export function throttleDecision(
  now: Date,
  limitReachedBy: Record<ThrottleScope, Date | null>,
): { allowed: true } | { allowed: false; scope: ThrottleScope; retryAfterSeconds: number } {
  let worst: { scope: ThrottleScope; until: number } | undefined;
  for (const scope of Object.keys(loginThrottle) as ThrottleScope[]) {
    const at = limitReachedBy[scope];
    if (!at) continue;
    const until = at.getTime() + loginThrottle[scope].windowMs;
    if (until > now.getTime() && (!worst || until > worst.until)) worst = { scope, until };
  }
  if (!worst) return { allowed: true };
  return {
    allowed: false,
    scope: worst.scope,
    retryAfterSeconds: Math.max(1, Math.ceil((worst.until - now.getTime()) / 1000)),
  };
}

const common = new Set([
  'password',
  'password1',
  'password123',
  '123456789012',
  'qwertyuiopas',
  'letmein12345',
  'administrator',
  'welcome12345',
  'iloveyou1234',
  'changeme1234',
  'imrdesk12345',
  'correcthorsebatterystaple',
]);

/** Password strength: at least 12 characters, not a well-known password, not the email's name, some variety. Returns problems. */
export function passwordProblems(password: string, email?: string): string[] {
  const problems: string[] = [];
  if (password.length < 12) problems.push('use at least 12 characters');
  if (password.length > 256) problems.push('use at most 256 characters');
  if (common.has(password.toLowerCase())) problems.push('this password is too common');
  const local = email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && password.toLowerCase().includes(local))
    problems.push('do not include your email name');
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  if (password.length < 16 && classes < 3)
    problems.push('mix at least three of: lower case, upper case, digits, symbols (or use 16+ characters)');
  if (new Set(password).size < 5) problems.push('use more different characters');
  return problems;
}

/** A session is valid until its absolute expiry and while it has been used within the idle timeout. */
export function sessionValid(
  s: { expires_at: Date; last_seen_at: Date; ended_at: Date | null },
  now: Date,
  idleMinutes: number,
): boolean {
  if (s.ended_at) return false;
  if (s.expires_at.getTime() <= now.getTime()) return false;
  return now.getTime() - s.last_seen_at.getTime() < idleMinutes * 60 * 1000;
}

/** Touch last-seen at most once a minute, so reads do not turn into writes on every request. */
export const needsTouch = (lastSeen: Date | null, now: Date): boolean =>
  !lastSeen || now.getTime() - lastSeen.getTime() > 60_000;
