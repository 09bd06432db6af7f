import type { Db, Executor } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import { FirmSettings, staffingWeightKeys } from '../../shared/contracts/settings.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { authorize } from '../authz.ts';
import { actorLabel, type Ctx } from '../context.ts';
import { settingsRepo } from './settings.repo.ts';
import { settingsPolicy } from './settings.policy.ts';

/** Each firm-wide setting is its own row, so two admins changing different settings never undo each other. */
const firmKeys = [
  'leadTimeDays',
  'emergencyApprovalDeadlineHours',
  'proactiveApprovalDeadlineDays',
  ...staffingWeightKeys,
] as const;
type FirmKey = (typeof firmKeys)[number];
const keyOf = (key: FirmKey) => `firm.${key}`;

interface StoredSetting {
  value: number;
  updatedAt: string;
  updatedBy: string;
}

export type FirmSettingsChange = Partial<FirmSettings> & { reason: string };

export type SettingsService = ReturnType<typeof createSettingsService>;

export function createSettingsService(deps: { db: Db; clock: Clock; audit: AuditService }) {
  const { db, clock, audit } = deps;

  async function stored(ex: Executor) {
    const rows = await Promise.all(
      firmKeys.map(async (k) => [k, await settingsRepo.get<StoredSetting>(ex, keyOf(k))] as const),
    );
    const settings = FirmSettings.parse(
      Object.fromEntries(rows.filter(([, r]) => r !== undefined).map(([k, r]) => [k, r!.value])),
    );
    const latest = rows
      .map(([, r]) => r)
      .filter((r): r is StoredSetting => r !== undefined)
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
    return { ...settings, updatedAt: latest ? new Date(latest.updatedAt) : null, updatedBy: latest?.updatedBy ?? null };
  }

  return {
    /** The firm-wide settings with their defaults, on the caller's executor (other features read them inside their transaction). */
    async firmSettings(ex: Executor): Promise<FirmSettings> {
      const { updatedAt: _a, updatedBy: _b, ...settings } = await stored(ex);
      return settings;
    },

    /** Provider staff read the firm-wide settings. */
    async get(ctx: Ctx) {
      authorize(ctx.actor, settingsPolicy.read, 'Only provider staff read the firm-wide settings.');
      return stored(db.kysely);
    },

    /**
     * Admins change the firm-wide settings with a reason; the change is audited and applies to what
     * happens afterwards (a raised lead time applies to requests received later, never to earlier ones).
     */
    async update(ctx: Ctx, change: FirmSettingsChange) {
      authorize(ctx.actor, settingsPolicy.update, 'Only administrators change the firm-wide settings.');
      const actor = ctx.actor;
      return db.transaction(async (trx) => {
        const { updatedAt: _a, updatedBy: _b, ...before } = await stored(trx);
        const at = clock.now();
        const changed: Partial<FirmSettings> = {};
        for (const k of firmKeys) {
          const value = change[k];
          if (value === undefined || value === before[k]) continue;
          changed[k] = value;
          await settingsRepo.put(
            trx,
            keyOf(k),
            { value: value, updatedAt: at.toISOString(), updatedBy: actorLabel(actor) } satisfies StoredSetting,
            actor.userId,
            at,
          );
        }
        await audit.record(trx, ctx, {
          action: 'settings.updated',
          entityType: 'settings',
          entityId: 'firm',
          before: Object.fromEntries(Object.keys(changed).map((k) => [k, before[k as FirmKey]])),
          after: { ...changed, reason: change.reason },
        });
        return stored(trx);
      });
    },
  };
}
