/**
 * Types of the requests, catalog and settings API as the web sees them, derived from the zod contracts the
 * server validates with (type-only imports: no zod code reaches the browser bundle).
 */
import type { z } from 'zod';
import type * as catalog from '../../../shared/contracts/catalog.ts';
import type * as requests from '../../../shared/contracts/requests.ts';
import type * as settings from '../../../shared/contracts/settings.ts';

export type {
  RequestChannel,
  RequestFlag,
  RequestStatus,
  ScopingOutcome,
  SlaKind,
  SlaStatus,
} from '../../../shared/contracts/requests.ts';

export type ServiceRequest = z.output<typeof requests.ServiceRequest>;
export type ServiceRequestDetail = z.output<typeof requests.ServiceRequestDetail>;
export type SlaTarget = z.output<typeof requests.SlaTargetView>;
export type Milestone = z.output<typeof requests.Milestone>;
export type ScopingCall = z.output<typeof requests.ScopingCall>;
export type TimelineEntry = z.output<typeof requests.TimelineEntry>;
export type LeadTime = z.output<typeof requests.LeadTime>;
export type SlaReport = z.output<typeof requests.SlaReport>;
export type CreateRequestBody = z.input<typeof requests.CreateRequestBody>;
export type UpdateRequestBody = z.input<typeof requests.UpdateRequestBody>;
export type MilestoneBody = z.input<typeof requests.MilestoneBody>;
export type ContactedBody = z.input<typeof requests.ContactedBody>;
export type TriageBody = z.input<typeof requests.TriageBody>;
export type BookScopingCallBody = z.input<typeof requests.BookScopingCallBody>;
export type UpdateScopingCallBody = z.input<typeof requests.UpdateScopingCallBody>;

export type CatalogItem = z.output<typeof catalog.CatalogItem>;
export type CatalogSize = z.output<typeof catalog.CatalogSize>;
export type CreateCatalogItemBody = z.input<typeof catalog.CreateCatalogItemBody>;
export type UpdateCatalogItemBody = z.input<typeof catalog.UpdateCatalogItemBody>;

export type FirmSettings = z.output<typeof settings.FirmSettingsView>;
export type UpdateFirmSettingsBody = z.input<typeof settings.UpdateFirmSettingsBody>;

export type { Contact, Contract, Customer } from '../../api/types.ts';
