/**
 * Types of the API as the web sees it, derived from the zod contracts the server validates with
 * (src/shared/contracts). Type-only imports: no zod code reaches the browser bundle.
 */
import type { z } from 'zod';
import type * as accounts from '../../shared/contracts/accounts.ts';
import type * as channels from '../../shared/contracts/channels.ts';
import type * as commerce from '../../shared/contracts/commerce.ts';
import type * as common from '../../shared/contracts/common.ts';
import type * as contractSettings from '../../shared/contracts/contract-settings.ts';
import type * as contracts from '../../shared/contracts/contracts.ts';
import type * as customers from '../../shared/contracts/customers.ts';
import type * as ledger from '../../shared/contracts/ledger.ts';
import type * as outbox from '../../shared/contracts/outbox.ts';
import type * as platform from '../../shared/contracts/platform.ts';
import type * as webhooks from '../../shared/contracts/webhooks.ts';
import type * as sso from '../../shared/contracts/sso.ts';

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
export type AuthMethods = z.output<typeof sso.AuthMethods>;
export type SignInPolicy = z.output<typeof sso.SignInPolicy>;
export type UpdateSignInPolicyBody = z.input<typeof sso.UpdateSignInPolicyBody>;
export type LoginBody = z.input<typeof accounts.LoginBody>;
export type CreateUserBody = z.input<typeof accounts.CreateUserBody>;
export type UpdateUserBody = z.input<typeof accounts.UpdateUserBody>;
export type UserListQuery = z.input<typeof accounts.UserListQuery>;
export type UserStatus = User['status'];
export type ApiToken = z.output<typeof accounts.ApiToken>;
export type CreatedToken = z.output<typeof accounts.CreatedToken>;
export type Organization = z.output<typeof accounts.Organization>;
export type StaffMember = z.output<typeof accounts.StaffMember>;

export type AuditEvent = z.output<typeof platform.AuditEvent>;
export type AuditQuery = z.input<typeof platform.AuditQuery>;
export type MailboxItem = z.output<typeof platform.MailboxItem>;
export type MailboxMessage = z.output<typeof platform.MailboxMessage>;
export type OutboxMessage = z.output<typeof outbox.OutboxMessage>;
export type OutboxStatus = z.output<typeof outbox.OutboxStatus>;
export type OutboxSummary = z.output<typeof outbox.OutboxSummary>;

export type Customer = z.output<typeof customers.Customer>;
export type AccountTeamMember = z.output<typeof customers.AccountTeamMember>;
export type CreateCustomerBody = z.input<typeof customers.CreateCustomerBody>;
export type UpdateCustomerBody = z.input<typeof customers.UpdateCustomerBody>;
export type Site = z.output<typeof customers.Site>;
export type CreateSiteBody = z.input<typeof customers.CreateSiteBody>;
export type UpdateSiteBody = z.input<typeof customers.UpdateSiteBody>;
export type Contact = z.output<typeof customers.Contact>;
export type Phone = z.output<typeof customers.Phone>;
export type CreateContactBody = z.input<typeof customers.CreateContactBody>;
export type UpdateContactBody = z.input<typeof customers.UpdateContactBody>;
export type ContactInvite = z.output<typeof customers.ContactInvite>;

export type Contract = z.output<typeof contracts.Contract>;
export type ContractStatus = Contract['status'];
export type ContractUnit = Contract['unit'];
export type ContractSettings = z.output<typeof contractSettings.ContractSettings>;
export type ContractSettingsPatch = contractSettings.ContractSettingsPatch;
export type CreateContractBody = z.input<typeof contracts.CreateContractBody>;
export type UpdateContractBody = z.input<typeof contracts.UpdateContractBody>;
export type RenewContractBody = z.input<typeof contracts.RenewContractBody>;
export type Balance = z.output<typeof ledger.Balance>;
export type LedgerEntry = z.output<typeof ledger.LedgerEntry>;
export type LedgerKind = LedgerEntry['kind'];
export type Posting = z.output<typeof ledger.PostingResponse>;
export type TopUpBody = z.input<typeof ledger.TopUpBody>;
export type AdjustmentBody = z.input<typeof ledger.AdjustmentBody>;
export type TermsResponse = z.output<typeof commerce.TermsResponse>;
export type TermsView = z.output<typeof commerce.TermsView>;
export type TermsInput = z.input<typeof commerce.TermsInput>;

export type ContractMessage = z.output<typeof channels.ContractMessage>;

export type WebhookSubscription = z.output<typeof webhooks.WebhookSubscription>;
export type CreatedWebhook = z.output<typeof webhooks.CreatedWebhook>;
export type WebhookMessage = z.output<typeof webhooks.WebhookMessage>;
