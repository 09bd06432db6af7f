import type { Executor } from '../../db/create-db.ts';
import type { BookingMode, BookingStatus } from '../../shared/contracts/staffing.ts';
import type { Ctx } from '../context.ts';
import { readFirmProfile } from '../settings/settings.service.ts';
import type { StaffingDeps } from './staffing.deps.ts';
import { enqueueBookingInvite, type BookingChange, type BookingForInvite } from './calendar.invites.ts';

/** What happened to a booking: the calendar invite says METHOD:REQUEST for the first two, CANCEL for the last. */
export type BookingChangeKind = 'created' | 'updated' | 'cancelled';

/** A booking as the notifications need it: everything an invite names, read inside the same transaction. */
export interface BookingRecord {
  id: string;
  consultantId: string;
  consultantName: string;
  consultantEmail: string;
  /** The zone of the consultant's emails: his own, else his home base's; null: the firm's default. */
  consultantTimeZone: string | null;
  engagementId: string;
  engagementNumber: string;
  engagementTitle: string;
  customerName: string;
  start: Date;
  end: Date;
  mode: BookingMode;
  status: BookingStatus;
  siteId: string | null;
  siteName: string | null;
  siteAddress: string | null;
  siteTimeZone: string | null;
  note: string;
  /** iCalendar SEQUENCE: 0 when created, raised by every change and by the cancellation. */
  sequence: number;
  cancelledAt: Date | null;
  cancelReason: string | null;
}

/** A booking as its invite reads it (`timeZone`: the zone its times are written in). */
const forInvite = (booking: BookingRecord, timeZone: string): BookingForInvite => ({
  id: booking.id,
  sequence: booking.sequence,
  start: booking.start,
  end: booking.end,
  mode: booking.mode,
  status: booking.status,
  engagement: {
    id: booking.engagementId,
    number: booking.engagementNumber,
    title: booking.engagementTitle,
    customerName: booking.customerName,
  },
  site: booking.siteName ? { name: booking.siteName, address: booking.siteAddress ?? '' } : null,
  consultant: { name: booking.consultantName, email: booking.consultantEmail, timeZone },
});

const changes: Record<BookingChangeKind, BookingChange> = {
  created: 'created',
  updated: 'changed',
  cancelled: 'cancelled',
};

/**
 * THE hook of every booking change: called by create, update, cancel (DELETE, and the cancellation of
 * future bookings when a consultant leaves the team) in the SAME transaction, after the row is written,
 * with the booking as it is now. It enqueues the consultant's calendar invite (METHOD:REQUEST when
 * created or updated, METHOD:CANCEL when cancelled; SEQUENCE = booking.sequence; one UID per booking),
 * delivered in order (calendar.invites.ts).
 */
export async function bookingChanged(
  deps: Pick<StaffingDeps, 'outbox' | 'publicUrl' | 'clock' | 'organizer'>,
  trx: Executor,
  _ctx: Ctx,
  booking: BookingRecord,
  kind: BookingChangeKind,
): Promise<void> {
  const organizer = deps.organizer ?? {
    name: 'IMR Desk',
    email: `imr@${new URL(deps.publicUrl).hostname || 'localhost'}`,
  };
  // A consultant without a zone of his own reads his invites in the firm's default zone, as every staff email.
  const timeZone = booking.consultantTimeZone ?? (await readFirmProfile(trx)).timeZone;
  await enqueueBookingInvite({ ...deps, organizer }, trx, forInvite(booking, timeZone), changes[kind]);
}
