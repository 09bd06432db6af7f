import type { Executor } from '../../db/create-db.ts';
import { FirmProfile } from '../../shared/contracts/settings.ts';
import { actorLabel, type Ctx } from '../context.ts';
import { settingsRepo } from './settings.repo.ts';

/** The profile's fields, one row each as well (`firm.profile.<field>`). */
export const profileKeys = [
  'name',
  'postalAddress',
  'hotlines',
  'supportEmail',
  'website',
  'logo',
  'timeZone',
] as const;
export type ProfileKey = (typeof profileKeys)[number];
export const profileKeyOf = (key: ProfileKey) => `firm.profile.${key}`;

/** A stored setting: any JSON value (a number, a string, a list, an object), who changed it and when. */
export interface StoredSetting<T = unknown> {
  value: T;
  updatedAt: string;
  updatedBy: string;
}

export type Row = readonly [string, StoredSetting | undefined];
export const present = (rows: readonly Row[]) => rows.filter(([, r]) => r !== undefined).map(([k, r]) => [k, r!.value]);

/** The stored rows of `keys` in one query, as [key, stored setting or undefined]. */
export async function readRows<K extends string>(ex: Executor, keys: readonly K[], keyFn: (k: K) => string) {
  const stored = await settingsRepo.getMany(ex, keys.map(keyFn));
  return keys.map((k) => [k, stored.get(keyFn(k)) as StoredSetting | undefined] as const);
}

/** The profile with its defaults; a stored field that no longer parses (an older shape) falls back to its default. */
export function parseProfile(rows: readonly Row[]): FirmProfile {
  const values: Record<string, unknown> = {};
  for (const [k, v] of present(rows)) {
    const one = FirmProfile.shape[k as ProfileKey].safeParse(v);
    if (one.success) values[k as string] = one.data;
  }
  return FirmProfile.parse(values);
}

/** Stores one setting's value with who changed it and when (its own row: concurrent edits of others stay). */
export async function putSetting(trx: Executor, ctx: Ctx, key: string, value: unknown, at: Date): Promise<void> {
  const actor = ctx.actor;
  const row: StoredSetting = { value, updatedAt: at.toISOString(), updatedBy: actorLabel(actor) };
  await settingsRepo.put(trx, key, row, actor.type === 'user' ? actor.userId : null, at);
}
