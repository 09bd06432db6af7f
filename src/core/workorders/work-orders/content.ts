import type { Executor } from '../../../db/create-db.ts';
import type { WorkOrderContent } from '../../../shared/contracts/workorders.ts';
import { AppError } from '../../../shared/errors.ts';
import { catalogRepo } from '../../catalog/catalog.repo.ts';
import { workOrdersRepo, type WorkOrderWithContext } from '../workorders.repo.ts';
import { assertLeadTime, dueDateProblems, localDateOf } from '../workorders.rules.ts';

export const workOrderNotFound = (id: string) => new AppError('NOT_FOUND', `Work order ${id} not found.`);

/** Someone else edited the EWO since the caller read it (optimistic concurrency). */
export function staleRevision(id: string, current: number, given: number): AppError {
  return new AppError(
    'STALE_REVISION',
    `Work order ${id} changed since you read it (revision ${current}, you edited ${given}): reload it and apply your change again.`,
    { currentRevision: current },
  );
}

/** The field errors of an incomplete EWO as one VALIDATION_FAILED (paths under `body.`). */
export const invalidContent = (errors: { path: string; message: string }[]) =>
  new AppError(
    'VALIDATION_FAILED',
    `The work order is not complete: ${errors.map((e) => `${e.path.replace(/^body\./, '')} ${e.message}`).join('; ')}.`,
    {
      errors: errors.map((e) => ({ ...e, path: e.path.startsWith('body.') ? e.path : `body.${e.path}` })),
    },
  );

/** Merges the given fields (undefined: unchanged) over a content. */
export function mergeContent(base: WorkOrderContent, patch: Partial<WorkOrderContent>): WorkOrderContent {
  const merged = { ...base };
  for (const [key, value] of Object.entries(patch))
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  return merged;
}

/** Sites of the customer and provider users named in the staffing plan must exist; proactive dates respect the lead time. */
export async function assertContent(
  ex: Executor,
  wo: Pick<
    WorkOrderWithContext,
    'customer_id' | 'kind' | 'earliest_start' | 'lead_time_days' | 'received_at' | 'time_zone'
  >,
  content: WorkOrderContent,
): Promise<void> {
  const errors: { path: string; message: string }[] = [];
  const sites = (await workOrdersRepo.sites(ex, wo.customer_id)).map((site) => site.id);
  content.siteIds.forEach((siteId, n) => {
    if (!sites.includes(siteId)) errors.push({ path: `siteIds.${n}`, message: 'is not a site of this customer' });
  });
  const named = content.staffingPlan.map((line) => line.userId).filter((userId): userId is string => !!userId);
  const staff = (await workOrdersRepo.providerUsers(ex, named)).map((user) => user.id);
  content.staffingPlan.forEach((line, n) => {
    if (line.userId && !staff.includes(line.userId))
      errors.push({ path: `staffingPlan.${n}.userId`, message: 'is not a user of the IR firm' });
  });
  if (content.catalogItemId && !(await catalogRepo.byId(ex, content.catalogItemId)))
    errors.push({ path: 'catalogItemId', message: 'is not an item of the catalog' });
  if (errors.length) throw invalidContent(errors);
  const early = dueDateProblems(content, wo.time_zone);
  if (early.length)
    throw new AppError(
      'BUSINESS_RULE',
      `A deliverable cannot be due before the work starts: move ${early
        .map((e) => `"${content.deliverables[Number(e.path.split('.')[1])]!.title}"`)
        .join(
          ', ',
        )} to ${localDateOf(content.proposedStart!, wo.time_zone)} or later, or move the proposed start earlier.`,
      { errors: early.map((e) => ({ ...e, path: `body.${e.path}` })) },
    );
  assertLeadTime(
    content,
    { kind: wo.kind, earliestStart: wo.earliest_start, leadTimeDays: wo.lead_time_days, receivedAt: wo.received_at },
    wo.time_zone,
  );
}
