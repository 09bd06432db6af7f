import type { ColumnType } from 'kysely';
import type { DateOnly, Generated, Json, Timestamp } from '../../db/types.ts';
import type {
  BookingMode,
  BookingStatus,
  BusyKind,
  TravelReadiness,
  WorkingHours,
} from '../../shared/contracts/staffing.ts';

/** A `[start, end)` tstzrange: written as the range literal `[start,end)`; read it with lower()/upper(). */
export type TstzRange = ColumnType<string, string, string>;

/** The firm's skill catalog; `id` is a stable slug (e.g. `memory_forensics`) catalog items name. */
export interface SkillsTable {
  id: string;
  name: string;
  category: Generated<string>;
  description: Generated<string>;
  active: Generated<boolean>;
  revision: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CertificationsTable {
  id: string;
  /** Short code shown to people, e.g. GCFA. */
  code: string;
  name: string;
  issuer: Generated<string>;
  active: Generated<boolean>;
  revision: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A provider user who delivers work; one row at most per user (absent: the defaults). */
export interface ConsultantProfilesTable {
  user_id: string;
  title: Generated<string>;
  bio: Generated<string>;
  /** BCP 47 primary language codes, e.g. ["en", "de"]. */
  languages: Json<string[]>;
  home_city: string | null;
  /** ISO 3166-1 alpha-2. */
  home_country: string | null;
  home_latitude: number | null;
  home_longitude: number | null;
  /** IANA zone of the home base; working hours are read in it. */
  time_zone: Generated<string>;
  working_hours: Json<WorkingHours>;
  travel_readiness: Generated<TravelReadiness>;
  /** Travel documents noted (visas, passports): managers' and the consultant's eyes only. */
  travel_documents: Generated<string>;
  on_call_eligible: Generated<boolean>;
  revision: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ConsultantSkillsTable {
  user_id: string;
  skill_id: string;
  /** 1 (aware) to 5 (expert). */
  level: number;
}

export interface ConsultantCertificationsTable {
  user_id: string;
  certification_id: string;
  obtained_on: DateOnly | null;
  expires_on: DateOnly | null;
}

export interface CatalogItemSkillsTable {
  catalog_item_id: string;
  skill_id: string;
  min_level: number;
}
export interface CatalogItemCertificationsTable {
  catalog_item_id: string;
  certification_id: string;
}
export interface IncidentTypeSkillsTable {
  incident_type: string;
  skill_id: string;
  min_level: number;
}
export interface IncidentTypeCertificationsTable {
  incident_type: string;
  certification_id: string;
}

/**
 * ONE table for what makes a consultant busy: bookings (kind `booking`) and time off (kind `time_off`).
 * `blocking` (generated: time off, or a confirmed booking not cancelled) rows of one consultant never
 * overlap: exclusion constraint `busy_periods_no_overlap` (SQLSTATE 23P01 on violation). A cancelled
 * booking stays (non-blocking) so its calendar cancellation can be sent with the next `sequence`.
 */
export interface BusyPeriodsTable {
  id: string;
  consultant_id: string;
  kind: BusyKind;
  period: TstzRange;
  /** Booking only. */
  engagement_id: string | null;
  mode: BookingMode | null;
  status: BookingStatus | null;
  site_id: string | null;
  note: Generated<string>;
  checked_in_at: Timestamp | null;
  checked_in_by: string | null;
  /** iCalendar SEQUENCE of the booking's invite: raised on every change and on cancellation. */
  sequence: Generated<number>;
  cancelled_at: Timestamp | null;
  cancelled_by: string | null;
  cancel_reason: string | null;
  /** Time off only: the reason, which only managers (admins, IR managers) and the consultant see. */
  reason: string | null;
  blocking: ColumnType<boolean, never, never>;
  revision: Generated<number>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** One row: raised by triggers whenever the roster (users, profiles, skills, certifications) changes (0037). */
export interface StaffingRosterVersionTable {
  id: boolean;
  /** bigint: a string from `pg`. */
  version: string;
}

/** One row: raised by a trigger whenever a busy period (booking, time off) is written (0035). */
export interface StaffingBusyVersionTable {
  id: boolean;
  /** bigint: a string from `pg`. */
  version: string;
}

export interface StaffingTables {
  skills: SkillsTable;
  certifications: CertificationsTable;
  consultant_profiles: ConsultantProfilesTable;
  consultant_skills: ConsultantSkillsTable;
  consultant_certifications: ConsultantCertificationsTable;
  catalog_item_skills: CatalogItemSkillsTable;
  catalog_item_certifications: CatalogItemCertificationsTable;
  incident_type_skills: IncidentTypeSkillsTable;
  incident_type_certifications: IncidentTypeCertificationsTable;
  busy_periods: BusyPeriodsTable;
  staffing_roster_version: StaffingRosterVersionTable;
  staffing_busy_version: StaffingBusyVersionTable;
}
