/**
 * Types of the API as the web sees it, derived from the zod contracts the server validates with
 * (src/shared/contracts). Type-only imports: no zod code reaches the browser bundle.
 */
import type { z } from 'zod';
import type * as accounts from '../../shared/contracts/accounts.ts';
import type * as common from '../../shared/contracts/common.ts';
import type * as platform from '../../shared/contracts/platform.ts';

export type { Quantity } from '../../shared/units.ts';

/** A cursor page, as every list endpoint answers (`pageOf` in contracts/common.ts). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type ProblemBody = z.output<typeof common.Problem>;

export type User = z.output<typeof accounts.User>;
export type Me = z.output<typeof accounts.MeResponse>;
export type SessionInfo = z.output<typeof accounts.SessionInfo>;
export type LoginBody = z.input<typeof accounts.LoginBody>;
export type CreateUserBody = z.input<typeof accounts.CreateUserBody>;
export type UpdateUserBody = z.input<typeof accounts.UpdateUserBody>;
export type UserListQuery = z.input<typeof accounts.UserListQuery>;
export type UserStatus = User['status'];
export type ApiToken = z.output<typeof accounts.ApiToken>;
export type CreatedToken = z.output<typeof accounts.CreatedToken>;
export type Organization = z.output<typeof accounts.Organization>;

export type AuditEvent = z.output<typeof platform.AuditEvent>;
export type AuditQuery = z.input<typeof platform.AuditQuery>;
export type MailboxItem = z.output<typeof platform.MailboxItem>;
export type MailboxMessage = z.output<typeof platform.MailboxMessage>;
