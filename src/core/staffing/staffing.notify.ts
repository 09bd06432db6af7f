import type { Executor } from '../../db/create-db.ts';
import type { BookingMode, BookingStatus } from '../../shared/contracts/staffing.ts';
import type { Ctx } from '../context.ts';
import type { StaffingDeps } from './staffing.deps.ts';

/** What happened to a booking: the calendar invite says METHOD:REQUEST for the first two, CANCEL for the last. */
export type BookingChangeKind = 'created' | 'updated' | 'cancelled';

/** A booking as the notifications need it: everything an invite names, read inside the same transaction. */
export interface BookingRecord {
  id: string;
  consultantId: string;
  consultantName: string;
  consultantEmail: string;
  /** The consultant's IANA zone (profile; UTC without one). */
  consultantTimeZone: string;
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

/**
 * THE hook of every booking change (staffing-calendar builds on it): called by create, update, cancel
 * (DELETE, and the cancellation of future bookings when a consultant leaves the team) in the SAME
 * transaction, after the row is written, with the booking as it is now. The calendar invites
 * (METHOD:REQUEST / METHOD:CANCEL, SEQUENCE = booking.sequence) are enqueued here.
 *
 * Until then it sends nothing: the engagement's own notifications are unchanged.
 */
export async function bookingChanged(
  _deps: Pick<StaffingDeps, 'outbox' | 'publicUrl' | 'clock'>,
  _trx: Executor,
  _ctx: Ctx,
  _booking: BookingRecord,
  _kind: BookingChangeKind,
): Promise<void> {
  // Intentionally empty: staffing-calendar sends the invites from here.
}
