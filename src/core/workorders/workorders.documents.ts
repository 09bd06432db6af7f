import type { Executor } from '../../db/create-db.ts';
import { AppError } from '../../shared/errors.ts';
import type { FrozenChangeOrder, FrozenWorkOrder } from '../../shared/workorders.ts';
import { approvalsRepo, type DecisionRow } from './approvals.repo.ts';
import type { ChangeOrderWithContext } from './change-orders.repo.ts';
import { changeOrdersRepo } from './change-orders.repo.ts';
import type { WorkOrdersDeps } from './workorders.deps.ts';
import { renderChangeOrderPdf, renderWorkOrderPdf, type DocumentApproval } from './workorders.pdf.ts';
import type { VersionRow } from './workorders.repo.ts';
import { letterheadOf } from './workorders.support.ts';

/**
 * The PDF of a sent EWO version or change order as it is downloaded: until it is approved, the file stored
 * when it was sent (exactly as emailed, with signature lines); once approved, the same frozen content
 * rendered again with its approval block (who approved, when, on which channel, for which hash).
 */
export interface DocumentPdf {
  filename: string;
  content: Buffer;
  version: number | null;
  contentHash: string;
}

const approvalOf = (decision: DecisionRow | undefined): DocumentApproval | null =>
  decision
    ? {
        contactName: decision.contact_name,
        decidedAt: new Date(decision.decided_at),
        channel: decision.channel,
        contentHash: decision.content_hash,
      }
    : null;

/** The approving decision of an EWO version or of a change order, if any. */
async function approvedDecision(
  ex: Executor,
  subject: { type: 'work_order' | 'change_order'; id: string; versionId?: string },
): Promise<DecisionRow | undefined> {
  const decisions = await approvalsRepo.decisions(ex, subject.type, [subject.id]);
  return decisions.find(
    (decision) =>
      decision.decision === 'approved' &&
      (subject.versionId === undefined || decision.version_id === subject.versionId),
  );
}

export async function workOrderVersionPdf(
  deps: WorkOrdersDeps,
  ex: Executor,
  wo: { id: string; number: string },
  version: VersionRow,
): Promise<DocumentPdf> {
  if (!version.pdf || !version.content_hash)
    throw new AppError(
      'NOT_FOUND',
      `Version ${version.version} of ${wo.number} is a draft: its PDF is rendered when it is sent.`,
    );
  const file = { filename: `${wo.number}-v${version.version}.pdf`, version: version.version };
  const decision =
    version.status === 'approved' && version.frozen
      ? await approvedDecision(ex, { type: 'work_order', id: wo.id, versionId: version.id })
      : undefined;
  if (!decision) return { ...file, content: version.pdf, contentHash: version.content_hash };
  const content = await renderWorkOrderPdf(version.frozen as unknown as FrozenWorkOrder, version.content_hash, {
    letterhead: await letterheadOf(deps, ex),
    approval: approvalOf(decision),
  });
  return { ...file, content, contentHash: version.content_hash };
}

export async function changeOrderDocumentPdf(
  deps: WorkOrdersDeps,
  ex: Executor,
  co: ChangeOrderWithContext,
): Promise<DocumentPdf> {
  const stored = await changeOrdersRepo.pdf(ex, co.id);
  if (!stored || !co.content_hash)
    throw new AppError('NOT_FOUND', `Change order ${co.number} is a draft: its PDF is rendered when it is sent.`);
  const file = { filename: `${co.number}.pdf`, version: null };
  const decision =
    co.status === 'approved' && co.frozen ? await approvedDecision(ex, { type: 'change_order', id: co.id }) : undefined;
  if (!decision) return { ...file, content: stored, contentHash: co.content_hash };
  const content = await renderChangeOrderPdf(co.frozen as unknown as FrozenChangeOrder, co.content_hash, {
    letterhead: await letterheadOf(deps, ex),
    approval: approvalOf(decision),
    timeZone: co.time_zone,
  });
  return { ...file, content, contentHash: co.content_hash };
}
