import { z } from 'zod';
import { DisplayName, Instant } from './common.ts';
import { PhoneNumber } from './settings.ts';
import { TimeZone } from './time-zone.ts';
import { providerRoles, roles } from '../roles.ts';

export const Role = z.enum(roles);

export const User = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: Role,
    status: z.enum(['invited', 'active', 'disabled']),
    organizationId: z.string(),
    organizationKind: z.enum(['provider', 'customer']),
    organizationName: z.string(),
    contactId: z.string().nullable(),
    workPhone: z.string().nullable().describe("A provider user's work phone, shown in the portal's account team."),
    timeZone: z
      .string()
      .nullable()
      .describe(
        "IANA zone the user's emails are written in; null: staff the firm's default zone, a customer user his contact's or customer's.",
      ),
    createdAt: Instant,
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof User>;

export const LoginBody = z.object({
  email: z.string().trim().min(3).max(320),
  password: z.string().min(1).max(1000),
});

export const SessionInfo = z
  .object({
    user: User,
    csrfToken: z.string(),
    expiresAt: Instant,
  })
  .meta({ id: 'SessionInfo' });

export const MeResponse = z
  .object({
    user: User,
    csrfToken: z.string().nullable().describe('Null when authenticated by bearer token (no CSRF needed).'),
  })
  .meta({ id: 'Me' });

export const PasswordResetBody = z.object({ email: z.string().trim().min(3).max(320) });
export const PasswordResetConfirmBody = z.object({
  token: z.string().min(10).max(200),
  password: z.string().min(1).max(256),
});

export const CreateUserBody = z.object({
  email: z.email().max(320),
  name: DisplayName(200),
  role: z.enum(providerRoles),
  password: z.string().min(1).max(256).optional(),
});

export const UpdateUserBody = z
  .object({
    name: DisplayName(200).optional(),
    role: Role.optional(),
    status: z.enum(['active', 'disabled']).optional(),
    workPhone: PhoneNumber.nullable().optional().describe("A provider user's work phone; null removes it."),
    timeZone: TimeZone.nullable()
      .optional()
      .describe("IANA zone of the user's emails, e.g. Europe/Berlin; null removes it."),
  })
  .refine((b) => Object.keys(b).length > 0, {
    message: 'give at least one of name, role, status, workPhone, timeZone',
  });

/** What a signed-in provider user changes of his own account. */
export const UpdateMeBody = z
  .object({
    workPhone: PhoneNumber.nullable()
      .optional()
      .describe('Your work phone (staff), shown to the customers whose account team you are on; null removes it.'),
    timeZone: TimeZone.nullable()
      .optional()
      .describe('The IANA zone your emails are written in, e.g. Europe/Berlin; null: the default.'),
  })
  .strict()
  .refine((b) => b.workPhone !== undefined || b.timeZone !== undefined, {
    message: 'give workPhone or timeZone',
  });

export const UserListQuery = z.object({
  organizationId: z.string().optional(),
  role: Role.optional(),
  status: z.enum(['invited', 'active', 'disabled']).optional(),
  q: z.string().max(200).optional(),
});

export const CreateTokenBody = z.object({ name: DisplayName(100) });
export const CreatedToken = z
  .object({
    id: z.string(),
    name: z.string(),
    token: z.string().describe('Shown once; store it now.'),
    createdAt: Instant,
  })
  .meta({ id: 'CreatedToken' });
export const ApiToken = z
  .object({
    id: z.string(),
    name: z.string(),
    createdAt: Instant,
    lastUsedAt: Instant.nullable(),
    revokedAt: Instant.nullable(),
  })
  .meta({ id: 'ApiToken' });

export const Organization = z
  .object({ id: z.string(), kind: z.enum(['provider', 'customer']), name: z.string(), createdAt: Instant })
  .meta({ id: 'Organization' });

export const StaffMember = z
  .object({ id: z.string(), name: z.string(), email: z.string(), role: Role })
  .meta({ id: 'StaffMember' });

export const StaffQuery = z.object({
  role: z.enum(providerRoles).optional(),
  q: z.string().max(200).optional(),
});
