import type { ContactedBody, TriageBody } from '../../shared/contracts/requests.ts';
import { AppError } from '../../shared/errors.ts';
import { authorize } from '../authz.ts';
import type { Ctx } from '../context.ts';
import { lockedVisible } from './requests.access.ts';
import type { RequestsDeps } from './requests.deps.ts';
import { invalid } from './requests.errors.ts';
import { requestsPolicy } from './requests.policy.ts';
import { requestsRepo } from './requests.repo.ts';
import { contactChannelLabels, ownerRoles } from './requests.rules.ts';
import { loadRequestView } from './read-requests.ts';
import { recordMilestoneInTx } from './milestone-events.ts';

/**
 * Triage: an IR manager makes an IR manager or consultant the request's owner. The first owner counts as the
 * initial contact of an emergency (its milestone, once only). An unknown user, a customer's user, a user of
 * another role or a deactivated one is refused (422) and nothing changes. Audited.
 */
export async function assignOwner(deps: RequestsDeps, ctx: Ctx, id: string, input: TriageBody) {
  authorize(ctx.actor, requestsPolicy.manage, 'Only IR managers triage requests.');
  const actor = ctx.actor;
  if (!input.ownerUserId && !input.ownerEmail)
    throw invalid('body.ownerEmail', 'is required: name the owner by e-mail address (or user id)');
  await deps.db.transaction(async (trx) => {
    const request = await lockedVisible(trx, actor, id);
    const owner = await requestsRepo.staffUser(
      trx,
      input.ownerUserId ? { id: input.ownerUserId } : { email: input.ownerEmail! },
    );
    const named = input.ownerEmail ?? input.ownerUserId!;
    if (!owner || owner.organization_kind !== 'provider')
      throw new AppError(
        'BUSINESS_RULE',
        `${named} is not a user of the IR firm: choose an IR manager or consultant.`,
        {
          owner: named,
        },
      );
    if (!(ownerRoles as readonly string[]).includes(owner.role) || owner.status !== 'active')
      throw new AppError(
        'BUSINESS_RULE',
        `${owner.name} is not an active IR manager or consultant: choose one of them as the owner.`,
        { owner: named, role: owner.role, status: owner.status },
      );
    if (request.owner_user_id === owner.id) return;
    const now = deps.clock.now();
    await requestsRepo.update(trx, id, { owner_user_id: owner.id, updated_at: now });
    await deps.audit.record(trx, ctx, {
      action: 'request.owner_assigned',
      entityType: 'service_request',
      entityId: id,
      organizationId: request.organization_id,
      before: { ownerUserId: request.owner_user_id },
      after: { ownerUserId: owner.id, ownerName: owner.name },
    });
    if (!request.owner_user_id)
      await recordMilestoneInTx(deps, trx, ctx, id, { kind: 'initial_contact', at: now, source: 'triage' });
  });
  return loadRequestView(deps, deps.db.kysely, id);
}

/**
 * The one-click "contacted" action: an IR manager contacted the customer about the request (channel, time,
 * default now; not in the future nor before receipt). It is noted on the request's timeline every time; the
 * first contact of an emergency sets its initial-contact milestone, a later one leaves it where it is.
 */
export async function recordContact(deps: RequestsDeps, ctx: Ctx, id: string, input: ContactedBody) {
  authorize(ctx.actor, requestsPolicy.manage, 'Only IR managers record contacts.');
  const actor = ctx.actor;
  const now = deps.clock.now();
  const at = input.at ? new Date(input.at) : now;
  if (at.getTime() > now.getTime()) throw invalid('body.at', 'must not be in the future: give the time of the contact');
  let recorded = false;
  await deps.db.transaction(async (trx) => {
    const request = await lockedVisible(trx, actor, id);
    if (at.getTime() < request.received_at.getTime())
      throw invalid('body.at', 'must not be before the request was received: give the time of the contact');
    await deps.audit.record(trx, ctx, {
      action: 'request.contacted',
      entityType: 'service_request',
      entityId: id,
      organizationId: request.organization_id,
      after: { channel: input.channel, channelLabel: contactChannelLabels[input.channel], at: at.toISOString() },
    });
    recorded = await recordMilestoneInTx(deps, trx, ctx, id, {
      kind: 'initial_contact',
      at,
      source: 'contacted',
      channel: input.channel,
    });
  });
  return { initialContactRecorded: recorded, request: await loadRequestView(deps, deps.db.kysely, id) };
}
