import { AppError } from '../../shared/errors.ts';
import { newSecret, sha256Hex } from '../accounts/secrets.ts';
import { authorize, given } from '../authz.ts';
import { isCustomerUser, type Ctx } from '../context.ts';
import { buildFeed } from '../calendar/feed.ts';
import type { CalendarDeps } from './calendar.deps.ts';
import { feedEvents } from './calendar.feed-events.ts';
import { calendarPolicy } from './calendar.policy.ts';
import { calendarRepo } from './calendar.repo.ts';

/** The path of a feed under the public URL; the token is the only credential (256 bits, stored hashed). */
export const feedPath = (token: string): string => `/api/v1/calendar-feeds/${token}.ics`;

/**
 * Makes a new secret calendar-feed URL for a consultant and forgets the previous one (its URL answers 404
 * from now on): the consultant himself, admins and IR managers. Only the token's hash is stored; audited
 * without the token.
 */
export async function createCalendarFeed(deps: CalendarDeps, ctx: Ctx, userId: string): Promise<{ url: string }> {
  // Customers' users do not learn which staff exist: the same answer as for a missing user.
  if (isCustomerUser(ctx.actor) || ctx.actor.type === 'contact')
    throw new AppError('NOT_FOUND', 'Consultant not found.');
  authorize(
    ctx.actor,
    given(calendarPolicy.createFeed, userId),
    "Only the consultant himself, administrators and IR managers may make a consultant's calendar feed.",
  );
  const token = newSecret();
  await deps.db.transaction(async (trx) => {
    const owner = await calendarRepo.providerUser(trx, userId);
    if (!owner) throw new AppError('NOT_FOUND', 'Consultant not found.');
    const now = deps.clock.now();
    await calendarRepo.replaceFeed(trx, {
      user_id: userId,
      token_hash: sha256Hex(token),
      created_at: now,
      created_by: ctx.actor.type === 'user' ? ctx.actor.userId : 'system',
    });
    await deps.audit.record(trx, ctx, {
      action: 'calendar_feed.created',
      entityType: 'user',
      entityId: userId,
      after: { replacesPrevious: true },
    });
  });
  return { url: `${deps.publicUrl}${feedPath(token)}` };
}

/**
 * The RFC 5545 text of the feed a token opens: the consultant's bookings, on-call shifts and time off
 * (never its reason) from 30 days back to a year ahead. An unknown, replaced or disabled user's token is
 * NOT_FOUND.
 */
export async function readCalendarFeed(deps: CalendarDeps, token: string): Promise<string> {
  const ex = deps.db.kysely;
  const owner = /^[A-Za-z0-9_-]{20,100}$/.test(token)
    ? await calendarRepo.ownerOfFeed(ex, sha256Hex(token))
    : undefined;
  if (!owner) throw new AppError('NOT_FOUND', 'Calendar feed not found: ask for a new feed URL.');
  const now = deps.clock.now();
  const events = await feedEvents(deps, ex, owner.id, now);
  return buildFeed({ name: `IMR Desk: ${owner.name}`, events, stamp: now });
}
