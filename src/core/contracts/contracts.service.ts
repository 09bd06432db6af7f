import { DateTime } from 'luxon';
import type { Db, Executor } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import type { ContractSettingsPatch } from '../../shared/contracts/contract-settings.ts';
import type { Contract } from '../../shared/contracts/contracts.ts';
import { AppError } from '../../shared/errors.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import { quantity } from '../../shared/units.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { actorLabel, isCustomerUser, systemCtx, type Ctx } from '../context.ts';
import type { LedgerService } from '../ledger/ledger.service.ts';
import { termEndSplit, termEnded } from '../ledger/ledger.rules.ts';
import { cursorOf, toPage, type Page } from '../pagination.ts';
import { assertCustomerAccess, assertReader } from './contracts.access.ts';
import { contractsRepo, type ContractWithCustomer } from './contracts.repo.ts';
import { assertTransition, mergeSettings, renewalTerm, termProblem, unitsPerHourProblem } from './contracts.rules.ts';
import type { ContractStatus, ContractUnit } from './contracts.tables.ts';

/** Pages of this list continue after the last item's id. */
const byId = cursorOf('id');

export interface ContractsDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  audit: AuditService;
  ledger: LedgerService;
}

export const toContractView = (c: ContractWithCustomer): Contract => ({
  id: c.id,
  customerId: c.customer_id,
  customerName: c.customer_name,
  organizationId: c.organization_id,
  timeZone: c.time_zone,
  number: c.number,
  status: c.status,
  statusReason: c.status_reason,
  statusChangedAt: c.status_changed_at?.toISOString() ?? null,
  termStart: c.term_start,
  termEnd: c.term_end,
  unit: c.unit,
  unitsPerHour: c.units_per_hour,
  initialAmount: quantity(c.initial_amount, c.unit),
  settings: mergeSettings(c.settings, undefined),
  predecessorId: c.predecessor_id,
  successorId: c.successor_id,
  revision: c.revision,
  createdAt: c.created_at.toISOString(),
  updatedAt: c.updated_at.toISOString(),
});

export interface NewContract {
  customerId: string;
  number: string;
  termStart: string;
  termEnd: string;
  unit: ContractUnit;
  unitsPerHour?: string | undefined;
  initialAmount?: number | undefined;
  settings?: ContractSettingsPatch | undefined;
  status?: 'draft' | 'active' | undefined;
}

export interface ContractPatch {
  number?: string | undefined;
  termStart?: string | undefined;
  termEnd?: string | undefined;
  unitsPerHour?: string | undefined;
  settings?: ContractSettingsPatch | undefined;
}

function invalid(path: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', `The request is invalid: ${path} ${message}.`, {
    errors: [{ path, message }],
  });
}

/** Units per hour as numeric(8,2) stores it ("1.5" → "1.50"), so reads and writes compare equal. */
const normaliseUnitsPerHour = (s: string | null | undefined): string | null => (s ? Number(s).toFixed(2) : null);

export type ContractsService = ReturnType<typeof createContractsService>;

