import { type Kysely, sql } from 'kysely';

/** The firm's skill catalog at install: slugs the catalog items already name, and the list. */
const seedSkills: [string, string, string][] = [
  ['incident_handling', 'Incident handling', 'response'],
  ['containment', 'Containment', 'response'],
  ['digital_forensics', 'Digital forensics', 'forensics'],
  ['windows_forensics', 'Windows forensics', 'forensics'],
  ['linux_forensics', 'Linux forensics', 'forensics'],
  ['memory_forensics', 'Memory forensics', 'forensics'],
  ['malware_analysis', 'Malware analysis', 'malware'],
  ['malware_reverse_engineering', 'Malware reverse engineering', 'malware'],
  ['cloud_ir_aws', 'Cloud IR (AWS)', 'cloud'],
  ['cloud_ir_azure', 'Cloud IR (Azure)', 'cloud'],
  ['cloud_ir_m365', 'Cloud IR (Microsoft 365)', 'cloud'],
  ['cloud_ir_gcp', 'Cloud IR (Google Cloud)', 'cloud'],
  ['bec_investigation', 'BEC investigation', 'response'],
  ['ransomware_negotiation', 'Ransomware negotiation', 'response'],
  ['ot_ics', 'OT/ICS security', 'specialist'],
  ['tabletop_facilitation', 'Tabletop facilitation', 'readiness'],
  ['crisis_management', 'Crisis management', 'readiness'],
  ['ir_planning', 'IR planning', 'readiness'],
  ['governance', 'Security governance', 'readiness'],
  ['threat_hunting', 'Threat hunting', 'detection'],
  ['edr', 'EDR operations', 'detection'],
  ['detection_engineering', 'Detection engineering', 'detection'],
  ['ad_security', 'Active Directory security', 'specialist'],
];

const seedCertifications: [string, string, string, string][] = [
  ['gcfa', 'GCFA', 'GIAC Certified Forensic Analyst', 'GIAC'],
  ['gcfe', 'GCFE', 'GIAC Certified Forensic Examiner', 'GIAC'],
  ['grem', 'GREM', 'GIAC Reverse Engineering Malware', 'GIAC'],
  ['gcih', 'GCIH', 'GIAC Certified Incident Handler', 'GIAC'],
  ['gnfa', 'GNFA', 'GIAC Network Forensic Analyst', 'GIAC'],
  ['gcld', 'GCLD', 'GIAC Cloud Security Essentials', 'GIAC'],
  ['oscp', 'OSCP', 'Offensive Security Certified Professional', 'OffSec'],
  ['cissp', 'CISSP', 'Certified Information Systems Security Professional', 'ISC2'],
  ['gicsp', 'GICSP', 'Global Industrial Cyber Security Professional', 'GIAC'],
];

/** What each emergency incident type needs (skill, minimum level) and prefers (certifications). */
const incidentSkills: [string, string, number][] = [
  ['ransomware', 'incident_handling', 3],
  ['ransomware', 'windows_forensics', 3],
  ['ransomware', 'containment', 3],
  ['business_email_compromise', 'bec_investigation', 3],
  ['business_email_compromise', 'cloud_ir_m365', 2],
  ['data_exfiltration', 'digital_forensics', 3],
  ['data_exfiltration', 'threat_hunting', 2],
  ['insider_threat', 'digital_forensics', 3],
  ['malware_outbreak', 'malware_analysis', 3],
  ['malware_outbreak', 'containment', 3],
  ['cloud_account_compromise', 'cloud_ir_azure', 2],
  ['cloud_account_compromise', 'cloud_ir_m365', 2],
  ['web_application_compromise', 'linux_forensics', 3],
  ['denial_of_service', 'incident_handling', 2],
  ['other', 'incident_handling', 2],
];
const incidentCerts: [string, string][] = [
  ['ransomware', 'gcfa'],
  ['ransomware', 'gcih'],
  ['business_email_compromise', 'gcih'],
  ['data_exfiltration', 'gnfa'],
  ['malware_outbreak', 'grem'],
  ['cloud_account_compromise', 'gcld'],
];

/**
 * Staffing (issue 15): the skill and certification catalogs, consultant profiles, what catalog items and
 * incident types require, and ONE busy-period table holding bookings and time off. A consultant's blocking
 * periods (confirmed, not cancelled bookings; time off) never overlap: an exclusion constraint on a
 * `[start, end)` tstzrange (btree_gist, loaded by 0001 and by PGlite's contrib). Tentative bookings overlap.
 * The engagement gains its approved schedule window (the EWO's proposed dates in the customer's zone);
 * change orders gain optional new planned dates whose approval moves the window.
 */
