import type {
  CreateTopUpPackageBody,
  OfferedTopUpPackage,
  TopUpPackage,
  UpdateTopUpPackageBody,
} from '../../shared/contracts/topups.ts';
import { AppError } from '../../shared/errors.ts';
import { quantity } from '../../shared/units.ts';
import { authorize, providerWith } from '../authz.ts';
import { commerceRepo } from '../commerce/commerce.repo.ts';
import { commercePolicy, MONEY_FORBIDDEN } from '../commerce/commerce.policy.ts';
import { moneyView } from '../commerce/commerce.views.ts';
import { actorLabel, type Ctx } from '../context.ts';
import { loadContract } from '../contracts/contracts.load.ts';
import type { Executor } from '../../db/create-db.ts';
import { normalisePrices, packageRefusal, priceIn } from './packages.rules.ts';
import { packagesRepo, type TopUpPackageRow } from './packages.repo.ts';
import type { TopUpsDeps } from './topups.deps.ts';
import { assertMayRead } from './topups.policy.ts';

/** Admins and account managers keep the firm's top-up packages (and the system, for the demo). */
const staffManaging = providerWith('admin', 'account_manager');
const managesPackages = (actor: Ctx['actor']): boolean => actor.type === 'system' || staffManaging(actor);
const MANAGE_MESSAGE = 'Only administrators and account managers edit the top-up packages.';

/** A package as staff read it: every price. */
export const toPackageView = (row: TopUpPackageRow): TopUpPackage => ({
  id: row.id,
  name: row.name,
  unit: row.unit,
  quantity: quantity(row.quantity, row.unit),
  prices: row.prices.map((p) => moneyView(p.amountMinor, p.currency)),
  active: row.active,
  revision: row.revision,
  updatedAt: row.updated_at.toISOString(),
});

async function assertNameFree(ex: Executor, name: string, exceptId?: string): Promise<void> {
  if (await packagesRepo.nameTaken(ex, name, exceptId))
    throw new AppError('NAME_TAKEN', `A top-up package named "${name}" exists already: choose another name.`, {
      field: 'name',
    });
}

/** Every package, active and retired (staff who see money); `active` filters. */
export async function listPackages(deps: TopUpsDeps, ctx: Ctx, q: { active?: boolean }): Promise<TopUpPackage[]> {
  authorize(ctx.actor, commercePolicy.readsFullTerms, MONEY_FORBIDDEN);
  const rows = await packagesRepo.list(deps.db.kysely, q.active === undefined ? {} : { active: q.active });
  return rows.map(toPackageView);
}

/**
 * The packages a contract's customer may ask for: active, of the contract's unit, with a price in the
 * contract's currency (none while the contract has no terms). Whoever reads the contract and sees money.
 */
export async function offeredPackages(deps: TopUpsDeps, ctx: Ctx, contractId: string): Promise<OfferedTopUpPackage[]> {
  const ex = deps.db.kysely;
  const contract = await loadContract(ex, contractId);
  const customer = { id: contract.customer_id, organization_id: contract.organization_id };
  await assertMayRead(ex, ctx.actor, customer, `Contract ${contractId}`);
  authorize(ctx.actor, commercePolicy.seesMoney, MONEY_FORBIDDEN);
  const currency = (await commerceRepo.readTerms(ex, contractId))?.currency;
  const rows = await packagesRepo.list(ex, { active: true, unit: contract.unit });
  return rows.flatMap((row) => {
    const price = priceIn(row.prices, currency);
    return price
      ? [
          {
            id: row.id,
            name: row.name,
            quantity: quantity(row.quantity, row.unit),
            price: moneyView(price.amountMinor, price.currency),
          },
        ]
      : [];
  });
}

