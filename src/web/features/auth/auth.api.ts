import { api, API_BASE } from '../../api/client.ts';
import type { AuthMethods, LoginBody, SessionInfo, User } from '../../api/types.ts';

/** POST /auth/login: sets the session cookie and returns the user and the CSRF token. */
export const login = (body: LoginBody) => api<SessionInfo>('/auth/login', { method: 'POST', body, on401: 'throw' });

/** POST /auth/logout: ends this browser's session. */
export const logout = () => api<{ ok: true }>('/auth/logout', { method: 'POST', on401: 'throw' });

/** POST /auth/password-reset: always accepted; a real account gets a one-hour link by email. */
export const requestPasswordReset = (email: string) =>
  api<{ accepted: true }>('/auth/password-reset', { method: 'POST', body: { email }, on401: 'throw' });

/** POST /auth/password-reset/confirm: sets the password of a set-password or reset link. */
export const confirmPasswordReset = (token: string, password: string) =>
  api<{ user: User }>('/auth/password-reset/confirm', { method: 'POST', body: { token, password }, on401: 'throw' });

/** What the server asks of a password (accounts.rules.ts passwordProblems), said before the user types. */
export const passwordHint =
  'At least 12 characters, mixing three of: lower case, upper case, digits, symbols (or 16 characters or more). Not your email name, not a common password.';

/** GET /auth/methods: whether the sign-in page offers single sign-on, and the provider's name. */
export const authMethods = () => api<AuthMethods>('/auth/methods', { on401: 'throw' });

/** Where the "Sign in with …" button sends the browser (a full navigation to the identity provider). */
export const ssoStartUrl = (next: string | null): string =>
  `${API_BASE}/auth/oidc/start${next && next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`;
