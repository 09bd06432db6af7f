import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.ts';
import * as m0002 from './0002_customers_contracts.ts';
import * as m0003 from './0003_ledger.ts';
import * as m0004 from './0004_requests.ts';
import * as m0006 from './0006_inbound_mail.ts';
import * as m0007 from './0007_engagements.ts';
import * as m0008 from './0008_work_orders.ts';
import * as m0009 from './0009_effort.ts';
import * as m0010 from './0010_expenses_deliverables.ts';
import * as m0011 from './0011_change_notifications.ts';
import * as m0012 from './0012_posting_indexes.ts';
import * as m0013 from './0013_audit_json_objects.ts';
import * as m0014 from './0014_customer_name_key.ts';
import * as m0015 from './0015_inbound_envelope.ts';
import * as m0016 from './0016_outbox_contract.ts';
import * as m0017 from './0017_user_work_phone.ts';
import * as m0018 from './0018_statements.ts';
import * as m0020 from './0020_staffing.ts';
import * as m0021 from './0021_staffing_suggest_oncall.ts';
import * as m0022 from './0022_calendar_ordering_feeds.ts';
import * as m0023 from './0023_contract_terms.ts';
import * as m0024 from './0024_rate_cards.ts';
import * as m0025 from './0025_topup_requests.ts';
import * as m0026 from './0026_billing_runs.ts';
import * as m0027 from './0027_webhooks.ts';
import * as m0028 from './0028_sso_pending_logins.ts';
import * as m0029 from './0029_site_country_live_periods.ts';
import * as m0030 from './0030_request_owner_closed_void.ts';
import * as m0031 from './0031_request_numbers.ts';
import * as m0032 from './0032_recipient_time_zones.ts';
import * as m0033 from './0033_overage_corrections.ts';
import * as m0034 from './0034_topup_packages.ts';
import * as m0035 from './0035_staffing_busy_version.ts';
import * as m0037 from './0037_staffing_roster_version.ts';

/**
 * Every migration, in order. Names sort by their number prefix; add new files at the end.
 * One set for both back ends: write SQL that PostgreSQL 15 accepts.
 */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_customers_contracts': m0002,
  '0003_ledger': m0003,
  '0004_requests': m0004,
  '0006_inbound_mail': m0006,
  '0007_engagements': m0007,
  '0008_work_orders': m0008,
  '0009_effort': m0009,
  '0010_expenses_deliverables': m0010,
  '0011_change_notifications': m0011,
  '0012_posting_indexes': m0012,
  '0013_audit_json_objects': m0013,
  '0014_customer_name_key': m0014,
  '0015_inbound_envelope': m0015,
  '0016_outbox_contract': m0016,
  '0017_user_work_phone': m0017,
  '0018_statements': m0018,
  '0020_staffing': m0020,
  '0021_staffing_suggest_oncall': m0021,
  '0022_calendar_ordering_feeds': m0022,
  '0023_contract_terms': m0023,
  '0024_rate_cards': m0024,
  '0025_topup_requests': m0025,
  '0026_billing_runs': m0026,
  '0027_webhooks': m0027,
  '0028_sso_pending_logins': m0028,
  '0029_site_country_live_periods': m0029,
  '0030_request_owner_closed_void': m0030,
  '0031_request_numbers': m0031,
  '0032_recipient_time_zones': m0032,
  '0033_overage_corrections': m0033,
  '0034_topup_packages': m0034,
  '0035_staffing_busy_version': m0035,
  '0037_staffing_roster_version': m0037,
};
