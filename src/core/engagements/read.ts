import { engagementStatuses } from '../../shared/contracts/engagements.ts';
import { AppError } from '../../shared/errors.ts';
import { authorize } from '../authz.ts';
import type { Ctx } from '../context.ts';
import { cursorOf, toPage, type Page } from '../pagination.ts';
import { engagementVisibility, visibleRecord } from './engagements.access.ts';
import type { EngagementsDeps } from './engagements.deps.ts';
import { engagementsPolicy } from './engagements.policy.ts';
import { engagementsRepo } from './engagements.repo.ts';
import type { EngagementStatus } from './engagements.tables.ts';
import { summaryOf, toView, type EngagementSummaryView, type EngagementView } from './engagements.views.ts';

/** Pages of this list continue after the last item's id. */
const byId = cursorOf('id');

export interface EngagementListFilter {
  status?: string;
  customerId?: string;
  contractId?: string;
  mine?: boolean;
  cursor?: string;
  limit?: number;
}

/** The statuses of a comma-separated filter; an unknown one is VALIDATION_FAILED naming the valid ones. */
function parseStatuses(status: string | undefined): EngagementStatus[] | undefined {
  if (!status) return undefined;
  const statuses = status
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = statuses.filter((s) => !(engagementStatuses as readonly string[]).includes(s));
  if (unknown.length)
    throw new AppError(
      'VALIDATION_FAILED',
      `Unknown status ${unknown.join(', ')}: use ${engagementStatuses.join(', ')}.`,
      {
        errors: [{ path: 'querystring.status', message: `unknown status ${unknown.join(', ')}` }],
      },
    );
  return statuses as EngagementStatus[];
}

/** Engagements the actor may see (engagements.access.ts), newest first; filters by status, customer, contract, mine. */
export async function listEngagements(
  deps: Pick<EngagementsDeps, 'db'>,
  ctx: Ctx,
  filter: EngagementListFilter,
): Promise<Page<EngagementSummaryView>> {
  const actor = ctx.actor;
  authorize(actor, engagementsPolicy.read);
  const statuses = parseStatuses(filter.status);
  const limit = filter.limit ?? 50;
  const after = byId.decode(filter.cursor);
  const visibility = engagementVisibility(actor);
  const mine = filter.mine && actor.organizationKind === 'provider' && visibility.kind !== 'team';
  const rows = await engagementsRepo.list(deps.db.kysely, {
    visibility,
    ...(statuses ? { statuses } : {}),
    ...(filter.customerId ? { customerId: filter.customerId } : {}),
    ...(filter.contractId ? { contractId: filter.contractId } : {}),
    ...(mine ? { memberUserId: actor.userId } : {}),
    ...(after ? { beforeId: after[0] } : {}),
    limit: limit + 1,
  });
  const page = toPage(rows, limit, byId, (row) => [row.id]);
  const team = await engagementsRepo.team(
    deps.db.kysely,
    page.items.map((row) => row.id),
  );
  return { items: page.items.map((row) => summaryOf(row, team)), nextCursor: page.nextCursor };
}

/** One engagement with its estimate, reservation, consumption and team; another tenant's (or, for consultants, another team's) is 404. */
export async function getEngagement(
  deps: Pick<EngagementsDeps, 'db' | 'ledger'>,
  ctx: Ctx,
  id: string,
): Promise<EngagementView> {
  authorize(ctx.actor, engagementsPolicy.read);
  return toView(deps, deps.db.kysely, await visibleRecord(deps.db.kysely, ctx.actor, id));
}
