import { type Kysely, sql } from 'kysely';
import { monotonicFactory } from 'ulid';
import { appendOnly } from './0001_foundation.ts';

const hoursToMinutes = (hours: number) => hours * 60;
/** S/M/L with an estimate in hours and a fixed price in service units (1 SU = 1 h here). */
const sizes = (s: number, m: number, l: number) => [
  {
    code: 'S',
    label: 'Small',
    estimateMinutes: hoursToMinutes(s),
    fixedPriceUnits: s * 100,
    fixedPriceMinutes: hoursToMinutes(s),
  },
  {
    code: 'M',
    label: 'Medium',
    estimateMinutes: hoursToMinutes(m),
    fixedPriceUnits: m * 100,
    fixedPriceMinutes: hoursToMinutes(m),
  },
  {
    code: 'L',
    label: 'Large',
    estimateMinutes: hoursToMinutes(l),
    fixedPriceUnits: l * 100,
    fixedPriceMinutes: hoursToMinutes(l),
  },
];

/**
 * The default service catalog, frozen here as it ships; admins edit it afterwards (PATCH /api/v1/catalog/{id}).
 * Proactive items need at least the firm-wide lead time; some need longer preparation.
 */
export const defaultCatalog = [
  {
    kind: 'emergency',
    name: 'Emergency incident response',
    description:
      'Round-the-clock response to an active security incident: triage, containment advice, forensic acquisition and analysis, eradication and recovery support, remote and on-site. Billed on time and materials from the retainer; travel and expenses at cost.',
    sizes: [
      {
        code: 'INITIAL',
        label: 'Initial response block',
        estimateMinutes: hoursToMinutes(40),
        fixedPriceUnits: null,
        fixedPriceMinutes: null,
      },
      {
        code: 'EXTENDED',
        label: 'Extended response',
        estimateMinutes: hoursToMinutes(80),
        fixedPriceUnits: null,
        fixedPriceMinutes: null,
      },
    ],
    deliverables: ['ioc_list', 'executive_briefing', 'final_report'],
    minimumBillableMinutes: hoursToMinutes(4),
    leadTimeDays: 0,
    requiredSkills: ['incident_handling', 'digital_forensics', 'malware_analysis', 'containment'],
  },
  {
    kind: 'proactive',
    name: 'Tabletop exercise',
    description:
      'A facilitated, scenario-based discussion exercise for executives or technical teams: scenario design with your stakeholders, a half- or full-day session on site or remote, and an after-action report with findings and improvement actions.',
    sizes: sizes(8, 16, 32),
    deliverables: ['scenario_pack', 'after_action_report'],
    minimumBillableMinutes: hoursToMinutes(8),
    leadTimeDays: 28,
    requiredSkills: ['tabletop_facilitation', 'crisis_management'],
  },
  {
    kind: 'proactive',
    name: 'IR plan development',
    description:
      'Development of an incident response plan fitted to your organisation: roles and escalation, severity model, communication and legal/regulatory notification, third parties, and maintenance. Includes workshops with the key stakeholders and a final plan document.',
    sizes: sizes(24, 40, 64),
    deliverables: ['final_report'],
    minimumBillableMinutes: hoursToMinutes(16),
    leadTimeDays: 28,
    requiredSkills: ['ir_planning', 'governance'],
  },
  {
    kind: 'proactive',
    name: 'IR plan review',
    description:
      'Review of your existing incident response plan against good practice (NIST SP 800-61, ISO/IEC 27035) and your regulatory obligations, with a gap list, prioritised recommendations and a walk-through of the findings.',
    sizes: sizes(8, 16, 24),
    deliverables: ['final_report', 'executive_briefing'],
    minimumBillableMinutes: hoursToMinutes(8),
    leadTimeDays: 28,
    requiredSkills: ['ir_planning'],
  },
  {
    kind: 'proactive',
    name: 'Playbook development',
    description:
      'Incident playbooks for your most likely scenarios (for example ransomware, business email compromise, cloud account takeover): detection sources, decision points, containment steps and communication, aligned with your tooling.',
    sizes: sizes(16, 32, 56),
    deliverables: ['final_report'],
    minimumBillableMinutes: hoursToMinutes(8),
    leadTimeDays: 28,
    requiredSkills: ['ir_planning', 'incident_handling'],
  },
  {
    kind: 'proactive',
    name: 'Compromise assessment',
    description:
      'An assessment of whether your environment is or has been compromised: endpoint telemetry and log collection, hunting for indicators and attacker behaviour, analysis of persistence and lateral movement, with an executive summary and detailed findings.',
    sizes: sizes(40, 80, 160),
    deliverables: ['final_report', 'executive_briefing', 'ioc_list'],
    minimumBillableMinutes: hoursToMinutes(24),
    leadTimeDays: 28,
    requiredSkills: ['threat_hunting', 'digital_forensics', 'edr'],
  },
  {
    kind: 'proactive',
    name: 'Threat hunt',
    description:
      'Hypothesis-driven hunting in your EDR, SIEM and cloud logs for techniques relevant to your sector, with detection engineering recommendations for what was found or missing.',
    sizes: sizes(24, 40, 80),
    deliverables: ['final_report', 'ioc_list'],
    minimumBillableMinutes: hoursToMinutes(16),
    leadTimeDays: 28,
    requiredSkills: ['threat_hunting', 'edr', 'detection_engineering'],
  },
  {
    kind: 'proactive',
    name: 'Active Directory security assessment',
    description:
      'Review of Active Directory and Entra ID configuration for attack paths: privileged groups, delegation, Kerberos weaknesses, tiering, GPOs and hybrid identity, with a prioritised remediation plan.',
    sizes: sizes(24, 40, 64),
    deliverables: ['final_report', 'executive_briefing'],
    minimumBillableMinutes: hoursToMinutes(16),
    leadTimeDays: 28,
    requiredSkills: ['active_directory', 'identity_security'],
  },
  {
    kind: 'proactive',
    name: 'Cloud security assessment',
    description:
      'Assessment of your AWS, Azure or Google Cloud estate for incident readiness: logging and retention, identity and access, exposure, and the ability to investigate and contain an incident in the cloud.',
    sizes: sizes(24, 40, 80),
    deliverables: ['final_report', 'executive_briefing'],
    minimumBillableMinutes: hoursToMinutes(16),
    leadTimeDays: 28,
    requiredSkills: ['cloud_security', 'cloud_forensics'],
  },
  {
    kind: 'proactive',
    name: 'Ransomware readiness assessment',
    description:
      'Assessment of your ability to prevent, detect and recover from ransomware: backup isolation and restore testing, privileged access, segmentation, detection coverage and decision-making (including extortion), with a roadmap.',
    sizes: sizes(16, 32, 48),
    deliverables: ['final_report', 'executive_briefing'],
    minimumBillableMinutes: hoursToMinutes(16),
    leadTimeDays: 28,
    requiredSkills: ['incident_handling', 'backup_recovery', 'active_directory'],
  },
  {
    kind: 'proactive',
    name: 'IR training',
    description:
      'Hands-on incident response training for your IT and security teams: first response, evidence preservation, triage with your tooling, and communication during an incident. Course material and attendance certificates included.',
    sizes: sizes(8, 16, 32),
    deliverables: ['other'],
    minimumBillableMinutes: hoursToMinutes(8),
    leadTimeDays: 35,
    requiredSkills: ['training_delivery', 'incident_handling'],
  },
  {
    kind: 'proactive',
    name: 'Technical exercise',
    description:
      'A live technical exercise (purple team style) in which your defenders detect and respond to emulated attacker activity in your environment, with a joint debrief and an after-action report.',
    sizes: sizes(24, 40, 64),
    deliverables: ['scenario_pack', 'after_action_report'],
    minimumBillableMinutes: hoursToMinutes(16),
    leadTimeDays: 42,
    requiredSkills: ['adversary_emulation', 'incident_handling', 'detection_engineering'],
  },
] as const;