/** Admins and account managers add a package (active); names are unique regardless of case. */
export async function createPackage(deps: TopUpsDeps, ctx: Ctx, input: CreateTopUpPackageBody): Promise<TopUpPackage> {
  authorize(ctx.actor, managesPackages, MANAGE_MESSAGE);
  const prices = normalisePrices(input.prices);
  const id = deps.ids.next('pkg');
  await deps.db.transaction(async (trx) => {
    await assertNameFree(trx, input.name);
    const at = deps.clock.now();
    await packagesRepo.insert(trx, {
      id,
      name: input.name,
      unit: input.unit,
      quantity: input.quantity,
      prices: JSON.stringify(prices),
      created_at: at,
      updated_at: at,
      updated_by: actorLabel(ctx.actor),
    });
    await deps.audit.record(trx, ctx, {
      action: 'topup_package.created',
      entityType: 'topup_package',
      entityId: id,
      after: { name: input.name, unit: input.unit, quantity: input.quantity, prices },
    });
  });
  return toPackageView((await packagesRepo.byId(deps.db.kysely, id))!);
}

/**
 * Renames, reprices, retires or reactivates a package (admins, account managers). Requests already made keep
 * the name, quantity and price they were made with; a retired package can no longer be asked for.
 */
export async function updatePackage(
  deps: TopUpsDeps,
  ctx: Ctx,
  id: string,
  patch: UpdateTopUpPackageBody,
): Promise<TopUpPackage> {
  authorize(ctx.actor, managesPackages, MANAGE_MESSAGE);
  const prices = patch.prices ? normalisePrices(patch.prices) : undefined;
  await deps.db.transaction(async (trx) => {
    const row = await packagesRepo.byIdForUpdate(trx, id);
    if (!row) throw new AppError('NOT_FOUND', `Top-up package ${id} not found.`);
    if (patch.revision !== undefined && patch.revision !== row.revision)
      throw new AppError(
        'STALE_REVISION',
        `The package "${row.name}" changed since you read it: reload it and apply your change again.`,
        { currentRevision: row.revision },
      );
    if (patch.name !== undefined) await assertNameFree(trx, patch.name, id);
    const { revision: _r, ...changes } = patch;
    await packagesRepo.update(trx, id, {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.quantity !== undefined ? { quantity: patch.quantity } : {}),
      ...(prices ? { prices: JSON.stringify(prices) } : {}),
      ...(patch.active !== undefined ? { active: patch.active } : {}),
      updated_at: deps.clock.now(),
      updated_by: actorLabel(ctx.actor),
    });
    await deps.audit.record(trx, ctx, {
      action: 'topup_package.updated',
      entityType: 'topup_package',
      entityId: id,
      before: { name: row.name, quantity: row.quantity, prices: row.prices, active: row.active },
      after: { ...changes, ...(prices ? { prices } : {}) },
    });
  });
  return toPackageView((await packagesRepo.byId(deps.db.kysely, id))!);
}

/** What a request for a package records: its quantity, and its name and price in the contract's currency now. */
export interface PackageChoice {
  id: string;
  name: string;
  quantity: number;
  priceMinor: number;
  currency: string;
}

/**
 * The package a request names, checked against its contract (on the request's transaction): unknown,
 * retired, of another unit or without a price in the contract's currency is 422 PACKAGE_NOT_AVAILABLE.
 */
export async function choosePackage(
  trx: Executor,
  packageId: string,
  contract: { id: string; number: string; unit: string },
): Promise<PackageChoice> {
  const row = await packagesRepo.byId(trx, packageId);
  if (!row)
    throw new AppError(
      'PACKAGE_NOT_AVAILABLE',
      'That package is not offered: choose one from the list or give a quantity.',
    );
  const currency = (await commerceRepo.readTerms(trx, contract.id))?.currency ?? null;
  const refusal = packageRefusal(row, { number: contract.number, unit: contract.unit, currency });
  const price = priceIn(row.prices, currency);
  if (refusal || !price || !currency) throw new AppError('PACKAGE_NOT_AVAILABLE', refusal ?? 'Package not available.');
  return { id: row.id, name: row.name, quantity: row.quantity, priceMinor: price.amountMinor, currency };
}
