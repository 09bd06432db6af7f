import type { Db, Executor } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import { FirmProfile, FirmSettings, type UpdateFirmProfileBody } from '../../shared/contracts/settings.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { FilesService } from '../files/files.service.ts';
import { authorize } from '../authz.ts';
import { actorLabel, type Ctx } from '../context.ts';
import { settingsRepo } from './settings.repo.ts';
import { settingsPolicy } from './settings.policy.ts';

/** Each firm-wide setting is its own row, so two admins changing different settings never undo each other. */
const firmKeys = ['leadTimeDays', 'emergencyApprovalDeadlineHours', 'proactiveApprovalDeadlineDays'] as const;
type FirmKey = (typeof firmKeys)[number];
const keyOf = (key: FirmKey) => `firm.${key}`;

/** The profile's fields, one row each as well (`firm.profile.<field>`). */
const profileKeys = ['name', 'postalAddress', 'hotlines', 'supportEmail', 'website', 'logo'] as const;
type ProfileKey = (typeof profileKeys)[number];
const profileKeyOf = (key: ProfileKey) => `firm.profile.${key}`;

/** A stored setting: any JSON value (a number, a string, a list, an object), who changed it and when. */
interface StoredSetting<T = unknown> {
  value: T;
  updatedAt: string;
  updatedBy: string;
}

export type FirmSettingsChange = Partial<FirmSettings> & { reason: string; profile?: UpdateFirmProfileBody };

export type SettingsService = ReturnType<typeof createSettingsService>;

type Row = readonly [string, StoredSetting | undefined];
const present = (rows: readonly Row[]) => rows.filter(([, r]) => r !== undefined).map(([k, r]) => [k, r!.value]);

async function readRows<K extends string>(ex: Executor, keys: readonly K[], keyFn: (k: K) => string) {
  return Promise.all(keys.map(async (k) => [k, await settingsRepo.get<StoredSetting>(ex, keyFn(k))] as const));
}

/** The profile with its defaults; a stored field that no longer parses (an older shape) falls back to its default. */
function parseProfile(rows: readonly Row[]): FirmProfile {
  const values: Record<string, unknown> = {};
  for (const [k, v] of present(rows)) {
    const one = FirmProfile.shape[k as ProfileKey].safeParse(v);
    if (one.success) values[k as string] = one.data;
  }
  return FirmProfile.parse(values);
}

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

  async function put(trx: Executor, ctx: Ctx, key: string, value: unknown, at: Date) {
    const actor = ctx.actor;
    const row: StoredSetting = { value, updatedAt: at.toISOString(), updatedBy: actorLabel(actor) };
    await settingsRepo.put(trx, key, row, actor.type === 'user' ? actor.userId : null, at);
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
      const logo = parseProfile(await readRows(ex, profileKeys, profileKeyOf)).logo;
      if (!logo) return null;
      const file = await deps.files.read(ex, logo.fileId);
      return file ? { contentType: file.contentType, content: file.content, sha256: file.sha256 } : null;
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
          await put(trx, ctx, keyOf(k), value, at);
        }
        for (const k of profileKeys) {
          if (k === 'logo') continue;
          const value = change.profile?.[k];
          if (value === undefined || JSON.stringify(value) === JSON.stringify(beforeProfile[k])) continue;
          changed[`profile.${k}`] = value;
          previous[`profile.${k}`] = beforeProfile[k];
          await put(trx, ctx, profileKeyOf(k), value, at);
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
