import type { UseCaseArgs } from '../use-case.ts';
import { createEffortWriter } from '../ledger/optimistic/effort.writer.ts';
import { noDraftMemory } from '../ledger/optimistic/draft-memory.ts';
import { correct } from './correct-effort.ts';
import type { EffortDeps, EffortUseCaseDeps } from './effort.deps.ts';
import { burn, engagementEffort, timesheet } from './effort.reads.ts';
import { postHeldEffortInTx } from './held-effort.ts';
import { logEffort } from './log-effort.ts';

export type { EffortDeps, EffortEntryView, EffortInput, EffortPosted } from './effort.deps.ts';
export { toEffortView } from './effort.views.ts';

export type EffortService = ReturnType<typeof createEffortService>;

/** Effort: logged by the team, converted by the contract's rate card, consumed from the reservation, held past the estimate, corrected by reversal. */
export function createEffortService(effortDeps: EffortDeps) {
  const deps: EffortUseCaseDeps = {
    ...effortDeps,
    drafts: effortDeps.drafts ?? noDraftMemory,
    writer: createEffortWriter(effortDeps.db),
  };
  return {
    logEffort: (...args: UseCaseArgs<typeof logEffort>) => logEffort(deps, ...args),
    correct: (...args: UseCaseArgs<typeof correct>) => correct(deps, ...args),
    postHeldEffortInTx: (...args: UseCaseArgs<typeof postHeldEffortInTx>) => postHeldEffortInTx(deps, ...args),
    timesheet: (...args: UseCaseArgs<typeof timesheet>) => timesheet(deps, ...args),
    engagementEffort: (...args: UseCaseArgs<typeof engagementEffort>) => engagementEffort(deps, ...args),
    burn: (...args: UseCaseArgs<typeof burn>) => burn(deps, ...args),
  };
}
