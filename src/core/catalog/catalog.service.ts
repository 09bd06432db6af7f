import type { Db } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import type { CreateCatalogItemBody, UpdateCatalogItemBody } from '../../shared/contracts/catalog.ts';
import type { RequestKind } from '../../shared/domain.ts';
import { AppError } from '../../shared/errors.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import { quantity } from '../../shared/units.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { authorize } from '../authz.ts';
import type { Ctx } from '../context.ts';
import { cursorOf, toPage } from '../pagination.ts';
import { catalogPolicy } from './catalog.policy.ts';
import { catalogRepo, type CatalogItemRow } from './catalog.repo.ts';
import { normaliseSizes, type SizeInput } from './catalog.rules.ts';
import type { CatalogSizeRow } from './catalog.tables.ts';

/** Pages of this list continue after the last item's id. */
const byId = cursorOf('id');

/** A catalog item as the API shows it: integers plus display quantities. */
export function toCatalogItemView(row: CatalogItemRow) {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    description: row.description,
    sizes: row.sizes.map((s) => ({
      code: s.code,
      label: s.label ?? null,
      estimateMinutes: s.estimateMinutes,
      fixedPriceUnits: s.fixedPriceUnits,
      fixedPriceMinutes: s.fixedPriceMinutes,
      estimate: quantity(s.estimateMinutes, 'minute'),
      fixedPriceInUnits: s.fixedPriceUnits === null ? null : quantity(s.fixedPriceUnits, 'centiunit'),
      fixedPriceInHours: s.fixedPriceMinutes === null ? null : quantity(s.fixedPriceMinutes, 'minute'),
    })),
    deliverables: row.deliverables,
    minimumBillableMinutes: row.minimum_billable_minutes,
    minimumBillable: quantity(row.minimum_billable_minutes, 'minute'),
    leadTimeDays: row.lead_time_days,
    requiredSkills: row.required_skills,
    active: row.active,
    revision: row.revision,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function sizesOrThrow(sizes: SizeInput[]): CatalogSizeRow[] {
  const normalised = normaliseSizes(sizes);
  if (!normalised.ok)
    throw new AppError(
      'VALIDATION_FAILED',
      `The sizes are invalid: ${normalised.errors.map((e) => e.message).join('; ')}.`,
      {
        errors: normalised.errors,
      },
    );
  return normalised.sizes;
}

export type CatalogService = ReturnType<typeof createCatalogService>;

export function createCatalogService(deps: { db: Db; clock: Clock; ids: IdGenerator; audit: AuditService }) {
  const { db, clock, ids, audit } = deps;

  async function assertNameFree(ex: Db['kysely'], name: string, exceptId?: string): Promise<void> {
    if (await catalogRepo.nameTaken(ex, name, exceptId)) {
      throw new AppError(
        'NAME_TAKEN',
        `A catalog item named "${name}" exists already: choose another name or edit that item.`,
        { field: 'name' },
      );
    }
  }

  return {
    /** Everybody signed in lists the catalog; customers see active items only. */
    async list(ctx: Ctx, filter: { kind?: RequestKind; active?: boolean; cursor?: string; limit?: number }) {
      authorize(ctx.actor, catalogPolicy.read, 'Sign in first.');
      const limit = filter.limit ?? 50;
      const after = byId.decode(filter.cursor);
      const active = catalogPolicy.seeInactive(ctx.actor) ? filter.active : true;
      const rows = await catalogRepo.list(db.kysely, {
        ...(filter.kind ? { kind: filter.kind } : {}),
        ...(active !== undefined ? { active } : {}),
        ...(after ? { afterId: after[0] } : {}),
        limit: limit + 1,
      });
      const page = toPage(rows, limit, byId, (r) => [r.id]);
      return { items: page.items.map(toCatalogItemView), nextCursor: page.nextCursor };
    },

    /** One catalog item; an inactive one is not found for customers. */
    async get(ctx: Ctx, id: string) {
      authorize(ctx.actor, catalogPolicy.read, 'Sign in first.');
      const row = await catalogRepo.byId(db.kysely, id);
      if (!row || (!row.active && !catalogPolicy.seeInactive(ctx.actor)))
        throw new AppError('NOT_FOUND', `Catalog item ${id} not found.`);
      return toCatalogItemView(row);
    },

    /** Admins add a service to the catalog; names are unique regardless of case. */
    async create(ctx: Ctx, input: CreateCatalogItemBody) {
      authorize(ctx.actor, catalogPolicy.manage, 'Only administrators edit the service catalog.');
      const sizes = sizesOrThrow(input.sizes);
      const id = ids.next('cat');
      await db.transaction(async (trx) => {
        await assertNameFree(trx, input.name);
        const at = clock.now();
        await catalogRepo.insert(trx, {
          id,
          kind: input.kind,
          name: input.name,
          description: input.description,
          sizes: JSON.stringify(sizes),
          deliverables: JSON.stringify(input.deliverables),
          minimum_billable_minutes: input.minimumBillableMinutes,
          lead_time_days: input.leadTimeDays,
          required_skills: JSON.stringify(input.requiredSkills),
          active: input.active,
          created_at: at,
          updated_at: at,
        });
        await audit.record(trx, ctx, {
          action: 'catalog_item.created',
          entityType: 'catalog_item',
          entityId: id,
          after: { ...input, sizes },
        });
      });
      return toCatalogItemView((await catalogRepo.byId(db.kysely, id))!);
    },

    /** Admins edit a catalog item; requests already received keep the lead time that applied to them. */
    async update(ctx: Ctx, id: string, patch: UpdateCatalogItemBody) {
      authorize(ctx.actor, catalogPolicy.manage, 'Only administrators edit the service catalog.');
      const sizes = patch.sizes ? sizesOrThrow(patch.sizes) : undefined;
      await db.transaction(async (trx) => {
        const row = await catalogRepo.byIdForUpdate(trx, id);
        if (!row) throw new AppError('NOT_FOUND', `Catalog item ${id} not found.`);
        if (patch.revision !== undefined && patch.revision !== row.revision) {
          throw new AppError(
            'STALE_REVISION',
            `Catalog item ${id} changed since you read it (revision ${row.revision}, you edited ${patch.revision}): reload it and apply your change again.`,
            { currentRevision: row.revision },
          );
        }
        if (patch.name !== undefined) await assertNameFree(trx, patch.name, id);
        const next = {
          ...(patch.kind !== undefined ? { kind: patch.kind } : {}),
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.description !== undefined ? { description: patch.description } : {}),
          ...(sizes ? { sizes: JSON.stringify(sizes) } : {}),
          ...(patch.deliverables ? { deliverables: JSON.stringify(patch.deliverables) } : {}),
          ...(patch.minimumBillableMinutes !== undefined
            ? { minimum_billable_minutes: patch.minimumBillableMinutes }
            : {}),
          ...(patch.leadTimeDays !== undefined ? { lead_time_days: patch.leadTimeDays } : {}),
          ...(patch.requiredSkills ? { required_skills: JSON.stringify(patch.requiredSkills) } : {}),
          ...(patch.active !== undefined ? { active: patch.active } : {}),
        };
        await catalogRepo.update(trx, id, { ...next, updated_at: clock.now() });
        const { revision: _r, ...changes } = patch;
        const before = toCatalogItemView(row) as Record<string, unknown>;
        await audit.record(trx, ctx, {
          action: 'catalog_item.updated',
          entityType: 'catalog_item',
          entityId: id,
          before: Object.fromEntries(Object.keys(changes).map((k) => [k, before[k]])),
          after: { ...changes, ...(sizes ? { sizes } : {}) },
        });
      });
      return toCatalogItemView((await catalogRepo.byId(db.kysely, id))!);
    },
  };
}
