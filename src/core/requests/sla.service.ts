import type { Ctx } from '../context.ts';
import { slaReport } from './sla-report.ts';
import { watchSla } from './sla-watch.ts';
import type { SlaDeps } from './sla.deps.ts';

export type SlaService = ReturnType<typeof createSlaService>;

/** SLA watch (notifications) and the SLA report. */
export function createSlaService(deps: SlaDeps) {
  return {
    watch: (limit = 200) => watchSla(deps, limit),
    report: (ctx: Ctx, query: { contractId?: string; from?: string; to?: string }) => slaReport(deps, ctx, query),
  };
}
