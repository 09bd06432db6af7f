/**
 * Why a single sign-on attempt ended without a session, as the sign-in page is told (`/login?sso_error=…`)
 * and says it. A customer contact's email gets the unknown-user answer: it tells nothing the identity provider
 * has not already told the person.
 */
export const ssoRefusals = ['unverified_email', 'unknown_user', 'disabled', 'failed', 'expired'] as const;
export type SsoRefusal = (typeof ssoRefusals)[number];

export const ssoRefusalMessages: Record<SsoRefusal, string> = {
  unverified_email:
    'Your identity provider did not confirm your email address, so it cannot be matched to an account here. Ask your administrator to verify it at the identity provider, then try again.',
  unknown_user:
    'There is no staff account here for the email your identity provider gave. Ask an administrator of this IMR Desk to add you. Customers sign in with their email and password.',
  disabled: 'Your account here is disabled. Ask an administrator of this IMR Desk to enable it.',
  failed:
    'Single sign-on did not complete. Try again; if it keeps failing, sign in with your password or ask an administrator.',
  expired: 'The sign-in took too long or was started in another browser. Start again from this page.',
};

export const isSsoRefusal = (v: string | null | undefined): v is SsoRefusal =>
  v !== null && v !== undefined && (ssoRefusals as readonly string[]).includes(v);
