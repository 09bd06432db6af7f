import { z } from 'zod';
import { Instant } from './common.ts';

export const AuthMethods = z
  .object({
    password: z.literal(true).describe('Email and password always work for customers and administrators.'),
    sso: z
      .object({ name: z.string().describe('The provider\'s name for the "Sign in with …" button.') })
      .nullable()
      .describe('Single sign-on for staff, when the server is set up for it.'),
  })
  .meta({ id: 'AuthMethods' });
export type AuthMethods = z.infer<typeof AuthMethods>;

export const StaffPasswords = z
  .enum(['allowed', 'admins_only'])
  .describe('admins_only: staff other than administrators sign in through single sign-on only.');

export const SignInPolicy = z
  .object({
    staffPasswords: StaffPasswords,
    sso: z.object({ name: z.string() }).nullable(),
    updatedAt: Instant.nullable(),
    updatedBy: z.string().nullable(),
  })
  .meta({ id: 'SignInPolicy' });
export type SignInPolicy = z.infer<typeof SignInPolicy>;

export const UpdateSignInPolicyBody = z.object({
  staffPasswords: StaffPasswords,
  reason: z.string().trim().min(3).max(1000).describe('Why it changes (kept in the audit log).'),
});

export const SsoStartQuery = z.object({
  next: z.string().max(500).optional().describe('The page of the staff app to return to after signing in.'),
});

/** What the provider sends back; any parameter is passed on to openid-client's checks. */
export const SsoCallbackQuery = z.looseObject({
  code: z.string().max(2000).optional(),
  state: z.string().max(2000).optional(),
  error: z.string().max(200).optional(),
});
