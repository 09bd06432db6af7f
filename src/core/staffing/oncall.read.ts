import type { Executor } from '../../db/create-db.ts';
import type { OncallNow } from '../../shared/contracts/oncall.ts';
import { notFound } from '../../shared/errors.ts';
import { authorize } from '../authz.ts';
import type { Ctx } from '../context.ts';
import type { OncallDeps } from './oncall.deps.ts';
import { oncallPolicy } from './oncall.policy.ts';
import { oncallRepo } from './oncall.repo.ts';
import { COVERAGE_DAYS, coverageGaps, holdersAt, nextShift } from './oncall.rules.ts';
import { toRotaView, toShiftView } from './oncall.views.ts';

const READ = 'Only provider staff see the on-call rota.';
const DAY = 86_400_000;

/** The rotas, by name. */
export async function listRotas(deps: OncallDeps, ctx: Ctx) {
  authorize(ctx.actor, oncallPolicy.read, READ);
  return { items: (await oncallRepo.rotas(deps.db.kysely)).map(toRotaView) };
}

/** A rota's shifts overlapping [from, to) (default: the next 14 days). */
export async function listShifts(deps: OncallDeps, ctx: Ctx, rotaId: string, range: { from?: string; to?: string }) {
  authorize(ctx.actor, oncallPolicy.read, READ);
  const ex = deps.db.kysely;
  if (!(await oncallRepo.rota(ex, rotaId))) throw notFound('On-call rota');
  const from = range.from ? new Date(range.from) : deps.clock.now();
  const to = range.to ? new Date(range.to) : new Date(from.getTime() + COVERAGE_DAYS * DAY);
  return { items: (await oncallRepo.shifts(ex, { from, to, rotaId })).map(toShiftView) };
}

/** Who holds the pager at an instant, the next one, and the gaps of the 14 days after it (every active rota). */
export async function oncallAt(ex: Executor, at: Date): Promise<OncallNow> {
  const to = new Date(at.getTime() + COVERAGE_DAYS * DAY);
  // One more day ahead finds the next holder just past the horizon.
  const rows = await oncallRepo.shifts(ex, { from: at, to: new Date(to.getTime() + DAY) });
  const spans = rows.map((r) => ({ ...r, start: r.starts_at, end: r.ends_at }));
  const current = holdersAt(spans, at);
  const next = nextShift(spans, at);
  return {
    at: at.toISOString(),
    current: current.map(toShiftView),
    next: next ? toShiftView(next) : null,
    coverage: {
      from: at.toISOString(),
      to: to.toISOString(),
      gaps: coverageGaps(spans, at, to).map((g) => ({ start: g.start.toISOString(), end: g.end.toISOString() })),
    },
  };
}

/** Who holds the pager now, until when, the next one, and the coverage gaps of the next 14 days. */
export async function oncallNow(deps: OncallDeps, ctx: Ctx): Promise<OncallNow> {
  authorize(ctx.actor, oncallPolicy.read, READ);
  return oncallAt(deps.db.kysely, deps.clock.now());
}
