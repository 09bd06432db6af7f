import { DateTime } from 'luxon';
import type { Db, Executor } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import type { ScopingOutcome, UpdateScopingCallBody } from '../../shared/contracts/requests.ts';
import { AppError } from '../../shared/errors.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { authorize, canSeeTenant } from '../authz.ts';
import { buildInvite } from '../calendar/invite.ts';
import type { Ctx, UserActor } from '../context.ts';
import type { Outbox } from '../mail/outbox.service.ts';
import { renderEmail } from '../mail/templates.ts';
import { requestsPolicy } from './requests.policy.ts';
import { requestsRepo, type RequestRow, type RequestWithNames } from './requests.repo.ts';
import { acceptsScopingCalls } from '../../shared/requests.ts';
import type { RequestsService } from './requests.service.ts';
import type { ScopingAttendeeRow } from './requests.tables.ts';
import { toScopingCallView } from './requests.views.ts';
import { scopingRepo, type ScopingCallRow } from './scoping.repo.ts';

export interface ScopingDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  audit: AuditService;
  outbox: Outbox;
  requests: RequestsService;
  publicUrl: string;
}

type Kind = 'invite' | 'update' | 'cancel';

const callNotFound = (id: string) => new AppError('NOT_FOUND', `Scoping call ${id} not found.`);

const sameAttendees = (a: ScopingAttendeeRow[], b: ScopingAttendeeRow[]) =>
  a.map((x) => x.id).join(',') === b.map((x) => x.id).join(',');

export type ScopingService = ReturnType<typeof createScopingService>;

