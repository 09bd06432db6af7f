import type { Selectable } from 'kysely';
import {
  defaultWorkingHours,
  skillLevelLabels,
  type Booking,
  type Certification,
  type ConsultantProfile,
  type Skill,
  type TimeOff,
} from '../../shared/contracts/staffing.ts';
import type { BusyRow } from './bookings.repo.ts';
import type { ConsultantCertRow, ConsultantRow, ConsultantSkillRow } from './profiles.repo.ts';
import type { BookingRecord } from './staffing.notify.ts';
import type { CertificationsTable, SkillsTable } from './staffing.tables.ts';

/** How much of a profile the reader may see. */
export interface ProfileAudience {
  /** Provider staff: home base, e-mail. */
  staff: boolean;
  /** Managers and the consultant himself: travel documents. */
  privileged: boolean;
  /** The reader's business date (certifications expired before it are flagged). */
  today: string;
}

export function toProfileView(
  row: ConsultantRow,
  skills: readonly ConsultantSkillRow[],
  certs: readonly ConsultantCertRow[],
  audience: ProfileAudience,
): ConsultantProfile {
  const p = row.profile;
  const timeZone = p?.time_zone ?? 'UTC';
  return {
    userId: row.id,
    name: row.name,
    ...(audience.staff ? { email: row.email } : {}),
    role: row.role,
    active: row.status === 'active',
    title: p?.title ?? '',
    bio: p?.bio ?? '',
    languages: p?.languages ?? [],
    timeZone,
    homeBase: audience.staff
      ? {
          city: p?.home_city ?? null,
          country: p?.home_country ?? null,
          latitude: p?.home_latitude ?? null,
          longitude: p?.home_longitude ?? null,
          timeZone,
        }
      : null,
    workingHours: p?.working_hours ?? defaultWorkingHours,
    travelReadiness: p?.travel_readiness ?? 'domestic',
    travelDocuments: audience.privileged ? (p?.travel_documents ?? '') : null,
    onCallEligible: p?.on_call_eligible ?? false,
    skills: skills
      .filter((s) => s.user_id === row.id)
      .map((s) => ({ skillId: s.skill_id, name: s.name, level: s.level, levelLabel: skillLevelLabels[s.level] ?? '' })),
    certifications: certs
      .filter((c) => c.user_id === row.id)
      .map((c) => ({
        certificationId: c.certification_id,
        code: c.code,
        name: c.name,
        obtainedOn: c.obtained_on,
        expiresOn: c.expires_on,
        expired: c.expires_on !== null && c.expires_on < audience.today,
      })),
    hasProfile: p !== null,
    revision: p?.revision ?? 0,
  };
}

export const toSkillView = (s: Selectable<SkillsTable>): Skill => ({
  id: s.id,
  name: s.name,
  category: s.category,
  description: s.description,
  active: s.active,
  revision: s.revision,
});

export const toCertificationView = (c: Selectable<CertificationsTable>): Certification => ({
  id: c.id,
  code: c.code,
  name: c.name,
  issuer: c.issuer,
  active: c.active,
  revision: c.revision,
});

export function toBookingView(r: BusyRow): Booking {
  return {
    id: r.id,
    consultantId: r.consultant_id,
    consultantName: r.consultant_name,
    engagementId: r.engagement_id!,
    engagementNumber: r.engagement_number ?? '',
    engagementTitle: r.engagement_title ?? '',
    start: r.start.toISOString(),
    end: r.end.toISOString(),
    mode: r.mode!,
    status: r.status!,
    siteId: r.site_id,
    siteName: r.site_name,
    note: r.note,
    checkedInAt: r.checked_in_at ? r.checked_in_at.toISOString() : null,
    checkedInBy: r.checked_in_by ? { id: r.checked_in_by, name: r.checked_in_by_name ?? '' } : null,
    sequence: r.sequence,
    cancelledAt: r.cancelled_at ? r.cancelled_at.toISOString() : null,
    cancelReason: r.cancel_reason,
    revision: r.revision,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/** Time off; the reason only for managers and the consultant himself. */
export const toTimeOffView = (r: BusyRow, showReason: boolean): TimeOff => ({
  id: r.id,
  consultantId: r.consultant_id,
  start: r.start.toISOString(),
  end: r.end.toISOString(),
  reason: showReason ? (r.reason ?? '') : null,
  revision: r.revision,
  createdAt: r.created_at.toISOString(),
});

/** The booking as the notification hook sees it. */
export const toBookingRecord = (r: BusyRow): BookingRecord => ({
  id: r.id,
  consultantId: r.consultant_id,
  consultantName: r.consultant_name,
  consultantEmail: r.consultant_email,
  consultantTimeZone: r.consultant_time_zone ?? 'UTC',
  engagementId: r.engagement_id!,
  engagementNumber: r.engagement_number ?? '',
  engagementTitle: r.engagement_title ?? '',
  customerName: r.customer_name ?? '',
  start: r.start,
  end: r.end,
  mode: r.mode!,
  status: r.status!,
  siteId: r.site_id,
  siteName: r.site_name,
  siteAddress: r.site_address,
  siteTimeZone: r.site_time_zone,
  note: r.note,
  sequence: r.sequence,
  cancelledAt: r.cancelled_at,
  cancelReason: r.cancel_reason,
});
