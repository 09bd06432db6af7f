import type { Executor } from '../../db/create-db.ts';
import { AppError } from '../../shared/errors.ts';
import type { AccountsDeps } from './accounts.deps.ts';
import { passwordLinkEmail } from './accounts.notify.ts';
import { accountsRepo } from './accounts.repo.ts';
import { passwordProblems } from './accounts.rules.ts';
import type { OneTimePurpose } from './accounts.tables.ts';
import { hashPassword, newSecret, sha256Hex } from './secrets.ts';

const linkLifetime: Record<OneTimePurpose, number> = {
  set_password: 72 * 60 * 60 * 1000,
  reset_password: 60 * 60 * 1000,
};

/** Refuses a password that accounts.rules finds weak (WEAK_PASSWORD, with every problem). */
export function assertStrong(password: string, email: string): void {
  const problems = passwordProblems(password, email);
  if (problems.length) {
    throw new AppError('WEAK_PASSWORD', `Choose a stronger password: ${problems.join('; ')}.`, { problems });
  }
}

/** Hashes a password chosen by an admin for another user, after checking its strength. */
export async function preparePassword(password: string, email: string): Promise<string> {
  assertStrong(password, email);
  return hashPassword(password);
}

/**
 * Issues a single-use link (set or reset password) and writes its email to the outbox, on `trx`. A
 * newer link voids every earlier unused one of the user; the user row is locked so that two requests
 * at once cannot leave two working links.
 */
export async function issuePasswordLink(
  deps: Pick<AccountsDeps, 'clock' | 'ids' | 'outbox' | 'publicUrl'>,
  trx: Executor,
  user: { id: string; email: string; name: string },
  purpose: OneTimePurpose,
  invitedBy?: string,
): Promise<void> {
  const token = newSecret();
  await accountsRepo.userByIdForUpdate(trx, user.id);
  const at = deps.clock.now();
  await accountsRepo.voidOneTimeTokens(trx, user.id, at);
  await accountsRepo.insertOneTimeToken(trx, {
    id: deps.ids.next('otk'),
    user_id: user.id,
    purpose,
    token_hash: sha256Hex(token),
    created_at: at,
    expires_at: new Date(at.getTime() + linkLifetime[purpose]),
  });
  // Only a user who has API tokens reads about them: most (customers above all) have none.
  const liveTokens =
    purpose === 'reset_password'
      ? (await accountsRepo.listApiTokens(trx, user.id)).filter((apiToken) => !apiToken.revoked_at).length
      : 0;
  const path = purpose === 'set_password' ? 'set-password' : 'reset-password';
  const url = `${deps.publicUrl}/${path}?token=${encodeURIComponent(token)}`;
  const email = passwordLinkEmail(purpose, user, url, { liveTokens, invitedBy });
  await deps.outbox.enqueueEmail(trx, {
    topic: email.topic,
    to: [user.email],
    subject: email.subject,
    ...email.content,
  });
}