/** Free scoping calls of a request: booked, rescheduled and cancelled with iCalendar invitations; the outcome moves the request on. */
export function createScopingService(deps: ScopingDeps) {
  const { db, clock, ids, audit, outbox, requests } = deps;
  const host = new URL(deps.publicUrl).hostname || 'localhost';

  /** Attendees are contacts of the request's customer and users of the provider or of that customer; anything else is a 400 naming the entry. */
  async function resolveAttendees(trx: Executor, r: RequestRow, given: string[]): Promise<ScopingAttendeeRow[]> {
    const wanted = [...new Set(given)];
    const [contacts, users] = await Promise.all([
      scopingRepo.contactsOf(
        trx,
        r.customer_id,
        wanted.filter((id) => id.startsWith('con_')),
      ),
      scopingRepo.usersOf(
        trx,
        r.organization_id,
        wanted.filter((id) => !id.startsWith('con_')),
      ),
    ]);
    const errors: { path: string; message: string }[] = [];
    const out: ScopingAttendeeRow[] = [];
    wanted.forEach((id) => {
      const c = contacts.find((x) => x.id === id);
      const u = users.find((x) => x.id === id);
      if (c) out.push({ type: 'contact', id, name: c.name, email: c.email });
      else if (u) out.push({ type: 'user', id, name: u.name, email: u.email });
      else
        errors.push({
          path: `body.attendees.${given.indexOf(id)}`,
          message: `${id} is neither a contact of this customer nor a user who may attend`,
        });
    });
    if (errors.length)
      throw new AppError(
        'VALIDATION_FAILED',
        `Some attendees are unknown: ${errors.map((e) => e.message).join('; ')}.`,
        { errors },
      );
    return out;
  }

  /** One email per recipient carrying the same iCalendar event (REQUEST to invite or update, CANCEL to cancel). */
  async function sendInvites(
    trx: Executor,
    r: RequestWithNames,
    call: ScopingCallRow,
    kind: Kind,
    recipients: ScopingAttendeeRow[],
  ): Promise<void> {
    if (recipients.length === 0) return;
    const start = call.starts_at;
    const end = new Date(start.getTime() + call.duration_minutes * 60_000);
    const what =
      r.kind === 'emergency'
        ? `${r.incident_type!.replace(/_/g, ' ')} incident (${r.severity})`
        : (r.catalog_item_name ?? 'proactive service');
    const title = `Scoping call: ${r.customer_name}, ${what}`;
    const local = DateTime.fromJSDate(start, { zone: call.time_zone }).toFormat('cccc d LLLL yyyy, HH:mm ZZZZ');
    const invite = buildInvite({
      uid: call.ical_uid,
      sequence: call.sequence,
      method: kind === 'cancel' ? 'CANCEL' : 'REQUEST',
      title,
      description: `Free scoping call about request ${r.id} (${what}). Scoping is never charged to your retainer.`,
      start,
      end,
      timeZone: call.time_zone,
      organizer: { name: call.organizer_name, email: call.organizer_email },
      attendees: call.attendees.map((a) => ({ name: a.name, email: a.email })),
      ...(call.join_info ? { joinInfo: call.join_info } : {}),
      stamp: clock.now(),
    });
    const heading = {
      invite: 'Invitation: scoping call',
      update: 'Scoping call moved',
      cancel: 'Scoping call cancelled',
    }[kind];
    const lead = {
      invite: `You are invited to a free scoping call about ${what} for ${r.customer_name} on ${local} (${call.time_zone}).`,
      update: `The scoping call about ${what} for ${r.customer_name} now takes place on ${local} (${call.time_zone}). Your calendar updates the existing event.`,
      cancel: `The scoping call about ${what} for ${r.customer_name} on ${local} (${call.time_zone}) is cancelled.`,
    }[kind];
    for (const a of recipients) {
      const content = renderEmail({
        heading,
        paragraphs: [
          `Hello ${a.name},`,
          lead,
          ...(kind === 'cancel' ? [] : ['Scoping calls are free of charge; nothing is drawn from the retainer.']),
        ],
        facts: [
          ['When', `${local} (${start.toISOString()} UTC)`],
          ['Duration', `${call.duration_minutes} minutes`],
          ...(call.join_info && kind !== 'cancel' ? ([['How to join', call.join_info]] as [string, string][]) : []),
          ['Organiser', `${call.organizer_name} <${call.organizer_email}>`],
        ],
      });
      await outbox.enqueueEmail(trx, {
        topic: `scoping_call.${kind}`,
        to: [a.email],
        subject: kind === 'cancel' ? `Cancelled: ${title}` : kind === 'update' ? `Updated: ${title}` : title,
        ...content,
        icalEvent: invite,
      });
    }
  }

  /** The request locked and the call of it, both visible to the actor; NOT_FOUND otherwise. */
  async function lockBoth(trx: Executor, actor: UserActor, requestId: string, callId: string) {
    const r = await requests.requestForUpdate(trx, requestId);
    if (!r || !canSeeTenant(actor, r.organization_id))
      throw new AppError('NOT_FOUND', `Request ${requestId} not found.`);
    const call = await scopingRepo.forUpdate(trx, callId);
    if (!call || call.request_id !== requestId) throw callNotFound(callId);
    return { r, call };
  }

  async function applyOutcome(
    trx: Executor,
    ctx: Ctx,
    r: RequestRow,
    outcome: ScopingOutcome,
    reason: string | undefined,
  ): Promise<void> {
    if (outcome === 'ewo_needed') {
      // The first EWO draft may already exist (an emergency often goes straight to a draft): nothing to move then.
      if (['ewo_drafting', 'awaiting_approval', 'approved'].includes(r.status)) return;
      await requests.transitionInTx(trx, ctx, r.id, 'ewo_drafting', reason);
    } else if (outcome === 'advice_only') {
      await requests.transitionInTx(trx, ctx, r.id, 'closed_advice_only', reason);
    } else {
      await requests.transitionInTx(trx, ctx, r.id, 'rejected', reason);
    }
  }

  const view = async (id: string) => toScopingCallView((await scopingRepo.byId(db.kysely, id))!, true);

  return {
    /**
     * IR managers book a free scoping call; each attendee gets an iCalendar invitation (METHOD:REQUEST,
     * a stable UID, SEQUENCE 0). The first call moves a received request to scoping. Never touches the ledger.
     */
    async book(
      ctx: Ctx,
      requestId: string,
      input: {
        startsAt: string;
        durationMinutes: number;
        attendees: string[];
        joinInfo: string;
        notes?: string | undefined;
      },
    ) {
      authorize(ctx.actor, requestsPolicy.manage, 'Only IR managers book scoping calls.');
      const actor = ctx.actor;
      const id = ids.next('scl');
      await db.transaction(async (trx) => {
        const r = await requests.requestForUpdate(trx, requestId);
        if (!r || !canSeeTenant(actor, r.organization_id))
          throw new AppError('NOT_FOUND', `Request ${requestId} not found.`);
        if (!acceptsScopingCalls(r.status)) {
          throw new AppError(
            'CONFLICT',
            `Request ${requestId} is ${r.status}: scoping calls are booked only while a request is open and its EWO undecided.`,
            { status: r.status },
          );
        }
        const attendees = await resolveAttendees(trx, r, input.attendees);
        const named = (await requestsRepo.byId(trx, requestId))!;
        const at = clock.now();
        await scopingRepo.insert(trx, {
          id,
          request_id: requestId,
          status: 'scheduled',
          starts_at: new Date(input.startsAt),
          duration_minutes: input.durationMinutes,
          time_zone: named.time_zone,
          join_info: input.joinInfo,
          attendees: JSON.stringify(attendees),
          organizer_user_id: actor.userId,
          organizer_name: actor.name,
          organizer_email: actor.email,
          ical_uid: `${id}@${host}`,
          sequence: 0,
          notes: input.notes ?? '',
          created_at: at,
          updated_at: at,
        });
        await audit.record(trx, ctx, {
          action: 'scoping_call.booked',
          entityType: 'scoping_call',
          entityId: id,
          organizationId: r.organization_id,
          after: {
            requestId,
            startsAt: new Date(input.startsAt).toISOString(),
            durationMinutes: input.durationMinutes,
            attendees: attendees.map((a) => a.id),
          },
        });
        if (r.status === 'received') await requests.transitionInTx(trx, ctx, requestId, 'scoping');
        await sendInvites(trx, named, (await scopingRepo.byId(trx, id))!, 'invite', attendees);
      });
      return view(id);
    },

    /**
     * IR managers reschedule a call (same UID, SEQUENCE raised, attendees updated; removed attendees get
     * a cancellation), keep notes, and set the outcome once: ewo_needed → ewo_drafting, advice_only →
     * closed_advice_only, rejected → rejected (reason required).
     */
    async update(ctx: Ctx, requestId: string, callId: string, patch: UpdateScopingCallBody) {
      authorize(ctx.actor, requestsPolicy.manage, 'Only IR managers change scoping calls.');
      const actor = ctx.actor;
      await db.transaction(async (trx) => {
        const { r, call } = await lockBoth(trx, actor, requestId, callId);
        if (patch.revision !== undefined && patch.revision !== call.revision) {
          throw new AppError(
            'STALE_REVISION',
            `Scoping call ${callId} changed since you read it (revision ${call.revision}): reload it and apply your change again.`,
            { currentRevision: call.revision },
          );
        }
        if (call.status === 'cancelled')
          throw new AppError('CONFLICT', `Scoping call ${callId} is cancelled: book a new call instead.`);
        const attendees = patch.attendees ? await resolveAttendees(trx, r, patch.attendees) : call.attendees;
        const startsAt = patch.startsAt ? new Date(patch.startsAt) : call.starts_at;
        const duration = patch.durationMinutes ?? call.duration_minutes;
        const joinInfo = patch.joinInfo ?? call.join_info;
        const rescheduled =
          startsAt.getTime() !== call.starts_at.getTime() ||
          duration !== call.duration_minutes ||
          joinInfo !== call.join_info ||
          !sameAttendees(attendees, call.attendees);
        if (rescheduled && call.outcome)
          throw new AppError(
            'CONFLICT',
            `Scoping call ${callId} was held (outcome ${call.outcome}): book a new call instead of moving it.`,
          );
        if (rescheduled && !acceptsScopingCalls(r.status)) {
          throw new AppError(
            'CONFLICT',
            `Request ${requestId} is ${r.status}: its scoping calls can no longer be moved (cancel the call instead).`,
            { status: r.status },
          );
        }
        if (patch.outcome && call.outcome)
          throw new AppError(
            'CONFLICT',
            `The outcome of scoping call ${callId} is already ${call.outcome}; it is set once.`,
            { outcome: call.outcome },
          );
        if (patch.outcome === 'rejected' && !patch.reason)
          throw new AppError('VALIDATION_FAILED', 'The request is invalid: reason is required to reject the request.', {
            errors: [{ path: 'body.reason', message: 'is required when the outcome is rejected' }],
          });
        const at = clock.now();
        await scopingRepo.update(trx, callId, {
          starts_at: startsAt,
          duration_minutes: duration,
          join_info: joinInfo,
          attendees: JSON.stringify(attendees),
          sequence: rescheduled ? call.sequence + 1 : call.sequence,
          ...(patch.notes !== undefined ? { notes: patch.notes } : {}),
          ...(patch.outcome
            ? { outcome: patch.outcome, outcome_reason: patch.reason ?? null, outcome_at: at, status: 'held' as const }
            : {}),
          updated_at: at,
        });
        const audited = { entityType: 'scoping_call', entityId: callId, organizationId: r.organization_id } as const;
        if (rescheduled) {
          await audit.record(trx, ctx, {
            action: 'scoping_call.rescheduled',
            ...audited,
            before: {
              startsAt: call.starts_at.toISOString(),
              durationMinutes: call.duration_minutes,
              joinInfo: call.join_info,
              attendees: call.attendees.map((a) => a.id),
            },
            after: {
              requestId,
              startsAt: startsAt.toISOString(),
              durationMinutes: duration,
              joinInfo,
              attendees: attendees.map((a) => a.id),
              sequence: call.sequence + 1,
            },
          });
          const named = (await requestsRepo.byId(trx, requestId))!;
          const updated = (await scopingRepo.byId(trx, callId))!;
          await sendInvites(trx, named, updated, 'update', attendees);
          await sendInvites(
            trx,
            named,
            updated,
            'cancel',
            call.attendees.filter((a) => !attendees.some((b) => b.id === a.id)),
          );
        }
        if (patch.notes !== undefined && patch.notes !== call.notes) {
          await audit.record(trx, ctx, {
            action: 'scoping_call.updated',
            ...audited,
            after: { requestId, notesChanged: true },
          });
        }
        if (patch.outcome) {
          await applyOutcome(trx, ctx, r, patch.outcome, patch.reason);
          await audit.record(trx, ctx, {
            action: 'scoping_call.outcome_set',
            ...audited,
            after: { requestId, outcome: patch.outcome, ...(patch.reason ? { reason: patch.reason } : {}) },
          });
        }
      });
      return view(callId);
    },

    /** IR managers cancel a call that has not been held: every attendee gets METHOD:CANCEL for the same UID with a higher SEQUENCE. */
    async cancel(ctx: Ctx, requestId: string, callId: string) {
      authorize(ctx.actor, requestsPolicy.manage, 'Only IR managers cancel scoping calls.');
      const actor = ctx.actor;
      await db.transaction(async (trx) => {
        const { r, call } = await lockBoth(trx, actor, requestId, callId);
        if (call.status === 'cancelled') throw new AppError('CONFLICT', `Scoping call ${callId} is already cancelled.`);
        if (call.outcome)
          throw new AppError(
            'CONFLICT',
            `Scoping call ${callId} was held (outcome ${call.outcome}): it cannot be cancelled.`,
          );
        const at = clock.now();
        await scopingRepo.update(trx, callId, {
          status: 'cancelled',
          cancelled_at: at,
          sequence: call.sequence + 1,
          updated_at: at,
        });
        await audit.record(trx, ctx, {
          action: 'scoping_call.cancelled',
          entityType: 'scoping_call',
          entityId: callId,
          organizationId: r.organization_id,
          before: { status: call.status, startsAt: call.starts_at.toISOString() },
          after: { requestId, status: 'cancelled', sequence: call.sequence + 1 },
        });
        const named = (await requestsRepo.byId(trx, requestId))!;
        const cancelled = (await scopingRepo.byId(trx, callId))!;
        await sendInvites(trx, named, cancelled, 'cancel', cancelled.attendees);
      });
      return view(callId);
    },
  };
}
