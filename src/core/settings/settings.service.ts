import type { Db, Executor } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import {
  FirmSettings,
  staffingWeightKeys,
  type FirmProfile,
  type UpdateFirmProfileBody,
} from '../../shared/contracts/settings.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Deferred, FilesService, UploadedFile } from '../files/files.service.ts';
import { authorize } from '../authz.ts';
import type { Ctx } from '../context.ts';
import {
  parseProfile,
  present,
  profileKeyOf,
  profileKeys,
  putSetting,
  readRows,
  type StoredSetting,
} from './settings.store.ts';
import { currentLogo, removeLogo, uploadLogo } from './logo.ts';
import { portalFirm } from './portal-firm.ts';
import { settingsPolicy } from './settings.policy.ts';

/** Each firm-wide setting is its own row, so two admins changing different settings never undo each other. */
const firmKeys = [
  'leadTimeDays',
  'emergencyApprovalDeadlineHours',
  'proactiveApprovalDeadlineDays',
  'defaultCurrency',
  ...staffingWeightKeys,
] as const;
type FirmKey = (typeof firmKeys)[number];
const keyOf = (key: FirmKey) => `firm.${key}`;

export type FirmSettingsChange = Partial<FirmSettings> & { reason: string; profile?: UpdateFirmProfileBody };

export type SettingsService = ReturnType<typeof createSettingsService>;

/**
 * The firm's profile with its defaults on `ex`: for the mail outbox and delivery, wired before the
 * settings service (the service's `firmProfile(ex)` is the same read).
 */
export async function readFirmProfile(ex: Executor): Promise<FirmProfile> {
  return parseProfile(await readRows(ex, profileKeys, profileKeyOf));
}

export function createSettingsService(deps: { db: Db; clock: Clock; audit: AuditService; files: FilesService }) {
  const { db, clock, audit } = deps;

  async function stored(ex: Executor) {
    const rows = await readRows(ex, firmKeys, keyOf);
    const profileRows = await readRows(ex, profileKeys, profileKeyOf);
    const settings = FirmSettings.parse(Object.fromEntries(present(rows)));
    const latest = [...rows, ...profileRows]
      .map(([, r]) => r)
      .filter((r): r is StoredSetting => r !== undefined)
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
    return {
      ...settings,
      profile: parseProfile(profileRows),
      updatedAt: latest ? new Date(latest.updatedAt) : null,
      updatedBy: latest?.updatedBy ?? null,
    };
  }

  return {
    /** The firm-wide settings with their defaults, on the caller's executor (other features read them inside their transaction). */
    async firmSettings(ex: Executor): Promise<FirmSettings> {
      const { updatedAt: _a, updatedBy: _b, profile: _p, ...settings } = await stored(ex);
      return settings;
    },

    /**
     * The firm's profile with its defaults (name, address, hotlines, support email, website, logo), on the
     * caller's executor: documents, emails and the portal read it inside their own transaction.
     */
    async firmProfile(ex: Executor): Promise<FirmProfile> {
      return parseProfile(await readRows(ex, profileKeys, profileKeyOf));
    },

    /**
     * The firm's logo with its bytes, or null (none uploaded): a PDF passes a PNG's bytes to
     * `drawLetterhead(pdf, firm, logo?.content)`; the logo route serves it.
     */
    async firmLogo(ex: Executor): Promise<{ contentType: string; content: Buffer; sha256: string } | null> {
      return currentLogo(deps, ex);
    },

    /** Admins upload the logo (PNG or plain SVG) with a reason. */
    uploadLogo: (ctx: Ctx, input: Deferred<{ file: UploadedFile | undefined; reason: string }>) =>
      uploadLogo(deps, ctx, input),

    /** Admins remove the logo with a reason. */
    removeLogo: (ctx: Ctx, reason: string) => removeLogo(deps, ctx, reason),

    /** The logo as the public route serves it, or null (none uploaded). */
    logo: () => currentLogo(deps, db.kysely),

    /** The firm's public profile and the customer user's own account team (portal). */
    portalFirm: (ctx: Ctx) => portalFirm(deps, ctx),

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
      return db.transaction(async (trx) => {
        const { updatedAt: _a, updatedBy: _b, profile: beforeProfile, ...before } = await stored(trx);
        const at = clock.now();
        const changed: Record<string, unknown> = {};
        const previous: Record<string, unknown> = {};
        for (const k of firmKeys) {
          const value = change[k];
          if (value === undefined || value === before[k]) continue;
          changed[k] = value;
          previous[k] = before[k];
          await putSetting(trx, ctx, keyOf(k), value, at);
        }
        for (const k of profileKeys) {
          if (k === 'logo') continue;
          const value = change.profile?.[k];
          if (value === undefined || JSON.stringify(value) === JSON.stringify(beforeProfile[k])) continue;
          changed[`profile.${k}`] = value;
          previous[`profile.${k}`] = beforeProfile[k];
          await putSetting(trx, ctx, profileKeyOf(k), value, at);
        }
        await audit.record(trx, ctx, {
          action: 'settings.updated',
          entityType: 'settings',
          entityId: 'firm',
          before: previous,
          after: { ...changed, reason: change.reason },
        });
        return stored(trx);
      });
    },
  };
}
