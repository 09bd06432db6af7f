import type { z } from 'zod';
import type { Db, Executor } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import { ContractSettings } from '../../shared/contracts/contract-settings.ts';
import type { ClosePreview } from '../../shared/contracts/engagements.ts';
import { AppError } from '../../shared/errors.ts';
import { quantity } from '../../shared/units.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { authorize, providerWith } from '../authz.ts';
import { actorLabel, type Ctx } from '../context.ts';
import { effortRepo } from '../effort/effort.repo.ts';
import { availableAfterClosing, closingPlan, type ClosingPlan } from '../../shared/rules/closing.ts';
import type { LedgerService } from '../ledger/ledger.service.ts';
import { engagementsPolicy } from './engagements.policy.ts';
import { engagementsRepo, type EngagementRecord } from './engagements.repo.ts';
import { assertTransition, canTransition } from './engagements.rules.ts';
import type { EngagementClosing } from './engagements.tables.ts';
import type { EngagementsService, EngagementView } from './engagements.service.ts';

export interface ClosingDeps {
  db: Db;
  clock: Clock;
  audit: AuditService;
  ledger: LedgerService;
  engagements: EngagementsService;
}

type Operation = 'close' | 'cancel';

const target = { close: 'closed', cancel: 'cancelled' } as const;

export type ClosingService = ReturnType<typeof createClosingService>;

