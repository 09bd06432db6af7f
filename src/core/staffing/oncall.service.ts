import type { Ctx } from '../context.ts';
import type { OncallDeps } from './oncall.deps.ts';
import { notifyCoverageGaps } from './oncall.notify.ts';
import { listRotas, listShifts, oncallNow } from './oncall.read.ts';
import {
  addShift,
  createRota,
  deleteRota,
  deleteShift,
  updateRota,
  updateShift,
  type RotaInput,
  type ShiftInput,
} from './oncall.rotas.ts';

export type OncallService = ReturnType<typeof createOncallService>;

/** The on-call rota: rotas and shifts (IR managers), who holds the pager, coverage gaps. */
export function createOncallService(deps: OncallDeps) {
  return {
    /** Rotas by name (oncall.read.ts). */
    listRotas: (ctx: Ctx) => listRotas(deps, ctx),
    /** Creates a rota (oncall.rotas.ts). */
    createRota: (ctx: Ctx, input: RotaInput & { name: string }) => createRota(deps, ctx, input),
    /** Edits a rota (oncall.rotas.ts). */
    updateRota: (ctx: Ctx, id: string, input: RotaInput) => updateRota(deps, ctx, id, input),
    /** Deletes a rota and its shifts (oncall.rotas.ts). */
    deleteRota: (ctx: Ctx, id: string) => deleteRota(deps, ctx, id),
    /** A rota's shifts in a range (oncall.read.ts). */
    listShifts: (ctx: Ctx, rotaId: string, range: { from?: string; to?: string }) =>
      listShifts(deps, ctx, rotaId, range),
    /** Adds a shift; overlaps refused (oncall.rotas.ts). */
    addShift: (ctx: Ctx, rotaId: string, input: Required<Pick<ShiftInput, 'userId' | 'start' | 'end'>> & ShiftInput) =>
      addShift(deps, ctx, rotaId, input),
    /** Moves or reassigns a shift (oncall.rotas.ts). */
    updateShift: (ctx: Ctx, id: string, input: ShiftInput) => updateShift(deps, ctx, id, input),
    /** Removes a shift (oncall.rotas.ts). */
    deleteShift: (ctx: Ctx, id: string) => deleteShift(deps, ctx, id),
    /** Who holds the pager now, the next one, the gaps (oncall.read.ts). */
    now: (ctx: Ctx) => oncallNow(deps, ctx),
    /** The job: tells the IR managers of each coverage gap once (oncall.notify.ts). */
    notifyGaps: () => notifyCoverageGaps(deps),
  };
}
