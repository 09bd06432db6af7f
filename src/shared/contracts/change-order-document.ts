import { z } from 'zod';
import { Instant } from './common.ts';
import { changeOrderStatuses, DecisionView } from './workorders.ts';

/** A sent change order's frozen document: what its content hash covers, to recompute it like an EWO version's. */
export const ChangeOrderDocument = z
  .object({
    id: z.string(),
    number: z.string(),
    engagementId: z.string(),
    engagementNumber: z.string(),
    status: z.enum(changeOrderStatuses),
    statusReason: z.string().nullable(),
    contentHash: z.string(),
    sentAt: Instant.nullable(),
    approvalDeadline: Instant.nullable(),
    decidedAt: Instant.nullable(),
    frozen: z
      .record(z.string(), z.unknown())
      .describe(
        'Exactly the document the content hash covers: SHA-256 (hex) of its RFC 8785 canonical JSON is contentHash.',
      ),
    decision: DecisionView.nullable(),
    pdfAvailable: z.boolean(),
  })
  .meta({ id: 'ChangeOrderDocument' });