// eslint-disable-next-line max-lines-per-function -- a migration is one schema step, read top to bottom
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS btree_gist`.execute(db);

  await sql`
    CREATE TABLE skills (
      id text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9_]{0,62}$'),
      name text NOT NULL,
      category text NOT NULL DEFAULT '',
      description text NOT NULL DEFAULT '',
      active boolean NOT NULL DEFAULT true,
      revision integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX skills_name ON skills (lower(name))`.execute(db);

  await sql`
    CREATE TABLE certifications (
      id text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9_]{0,62}$'),
      code text NOT NULL,
      name text NOT NULL,
      issuer text NOT NULL DEFAULT '',
      active boolean NOT NULL DEFAULT true,
      revision integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX certifications_code ON certifications (lower(code))`.execute(db);

  await sql`
    CREATE TABLE consultant_profiles (
      user_id text PRIMARY KEY REFERENCES users(id),
      title text NOT NULL DEFAULT '',
      bio text NOT NULL DEFAULT '',
      languages jsonb NOT NULL DEFAULT '[]',
      home_city text,
      home_country text CHECK (home_country ~ '^[A-Z]{2}$'),
      home_latitude double precision CHECK (home_latitude BETWEEN -90 AND 90),
      home_longitude double precision CHECK (home_longitude BETWEEN -180 AND 180),
      time_zone text NOT NULL DEFAULT 'UTC',
      working_hours jsonb NOT NULL,
      travel_readiness text NOT NULL DEFAULT 'domestic' CHECK (travel_readiness IN ('none', 'domestic', 'international')),
      travel_documents text NOT NULL DEFAULT '',
      on_call_eligible boolean NOT NULL DEFAULT false,
      revision integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      CHECK ((home_latitude IS NULL) = (home_longitude IS NULL))
    )`.execute(db);

  await sql`
    CREATE TABLE consultant_skills (
      user_id text NOT NULL REFERENCES consultant_profiles(user_id),
      skill_id text NOT NULL REFERENCES skills(id),
      level integer NOT NULL CHECK (level BETWEEN 1 AND 5),
      PRIMARY KEY (user_id, skill_id)
    )`.execute(db);
  await sql`CREATE INDEX consultant_skills_skill ON consultant_skills (skill_id, level)`.execute(db);

  await sql`
    CREATE TABLE consultant_certifications (
      user_id text NOT NULL REFERENCES consultant_profiles(user_id),
      certification_id text NOT NULL REFERENCES certifications(id),
      obtained_on date,
      expires_on date,
      PRIMARY KEY (user_id, certification_id),
      CHECK (expires_on IS NULL OR obtained_on IS NULL OR expires_on >= obtained_on)
    )`.execute(db);
  await sql`CREATE INDEX consultant_certifications_cert ON consultant_certifications (certification_id)`.execute(db);

  await sql`
    CREATE TABLE catalog_item_skills (
      catalog_item_id text NOT NULL REFERENCES catalog_items(id),
      skill_id text NOT NULL REFERENCES skills(id),
      min_level integer NOT NULL CHECK (min_level BETWEEN 1 AND 5),
      PRIMARY KEY (catalog_item_id, skill_id)
    )`.execute(db);
  await sql`
    CREATE TABLE catalog_item_certifications (
      catalog_item_id text NOT NULL REFERENCES catalog_items(id),
      certification_id text NOT NULL REFERENCES certifications(id),
      PRIMARY KEY (catalog_item_id, certification_id)
    )`.execute(db);
  await sql`
    CREATE TABLE incident_type_skills (
      incident_type text NOT NULL,
      skill_id text NOT NULL REFERENCES skills(id),
      min_level integer NOT NULL CHECK (min_level BETWEEN 1 AND 5),
      PRIMARY KEY (incident_type, skill_id)
    )`.execute(db);
  await sql`
    CREATE TABLE incident_type_certifications (
      incident_type text NOT NULL,
      certification_id text NOT NULL REFERENCES certifications(id),
      PRIMARY KEY (incident_type, certification_id)
    )`.execute(db);

  await sql`
    CREATE TABLE busy_periods (
      id text PRIMARY KEY,
      consultant_id text NOT NULL REFERENCES users(id),
      kind text NOT NULL CHECK (kind IN ('booking', 'time_off')),
      period tstzrange NOT NULL CHECK (NOT isempty(period) AND lower_inc(period) AND NOT upper_inc(period)
                                       AND NOT lower_inf(period) AND NOT upper_inf(period)),
      engagement_id text REFERENCES engagements(id),
      mode text CHECK (mode IN ('onsite', 'remote', 'travel')),
      status text CHECK (status IN ('tentative', 'confirmed')),
      site_id text REFERENCES sites(id),
      note text NOT NULL DEFAULT '',
      checked_in_at timestamptz,
      checked_in_by text REFERENCES users(id),
      sequence integer NOT NULL DEFAULT 0,
      cancelled_at timestamptz,
      cancelled_by text REFERENCES users(id),
      cancel_reason text,
      reason text,
      blocking boolean GENERATED ALWAYS AS (kind = 'time_off' OR (status = 'confirmed' AND cancelled_at IS NULL)) STORED,
      revision integer NOT NULL DEFAULT 1,
      created_by text REFERENCES users(id),
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      CHECK (kind <> 'booking' OR (engagement_id IS NOT NULL AND mode IS NOT NULL AND status IS NOT NULL)),
      CHECK (kind <> 'time_off' OR (engagement_id IS NULL AND mode IS NULL AND status IS NULL AND cancelled_at IS NULL)),
      CHECK (checked_in_at IS NULL OR (mode = 'onsite' AND checked_in_by IS NOT NULL)),
      CHECK (cancelled_by IS NULL OR cancelled_at IS NOT NULL),
      CONSTRAINT busy_periods_no_overlap EXCLUDE USING gist (consultant_id WITH =, period WITH &&) WHERE (blocking)
    )`.execute(db);
  await sql`CREATE INDEX busy_periods_consultant ON busy_periods USING gist (consultant_id, period)`.execute(db);
  await sql`CREATE INDEX busy_periods_engagement ON busy_periods (engagement_id) WHERE engagement_id IS NOT NULL`.execute(
    db,
  );

  await sql`ALTER TABLE engagements ADD COLUMN window_start date, ADD COLUMN window_end date`.execute(db);
  await sql`ALTER TABLE change_orders ADD COLUMN planned_start date, ADD COLUMN planned_end date`.execute(db);

  const at = new Date();
  for (const [id, name, category] of seedSkills) {
    await sql`INSERT INTO skills (id, name, category, created_at, updated_at)
              VALUES (${id}, ${name}, ${category}, ${at}, ${at})`.execute(db);
  }
  for (const [id, code, name, issuer] of seedCertifications) {
    await sql`INSERT INTO certifications (id, code, name, issuer, created_at, updated_at)
              VALUES (${id}, ${code}, ${name}, ${issuer}, ${at}, ${at})`.execute(db);
  }
  for (const [type, skill, level] of incidentSkills) {
    await sql`INSERT INTO incident_type_skills VALUES (${type}, ${skill}, ${level})`.execute(db);
  }
  for (const [type, cert] of incidentCerts) {
    await sql`INSERT INTO incident_type_certifications VALUES (${type}, ${cert})`.execute(db);
  }
  // The catalog items' required skills (slugs, 0004) become rows with a minimum level of 3.
  await sql`
    INSERT INTO skills (id, name, created_at, updated_at)
    SELECT DISTINCT s, initcap(replace(s, '_', ' ')), ${at}::timestamptz, ${at}::timestamptz
    FROM catalog_items, jsonb_array_elements_text(required_skills) AS s
    WHERE s ~ '^[a-z0-9][a-z0-9_]{0,62}$'
    ON CONFLICT DO NOTHING`.execute(db);
  await sql`
    INSERT INTO catalog_item_skills (catalog_item_id, skill_id, min_level)
    SELECT DISTINCT c.id, s, 3
    FROM catalog_items c, jsonb_array_elements_text(c.required_skills) AS s
    WHERE EXISTS (SELECT 1 FROM skills WHERE skills.id = s)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE change_orders DROP COLUMN planned_start, DROP COLUMN planned_end`.execute(db);
  await sql`ALTER TABLE engagements DROP COLUMN window_start, DROP COLUMN window_end`.execute(db);
  for (const t of [
    'busy_periods',
    'incident_type_certifications',
    'incident_type_skills',
    'catalog_item_certifications',
    'catalog_item_skills',
    'consultant_certifications',
    'consultant_skills',
    'consultant_profiles',
    'certifications',
    'skills',
  ]) {
    await sql`DROP TABLE ${sql.table(t)}`.execute(db);
  }
}
