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

type Args<F> = F extends (deps: never, ...rest: infer A) => unknown ? A : never;

/** Effort: logged by the team, converted by the contract's rate card, consumed from the reservation, held past the estimate, corrected by reversal. */
export function createEffortService(effortDeps: EffortDeps) {
  const deps: EffortUseCaseDeps = {
    ...effortDeps,
    drafts: effortDeps.drafts ?? noDraftMemory,
    writer: createEffortWriter(effortDeps.db),
  };
  return {
    logEffort: (...a: Args<typeof logEffort>) => logEffort(deps, ...a),
    correct: (...a: Args<typeof correct>) => correct(deps, ...a),
    postHeldEffortInTx: (...a: Args<typeof postHeldEffortInTx>) => postHeldEffortInTx(deps, ...a),
    timesheet: (...a: Args<typeof timesheet>) => timesheet(deps, ...a),
    engagementEffort: (...a: Args<typeof engagementEffort>) => engagementEffort(deps, ...a),
    burn: (...a: Args<typeof burn>) => burn(deps, ...a),
  };
}