// eslint-disable-next-line max-lines-per-function -- a migration is one schema step, read top to bottom
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE catalog_items (
      id text PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN ('emergency', 'proactive')),
      name text NOT NULL,
      description text NOT NULL,
      sizes jsonb NOT NULL,
      deliverables jsonb NOT NULL,
      minimum_billable_minutes integer NOT NULL CHECK (minimum_billable_minutes >= 0),
      lead_time_days integer NOT NULL CHECK (lead_time_days BETWEEN 0 AND 365),
      required_skills jsonb NOT NULL,
      active boolean NOT NULL,
      revision integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX catalog_items_name_lower ON catalog_items (lower(name))`.execute(db);

  await sql`
    CREATE TABLE service_requests (
      id text PRIMARY KEY,
      organization_id text NOT NULL REFERENCES organizations(id),
      customer_id text NOT NULL REFERENCES customers(id),
      contract_id text NOT NULL REFERENCES contracts(id),
      kind text NOT NULL CHECK (kind IN ('emergency', 'proactive')),
      kind_rank smallint GENERATED ALWAYS AS (CASE WHEN kind = 'emergency' THEN 0 ELSE 1 END) STORED,
      status text NOT NULL CHECK (status IN ('received', 'scoping', 'ewo_drafting', 'awaiting_approval', 'approved',
                                             'declined', 'expired', 'rejected', 'withdrawn', 'closed_advice_only')),
      channel text NOT NULL CHECK (channel IN ('portal', 'api', 'hotline', 'email')),
      catalog_item_id text REFERENCES catalog_items(id),
      incident_type text,
      severity text CHECK (severity IN ('P1', 'P2', 'P3', 'P4')),
      onsite_required boolean NOT NULL DEFAULT false,
      description text NOT NULL,
      received_at timestamptz NOT NULL,
      desired_start date,
      lead_time_days integer,
      earliest_start date,
      support_level text CHECK (support_level IN ('full', 'advisory', 'not_covered')),
      flags jsonb NOT NULL DEFAULT '[]',
      requester_contact_id text REFERENCES contacts(id),
      requester_user_id text REFERENCES users(id),
      created_by_user_id text REFERENCES users(id),
      status_reason text,
      status_changed_at timestamptz NOT NULL,
      clocks_stopped_at timestamptz,
      revision integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      CHECK (kind <> 'emergency' OR (incident_type IS NOT NULL AND severity IS NOT NULL AND support_level IS NOT NULL)),
      CHECK (kind <> 'proactive' OR (catalog_item_id IS NOT NULL AND desired_start IS NOT NULL
                                     AND lead_time_days IS NOT NULL AND earliest_start IS NOT NULL))
    )`.execute(db);
  await sql`CREATE INDEX service_requests_board ON service_requests (kind_rank, received_at, id)`.execute(db);
  await sql`CREATE INDEX service_requests_org ON service_requests (organization_id, kind_rank, received_at, id)`.execute(
    db,
  );
  await sql`CREATE INDEX service_requests_contract ON service_requests (contract_id, received_at)`.execute(db);
  await sql`CREATE INDEX service_requests_status ON service_requests (status)`.execute(db);

  await sql`
    CREATE TABLE request_sla_targets (
      request_id text NOT NULL REFERENCES service_requests(id),
      kind text NOT NULL CHECK (kind IN ('initial_contact', 'remote_start', 'onsite_arrival')),
      target_minutes integer NOT NULL CHECK (target_minutes > 0),
      due_at timestamptz NOT NULL,
      at_risk_at timestamptz NOT NULL,
      met_at timestamptz,
      at_risk_notified_at timestamptz,
      breach_notified_at timestamptz,
      PRIMARY KEY (request_id, kind)
    )`.execute(db);
  await sql`CREATE INDEX request_sla_targets_watch ON request_sla_targets (at_risk_at) WHERE breach_notified_at IS NULL`.execute(
    db,
  );

  await sql`
    CREATE TABLE request_milestones (
      id text PRIMARY KEY,
      request_id text NOT NULL REFERENCES service_requests(id),
      kind text NOT NULL CHECK (kind IN ('initial_contact', 'remote_start', 'onsite_arrival')),
      at timestamptz NOT NULL,
      reason text,
      supersedes_id text UNIQUE REFERENCES request_milestones(id),
      recorded_by_user_id text REFERENCES users(id),
      recorded_by_label text NOT NULL,
      recorded_at timestamptz NOT NULL,
      CHECK (supersedes_id IS NULL OR reason IS NOT NULL)
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX request_milestones_once ON request_milestones (request_id, kind) WHERE supersedes_id IS NULL`.execute(
    db,
  );
  await appendOnly(db, 'request_milestones');

  await sql`
    CREATE TABLE scoping_calls (
      id text PRIMARY KEY,
      request_id text NOT NULL REFERENCES service_requests(id),
      status text NOT NULL CHECK (status IN ('scheduled', 'held', 'cancelled')),
      starts_at timestamptz NOT NULL,
      duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 5 AND 480),
      time_zone text NOT NULL,
      join_info text NOT NULL DEFAULT '',
      attendees jsonb NOT NULL,
      organizer_user_id text NOT NULL REFERENCES users(id),
      organizer_name text NOT NULL,
      organizer_email text NOT NULL,
      ical_uid text NOT NULL UNIQUE,
      sequence integer NOT NULL DEFAULT 0,
      notes text NOT NULL DEFAULT '',
      outcome text CHECK (outcome IN ('ewo_needed', 'advice_only', 'rejected')),
      outcome_reason text,
      outcome_at timestamptz,
      cancelled_at timestamptz,
      revision integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX scoping_calls_request ON scoping_calls (request_id, starts_at)`.execute(db);

  const ulid = monotonicFactory();
  const at = new Date();
  for (const item of defaultCatalog) {
    await sql`
      INSERT INTO catalog_items (id, kind, name, description, sizes, deliverables, minimum_billable_minutes, lead_time_days,
                                 required_skills, active, created_at, updated_at)
      VALUES (${`cat_${ulid().toLowerCase()}`}, ${item.kind}, ${item.name}, ${item.description}, ${JSON.stringify(item.sizes)}::jsonb,
              ${JSON.stringify(item.deliverables)}::jsonb, ${item.minimumBillableMinutes}, ${item.leadTimeDays},
              ${JSON.stringify(item.requiredSkills)}::jsonb, true, ${at}, ${at})`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['scoping_calls', 'request_milestones', 'request_sla_targets', 'service_requests', 'catalog_items']) {
    await sql`DROP TABLE IF EXISTS ${sql.table(t)}`.execute(db);
  }
}