export function createContractsService(deps: ContractsDeps) {
  const { db, clock, ids, audit, ledger } = deps;

  async function load(ex: Executor, id: string): Promise<ContractWithCustomer> {
    const c = await contractsRepo.byId(ex, id);
    if (!c) throw new AppError('NOT_FOUND', `Contract ${id} not found.`);
    return c;
  }

  async function lockFor(
    trx: Executor,
    ctx: Ctx,
    id: string,
    access: 'manage' | 'admin',
  ): Promise<ContractWithCustomer> {
    const c = await contractsRepo.forUpdate(trx, id);
    if (!c) throw new AppError('NOT_FOUND', `Contract ${id} not found.`);
    await assertCustomerAccess(
      trx,
      ctx.actor,
      { id: c.customer_id, organization_id: c.organization_id },
      access,
      `Contract ${id}`,
    );
    return c;
  }

  async function assertNumberFree(trx: Executor, number: string, exceptId?: string): Promise<void> {
    if (await contractsRepo.numberTaken(trx, number, exceptId)) {
      throw new AppError('CONFLICT', `Contract number ${number} is already used. Choose another number.`, {
        field: 'number',
      });
    }
  }

  /** Inserts a contract, opens its ledger and posts the grant, on the caller's transaction. */
  async function insertContract(
    trx: Executor,
    ctx: Ctx,
    input: NewContract & { predecessorId?: string; baseSettings?: unknown },
  ): Promise<string> {
    const term = termProblem(input.termStart, input.termEnd);
    if (term) throw invalid('termEnd', term);
    const uph = unitsPerHourProblem(input.unit, input.unitsPerHour);
    if (uph) throw invalid('unitsPerHour', uph);
    const settings = mergeSettings(input.baseSettings ?? {}, input.settings);
    const number = input.number.trim();
    await assertNumberFree(trx, number);
    const id = ids.next('ctr');
    const at = clock.now();
    const status = input.status ?? 'active';
    const initialAmount = input.initialAmount ?? 0;
    await contractsRepo.insert(trx, {
      id,
      customer_id: input.customerId,
      number,
      term_start: input.termStart,
      term_end: input.termEnd,
      unit: input.unit,
      units_per_hour: normaliseUnitsPerHour(input.unitsPerHour),
      status,
      settings: JSON.stringify(settings),
      predecessor_id: input.predecessorId ?? null,
      status_reason: null,
      status_changed_at: at,
      initial_amount: initialAmount,
      created_by: actorLabel(ctx.actor),
      created_at: at,
      updated_at: at,
    });
    await ledger.open(trx, id);
    if (initialAmount > 0)
      await ledger.postGrant(trx, ctx, { contractId: id, amount: initialAmount, reference: `contract ${number}` });
    return id;
  }

  /** Moves a contract along its lifecycle on the caller's transaction, with an audit event. */
  async function setStatus(
    trx: Executor,
    ctx: Ctx,
    c: ContractWithCustomer,
    to: ContractStatus,
    reason: string | null,
    extra: Record<string, unknown> = {},
  ): Promise<void> {
    assertTransition(c.status, to, c.number);
    const at = clock.now();
    await contractsRepo.update(trx, c.id, {
      status: to,
      status_reason: reason,
      status_changed_at: at,
      revision: c.revision + 1,
      updated_at: at,
    });
    ledger.forgetContract(c.id);
    await audit.record(trx, ctx, {
      action: `contract.${to === 'active' ? 'activated' : to}`,
      entityType: 'contract',
      entityId: c.id,
      organizationId: c.organization_id,
      before: { status: c.status },
      after: { status: to, ...(reason ? { reason } : {}), ...extra },
    });
  }

  /**
   * Ends one contract's term, once: under the contract's lock, an active contract whose last day is over
   * (customer time zone) rolls the policy's share of its available balance to its successor, expires the
   * rest and becomes expired. Open reservations stay: approved work may still be consumed.
   */
  async function endTerm(
    contractId: string,
    now: Date,
  ): Promise<{ contractId: string; rolledOver: number; expired: number } | null> {
    const ctx = systemCtx('term-end');
    return db.transaction(async (trx) => {
      const c = await contractsRepo.forUpdate(trx, contractId);
      if (!c || c.status !== 'active' || !termEnded(c.term_end, c.time_zone, now)) return null;
      const t = await ledger.totals(trx, contractId, { lock: true });
      const successor = c.successor_id ? await contractsRepo.byId(trx, c.successor_id) : undefined;
      const receives = successor !== undefined && (successor.status === 'active' || successor.status === 'draft');
      const split = termEndSplit(t.available, mergeSettings(c.settings, undefined).expiryPolicy, receives);
      if (split.rollover > 0 && successor) {
        await ledger.rollover(trx, ctx, {
          fromContractId: contractId,
          toContractId: successor.id,
          amount: split.rollover,
          idempotencyKey: 'imr:term-end:rollover',
        });
      }
      if (split.expire > 0) {
        await ledger.expire(trx, ctx, {
          contractId,
          amount: split.expire,
          reason: `term ended ${c.term_end}`,
          idempotencyKey: 'imr:term-end:expire',
        });
      }
      await setStatus(trx, ctx, c, 'expired', `term ended ${c.term_end}`, {
        rolledOver: split.rollover,
        expired: split.expire,
        successorId: receives ? successor.id : null,
      });
      return { contractId, rolledOver: split.rollover, expired: split.expire };
    });
  }

  return {
    /** Creates a contract (active unless draft) and posts its initial grant: admins and the customer's account managers. */
    async create(ctx: Ctx, input: NewContract): Promise<Contract> {
      const id = await db.transaction(async (trx) => {
        const customer = await contractsRepo.customer(trx, input.customerId);
        if (!customer) throw new AppError('NOT_FOUND', `Customer ${input.customerId} not found.`);
        await assertCustomerAccess(trx, ctx.actor, customer, 'manage', `Customer ${input.customerId}`);
        if (customer.status !== 'active')
          throw new AppError(
            'BUSINESS_RULE',
            `Customer ${customer.name} is inactive: reactivate it before adding a contract.`,
          );
        const created = await insertContract(trx, ctx, input);
        await audit.record(trx, ctx, {
          action: 'contract.created',
          entityType: 'contract',
          entityId: created,
          organizationId: customer.organization_id,
          after: {
            number: input.number,
            customerId: input.customerId,
            termStart: input.termStart,
            termEnd: input.termEnd,
            unit: input.unit,
            initialAmount: input.initialAmount ?? 0,
            status: input.status ?? 'active',
          },
        });
        return created;
      });
      return toContractView(await load(db.kysely, id));
    },

    /** One contract: readers of its customer (another tenant's is 404). */
    async get(ctx: Ctx, id: string): Promise<Contract> {
      const c = await load(db.kysely, id);
      await assertCustomerAccess(
        db.kysely,
        ctx.actor,
        { id: c.customer_id, organization_id: c.organization_id, contractId: id },
        'read',
        `Contract ${id}`,
      );
      return toContractView(c);
    },

    /** Contracts, filtered by customer, status and number; customer users and contacts see only their organisation's. */
    async list(
      ctx: Ctx,
      f: { customerId?: string; status?: ContractStatus; number?: string; cursor?: string; limit?: number },
    ): Promise<Page<Contract>> {
      const a = ctx.actor;
      assertReader(a);
      const organizationId = isCustomerUser(a) || a.type === 'contact' ? a.organizationId : undefined;
      const limit = f.limit ?? 50;
      const after = byId.decode(f.cursor);
      const rows = await contractsRepo.list(db.kysely, {
        ...(f.customerId ? { customerId: f.customerId } : {}),
        ...(f.status ? { status: f.status } : {}),
        ...(f.number ? { number: f.number } : {}),
        ...(organizationId ? { organizationId } : {}),
        ...(after ? { afterId: after[0] } : {}),
        limit: limit + 1,
      });
      const page = toPage(rows, limit, byId, (r) => [r.id]);
      return { items: page.items.map(toContractView), nextCursor: page.nextCursor };
    },

    /**
     * Edits number, term, units per hour and settings (merged) of a draft or active contract, if the caller
     * edited the current revision (otherwise 409 STALE_REVISION).
     */
    async update(ctx: Ctx, id: string, patch: ContractPatch, expectedRevision?: number): Promise<Contract> {
      await db.transaction(async (trx) => {
        const c = await lockFor(trx, ctx, id, 'manage');
        if (expectedRevision !== undefined && expectedRevision !== c.revision) {
          throw new AppError(
            'STALE_REVISION',
            `Contract ${c.number} changed since you read it (revision ${c.revision}, you edited ${expectedRevision}). Reload it and apply your change again.`,
            { currentRevision: c.revision },
          );
        }
        if (c.status === 'expired' || c.status === 'terminated') {
          throw new AppError(
            'CONTRACT_NOT_ACTIVE',
            `Contract ${c.number} is ${c.status} (term ${c.term_start} to ${c.term_end}) and can no longer be edited. Renew it to continue.`,
            { status: c.status },
          );
        }
        const next = {
          number: patch.number?.trim() ?? c.number,
          term_start: patch.termStart ?? c.term_start,
          term_end: patch.termEnd ?? c.term_end,
          units_per_hour:
            patch.unitsPerHour !== undefined ? normaliseUnitsPerHour(patch.unitsPerHour) : c.units_per_hour,
        };
        const term = termProblem(next.term_start, next.term_end);
        if (term) throw invalid(patch.termEnd ? 'termEnd' : 'termStart', term);
        const uph = unitsPerHourProblem(c.unit, next.units_per_hour);
        if (uph) throw invalid('unitsPerHour', uph);
        if (next.number.toLowerCase() !== c.number.toLowerCase()) await assertNumberFree(trx, next.number, id);
        const settings = mergeSettings(c.settings, patch.settings);
        const at = clock.now();
        await contractsRepo.update(trx, id, {
          ...next,
          settings: JSON.stringify(settings),
          revision: c.revision + 1,
          updated_at: at,
        });
        ledger.forgetContract(id);
        await audit.record(trx, ctx, {
          action: 'contract.updated',
          entityType: 'contract',
          entityId: id,
          organizationId: c.organization_id,
          before: {
            number: c.number,
            termStart: c.term_start,
            termEnd: c.term_end,
            unitsPerHour: c.units_per_hour,
            settings: c.settings,
          },
          after: {
            number: next.number,
            termStart: next.term_start,
            termEnd: next.term_end,
            unitsPerHour: next.units_per_hour,
            settings,
          },
        });
      });
      return toContractView(await load(db.kysely, id));
    },

    /** Activates a draft contract: admins and the customer's account managers. */
    async activate(ctx: Ctx, id: string): Promise<Contract> {
      await db.transaction(async (trx) => setStatus(trx, ctx, await lockFor(trx, ctx, id, 'manage'), 'active', null));
      return toContractView(await load(db.kysely, id));
    },

    /** Ends a draft or active contract early, with a reason: admins only. Its balance stays as it is (correct it by adjustment). */
    async terminate(ctx: Ctx, id: string, reason: string): Promise<Contract> {
      await db.transaction(async (trx) =>
        setStatus(trx, ctx, await lockFor(trx, ctx, id, 'admin'), 'terminated', reason.trim()),
      );
      return toContractView(await load(db.kysely, id));
    },

    /**
     * Creates the successor of an active or expired contract (one per contract): same customer and unit,
     * by default the next term of the same length and the predecessor's settings. The rollover itself
     * happens at the predecessor's term end.
     */
    async renew(
      ctx: Ctx,
      id: string,
      input: Omit<NewContract, 'customerId' | 'unit' | 'termStart' | 'termEnd'> & {
        termStart?: string | undefined;
        termEnd?: string | undefined;
      },
    ): Promise<Contract> {
      const successorId = await db.transaction(async (trx) => {
        const c = await lockFor(trx, ctx, id, 'manage');
        if (c.status !== 'active' && c.status !== 'expired') {
          throw new AppError(
            'BUSINESS_RULE',
            `Contract ${c.number} is ${c.status}: only active or expired contracts are renewed. Create a new contract instead.`,
          );
        }
        if (c.successor_id)
          throw new AppError('CONFLICT', `Contract ${c.number} is already renewed by ${c.successor_id}.`, {
            successorId: c.successor_id,
          });
        const term = renewalTerm(c.term_start, c.term_end, input.termStart);
        if (term.termStart <= c.term_end)
          throw invalid('termStart', `the successor's term must start after ${c.term_end}, when this one ends`);
        const created = await insertContract(trx, ctx, {
          ...input,
          customerId: c.customer_id,
          unit: c.unit,
          unitsPerHour: input.unitsPerHour ?? c.units_per_hour ?? undefined,
          termStart: term.termStart,
          termEnd: input.termEnd ?? term.termEnd,
          predecessorId: c.id,
          baseSettings: c.settings,
        });
        await audit.record(trx, ctx, {
          action: 'contract.renewed',
          entityType: 'contract',
          entityId: c.id,
          organizationId: c.organization_id,
          after: { successorId: created, number: input.number },
        });
        return created;
      });
      return toContractView(await load(db.kysely, successorId));
    },

    /**
     * The term-end job: every active contract whose term is over in its customer's time zone is ended
     * exactly once (safe to run twice or concurrently). Each contract in its own transaction.
     */
    async processTermEnds(): Promise<{
      ended: { contractId: string; rolledOver: number; expired: number }[];
      failed: { contractId: string; error: string }[];
    }> {
      const now = clock.now();
      // No zone is more than 14 hours ahead of UTC: nothing ending later than yesterday there has ended anywhere.
      const latestDay = DateTime.fromJSDate(now, { zone: 'UTC' }).plus({ hours: 14 }).minus({ days: 1 }).toISODate()!;
      const candidates = (await contractsRepo.activeEndingBy(db.kysely, latestDay)).filter((c) =>
        termEnded(c.term_end, c.time_zone, now),
      );
      const ended: { contractId: string; rolledOver: number; expired: number }[] = [];
      const failed: { contractId: string; error: string }[] = [];
      for (const c of candidates) {
        try {
          const r = await endTerm(c.id, now);
          if (r) ended.push(r);
        } catch (e) {
          failed.push({ contractId: c.id, error: (e as Error).message });
        }
      }
      return { ended, failed };
    },
  };
}
