import { z } from 'zod';
import { deliverableKinds } from '../domain.ts';
import { DisplayName, Instant, int32 } from './common.ts';
import { StoredFile } from './expenses.ts';

export const deliverableStatusValues = ['draft', 'issued', 'accepted'] as const;
export const DeliverableKind = z.enum(deliverableKinds);
export const DeliverableStatus = z.enum(deliverableStatusValues);

const Note = z.string().trim().max(2000);
const Person = z.object({ id: z.string(), name: z.string() });

/** The text fields of the multipart form that creates a deliverable (the document is the file field `file`). */
export const DeliverableFields = z.object({
  kind: DeliverableKind,
  title: DisplayName(200),
  note: Note.optional().describe('What this version contains.'),
});

export const DeliverableForm = DeliverableFields.extend({
  file: z.file().describe('The document, any type (stored with the type detected from its content), at most 25 MB.'),
});

/** The text fields of the multipart form that adds a version. */
export const VersionFields = z.object({ note: Note.optional().describe('What changed in this version.') });
export const VersionForm = VersionFields.extend({
  file: z.file().describe('The new version of the document, at most 25 MB.'),
});

export const VersionParams = z.object({
  id: z.string().min(1).max(64),
  version: z.coerce.number().int().min(1).max(100_000),
});

export const IssueDeliverableBody = z
  .object({
    version: int32(1)
      .optional()
      .describe('The version you reviewed: refused (409 STALE_REVISION) when a newer one was added meanwhile.'),
  })
  .nullish();

export const AcceptDeliverableBody = z
  .object({
    version: int32(1)
      .optional()
      .describe('The version you read: refused (409 STALE_REVISION) when another one is issued now.'),
    note: Note.optional(),
  })
  .nullish();

export const DeliverableVersion = z
  .object({
    version: z.number().int(),
    file: StoredFile,
    note: z.string(),
    createdBy: Person.nullable(),
    createdAt: Instant,
    issuedAt: Instant.nullable().describe(
      'When this version was issued to the customer (customers see issued versions only).',
    ),
  })
  .meta({ id: 'DeliverableVersion' });

export const Deliverable = z
  .object({
    id: z.string(),
    engagementId: z.string(),
    engagementNumber: z.string(),
    kind: DeliverableKind,
    title: z.string(),
    status: DeliverableStatus,
    currentVersion: z.number().int().describe('The newest version you may see (for a customer: the one issued last).'),
    issuedVersion: z.number().int().nullable(),
    issuedAt: Instant.nullable(),
    issuedBy: Person.nullable(),
    acceptedVersion: z.number().int().nullable(),
    acceptedAt: Instant.nullable(),
    acceptedBy: Person.nullable(),
    acceptanceNote: z.string().nullable(),
    versions: z.array(DeliverableVersion),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: 'Deliverable' });
