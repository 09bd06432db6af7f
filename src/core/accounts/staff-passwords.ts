import type { Executor } from '../../db/create-db.ts';
import { AppError } from '../../shared/errors.ts';
import { authorize } from '../authz.ts';
import type { Ctx } from '../context.ts';
import { settingsRepo } from '../settings/settings.repo.ts';
import { putSetting, type StoredSetting } from '../settings/settings.store.ts';
import type { AccountsDeps } from './accounts.deps.ts';
import { accountsPolicy } from './accounts.policy.ts';

/** The firm setting (its own row of `settings`): true when staff other than administrators may not use passwords. */
const KEY = 'auth.staffPasswordsOff';

export type StaffPasswords = 'allowed' | 'admins_only';

export interface SignInPolicy {
  staffPasswords: StaffPasswords;
  /** The single sign-on provider this server is set up for, or null. */
  sso: { name: string } | null;
  updatedAt: Date | null;
  updatedBy: string | null;
}

/** Whether the firm has turned staff passwords off (administrators and customers keep theirs). */
export async function staffPasswordsOff(ex: Executor): Promise<boolean> {
  const stored = await settingsRepo.get<StoredSetting<boolean>>(ex, KEY);
  return stored?.value === true;
}

async function policyOn(deps: AccountsDeps, ex: Executor): Promise<SignInPolicy> {
  const stored = await settingsRepo.get<StoredSetting<boolean>>(ex, KEY);
  return {
    staffPasswords: stored?.value === true ? 'admins_only' : 'allowed',
    sso: deps.sso ? { name: deps.sso.name } : null,
    updatedAt: stored ? new Date(stored.updatedAt) : null,
    updatedBy: stored?.updatedBy ?? null,
  };
}

/** Administrators read how staff sign in. */
export async function getSignInPolicy(deps: AccountsDeps, ctx: Ctx): Promise<SignInPolicy> {
  authorize(ctx.actor, accountsPolicy.manageUsers, 'Only administrators see and change how staff sign in.');
  return policyOn(deps, deps.db.kysely);
}

/**
 * Administrators turn staff passwords off (only once single sign-on is set up: staff need another way in)
 * or back on, with a reason; audited. Administrators always keep their passwords: the way in when the
 * identity provider is down.
 */
export async function setStaffPasswords(
  deps: AccountsDeps,
  ctx: Ctx,
  input: { staffPasswords: StaffPasswords; reason: string },
): Promise<SignInPolicy> {
  authorize(ctx.actor, accountsPolicy.manageUsers, 'Only administrators see and change how staff sign in.');
  const off = input.staffPasswords === 'admins_only';
  if (off && !deps.sso) {
    throw new AppError(
      'SSO_NOT_CONFIGURED',
      'Set up single sign-on first (OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET; see docs/operations.md) and check that staff can sign in with it; then turn staff passwords off.',
      { field: 'staffPasswords' },
    );
  }
  return deps.db.transaction(async (trx) => {
    const before = await policyOn(deps, trx);
    if (before.staffPasswords !== input.staffPasswords) {
      await putSetting(trx, ctx, KEY, off, deps.clock.now());
      await deps.audit.record(trx, ctx, {
        action: 'settings.updated',
        entityType: 'settings',
        entityId: 'sign-in',
        before: { staffPasswords: before.staffPasswords },
        after: { staffPasswords: input.staffPasswords, reason: input.reason },
      });
    }
    return policyOn(deps, trx);
  });
}
