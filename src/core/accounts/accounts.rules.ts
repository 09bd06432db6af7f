/** Login throttling: failures per email address (known or not) and per client IP within a window. */
export const loginThrottle = {
  windowMs: 15 * 60 * 1000,
  maxPerEmail: 10,
  maxPerIp: 50,
};

/**
 * Decides whether a login attempt may be checked at all. `oldestFailure*` is the oldest failure still
 * inside the window; Retry-After is when it leaves the window.
 */
export function throttleDecision(
  now: Date,
  s: { emailFailures: number; ipFailures: number; oldestEmailFailure: Date | null; oldestIpFailure: Date | null },
): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
  const blockedBy: Date[] = [];
  if (s.emailFailures >= loginThrottle.maxPerEmail && s.oldestEmailFailure) blockedBy.push(s.oldestEmailFailure);
  if (s.ipFailures >= loginThrottle.maxPerIp && s.oldestIpFailure) blockedBy.push(s.oldestIpFailure);
  if (blockedBy.length === 0) return { allowed: true };
  const until = Math.max(...blockedBy.map((d) => d.getTime() + loginThrottle.windowMs));
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((until - now.getTime()) / 1000)) };
}

const common = new Set([
  'password', 'password1', 'password123', '123456789012', 'qwertyuiopas', 'letmein12345', 'administrator',
  'welcome12345', 'iloveyou1234', 'changeme1234', 'imrdesk12345', 'correcthorsebatterystaple',
]);

/** Password strength: at least 12 characters, not a well-known password, not the email's name, some variety. Returns problems. */
export function passwordProblems(password: string, email?: string): string[] {
  const problems: string[] = [];
  if (password.length < 12) problems.push('use at least 12 characters');
  if (password.length > 256) problems.push('use at most 256 characters');
  if (common.has(password.toLowerCase())) problems.push('this password is too common');
  const local = email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && password.toLowerCase().includes(local)) problems.push('do not include your email name');
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  if (password.length < 16 && classes < 3) problems.push('mix at least three of: lower case, upper case, digits, symbols (or use 16+ characters)');
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
export const needsTouch = (lastSeen: Date | null, now: Date): boolean => !lastSeen || now.getTime() - lastSeen.getTime() > 60_000;