/** Closing and cancelling engagements: fixed price, minimum true-up (or an admin's waiver), held effort written off, release, in one transaction. */
export function createClosingService(deps: ClosingDeps) {
  const { db, clock, audit, ledger, engagements } = deps;

  async function planFor(
    ex: Executor,
    e: EngagementRecord,
    op: Operation,
    waived: boolean,
  ): Promise<{ plan: ClosingPlan; open: number; minimumApplies: boolean }> {
    const settings = ContractSettings.parse(e.settings);
    const minimumApplies = op === 'close' || settings.minimumAppliesOnCancel;
    const open = await ledger.openReservation(ex, e.contract_id, e.id);
    const plan = closingPlan({
      operation: op,
      pricingMode: e.pricing_mode,
      fixedPrice: e.fixed_price,
      effortConsumed: e.effort_consumed,
      held: e.effort_held,
      minimumBillable: e.minimum_billable,
      minimumApplies,
      waived,
      openReservation: open,
    });
    return { plan, open, minimumApplies };
  }

  /** The operation on the locked engagement, in domain.md's order; every posting keyed so that nothing counts twice. */
  async function run(
    trx: Executor,
    ctx: Ctx,
    e: EngagementRecord,
    op: Operation,
    o: { reason: string | null; waiver: string | null },
  ): Promise<void> {
    assertTransition(e.status, target[op], op, e.status_before_hold);
    const { plan } = await planFor(trx, e, op, o.waiver !== null);
    const ref = `${op} ${e.number}`;
    const key = (part: string) => `imr:${op}:${e.id}:${part}`;
    const entryIds: string[] = [];
    if (plan.fixedPrice > 0) {
      entryIds.push(
        (
          await ledger.consume(trx, ctx, {
            contractId: e.contract_id,
            engagementId: e.id,
            amount: plan.fixedPrice,
            reference: `fixed price, ${ref}`,
            idempotencyKey: key('fixed-price'),
          })
        ).entry.id,
      );
    }
    if (plan.trueUp > 0) {
      entryIds.push(
        (
          await ledger.minimumTrueUp(trx, ctx, {
            contractId: e.contract_id,
            engagementId: e.id,
            amount: plan.trueUp,
            reference: `minimum billable effort, ${ref}`,
            idempotencyKey: key('true-up'),
          })
        ).entry.id,
      );
    }
    const now = clock.now();
    const writtenOffEntries =
      plan.writtenOff > 0 || e.effort_held > 0 ? await effortRepo.markWrittenOff(trx, e.id, now) : 0;
    if (e.effort_held) await engagementsRepo.addEffortSums(trx, e.id, { held: -e.effort_held }, now);
    const released = await ledger.release(trx, ctx, {
      contractId: e.contract_id,
      engagementId: e.id,
      amount: 'rest',
      reference: ref,
      idempotencyKey: key('release'),
    });
    if (released) entryIds.push(released.entry.id, ...released.followUps.map((f) => f.id));
    const by = actorLabel(ctx.actor);
    const closing: EngagementClosing = {
      operation: op,
      at: now.toISOString(),
      fixedPrice: plan.fixedPrice,
      trueUp: plan.trueUp,
      shortfall: plan.shortfall,
      waived: o.waiver !== null && plan.shortfall > 0 ? { reason: o.waiver, by } : null,
      writtenOff: plan.writtenOff,
      writtenOffEntries,
      released: released?.entry.amount.amount ?? 0,
      expired: released?.followUps.reduce((s, f) => s + f.amount.amount, 0) ?? 0,
      reason: o.reason,
      ledgerEntryIds: entryIds,
    };
    const uninvite = op === 'cancel' && e.planned_start !== null;
    const sequence = uninvite ? e.schedule_sequence + 1 : e.schedule_sequence;
    await engagementsRepo.update(trx, e.id, {
      status: target[op],
      status_before_hold: null,
      status_reason: o.reason,
      closing: JSON.stringify(closing),
      closed_at: now,
      closed_by: by,
      schedule_sequence: sequence,
      revision: e.revision + 1,
      updated_at: now,
    });
    const common = { entityType: 'engagement', entityId: e.id, organizationId: e.organization_id } as const;
    if (closing.waived)
      await audit.record(trx, ctx, {
        ...common,
        action: 'engagement.minimum_waived',
        after: { shortfall: plan.shortfall, reason: closing.waived.reason },
      });
    if (writtenOffEntries)
      await audit.record(trx, ctx, {
        ...common,
        action: 'effort.written_off',
        after: { entries: writtenOffEntries, amount: plan.writtenOff },
      });
    await audit.record(trx, ctx, {
      ...common,
      action: `engagement.${target[op]}`,
      before: { status: e.status },
      after: { ...closing },
    });
    if (uninvite) await engagements.sendSchedule(trx, { ...e, schedule_sequence: sequence }, 'cancel');
  }

  async function operate(
    ctx: Ctx,
    id: string,
    op: Operation,
    o: { reason: string | null; waiveReason: string | null },
  ): Promise<EngagementView> {
    await db.transaction(async (trx) => {
      const e = await engagements.visibleRecord(trx, ctx.actor, id, { lock: true });
      authorize(ctx.actor, engagementsPolicy.manage, `Only IR managers and admins ${op} engagements.`);
      if (o.waiveReason !== null)
        authorize(ctx.actor, engagementsPolicy.waiveMinimum, 'Only an admin waives the minimum billable effort.');
      await run(trx, ctx, e, op, { reason: o.reason, waiver: o.waiveReason });
    });
    return engagements.get(ctx, id);
  }

  return {
    /**
     * Closes an engagement in progress or delivering, in one transaction and domain.md's order: the fixed
     * price (fixed pricing), the minimum true-up of any shortfall unless an admin waives it (reason
     * recorded), held effort written off (recorded), the release of the rest; then it takes no more effort.
     */
    async close(
      ctx: Ctx,
      id: string,
      input: { waiveMinimum?: { reason: string } | undefined } = {},
    ): Promise<EngagementView> {
      return operate(ctx, id, 'close', { reason: null, waiveReason: input.waiveMinimum?.reason ?? null });
    },

    /**
     * Cancels an open engagement with a reason: consumption stays, the minimum applies when the contract's
     * `minimumAppliesOnCancel` says so (an admin may waive it), held effort is written off, the reservation
     * released (expired at once on an expired contract); planned dates get a calendar cancellation.
     */
    async cancel(
      ctx: Ctx,
      id: string,
      input: { reason: string; waiveMinimum?: { reason: string } | undefined },
    ): Promise<EngagementView> {
      if (!input.reason?.trim())
        throw new AppError('VALIDATION_FAILED', 'Cancelling needs a reason.', {
          errors: [{ path: 'body.reason', message: 'is required' }],
        });
      return operate(ctx, id, 'cancel', {
        reason: input.reason.trim(),
        waiveReason: input.waiveMinimum?.reason ?? null,
      });
    },

    /** The figures a close (or cancel) would post, before anyone commits: provider staff who read every engagement, and the managers. */
    async preview(ctx: Ctx, id: string, op: Operation = 'close'): Promise<z.output<typeof ClosePreview>> {
      const e = await engagements.visibleRecord(db.kysely, ctx.actor, id);
      authorize(
        ctx.actor,
        providerWith('admin', 'ir_manager', 'account_manager'),
        "The close preview is for the IR firm's managers.",
      );
      const { plan, open, minimumApplies } = await planFor(db.kysely, e, op, false);
      const totals = await ledger.totals(db.kysely, e.contract_id);
      const heldEntries = (await effortRepo.held(db.kysely, e.id)).length;
      const q = (n: number) => quantity(n, e.unit);
      const contractExpired = e.contract_status === 'expired';
      return {
        engagementId: e.id,
        operation: op,
        status: e.status,
        allowed: canTransition(e.status, target[op], op, e.status_before_hold),
        pricingMode: e.pricing_mode,
        estimate: q(e.estimate),
        consumed: q(e.effort_consumed),
        minimumBillable: q(e.minimum_billable),
        minimumApplies,
        fixedPrice: q(plan.fixedPrice),
        shortfall: q(plan.shortfall),
        trueUp: q(plan.trueUp),
        heldToWriteOff: q(plan.writtenOff),
        heldEntries,
        reserved: q(open),
        release: q(plan.release),
        contractStatus: e.contract_status,
        releaseExpires: contractExpired && plan.release > 0,
        availableBefore: q(totals.available),
        availableAfter: q(
          availableAfterClosing({ available: totals.available, openReservation: open, plan, contractExpired }),
        ),
      };
    },
  };
}
