import type { Executor } from '../../db/create-db.ts';
import type { SettingsService } from '../settings/settings.service.ts';

/**
 * The firm's 24×7 hotline(s) as one line a customer reads ("+1 312 555 0100 (24×7 incident hotline)"),
 * from the firm's profile; null while none is set.
 */
export async function firmHotline(settings: SettingsService, ex: Executor): Promise<string | null> {
  const { hotlines } = await settings.firmProfile(ex);
  return hotlines.length ? hotlines.map((hotline) => `${hotline.number} (${hotline.label})`).join('; ') : null;
}
