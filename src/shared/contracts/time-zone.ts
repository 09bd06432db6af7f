import { IANAZone } from 'luxon';
import { z } from 'zod';

/** An IANA time zone name that luxon (and so every date rule of the product) understands. */
export const isValidTimeZone = (zone: string): boolean => zone.trim() !== '' && IANAZone.isValidZone(zone.trim());
/** The zone's canonical spelling when it differs only in case ('america/chicago' → 'America/Chicago'); links stay as given. */
export function canonicalTimeZone(zone: string): string {
  const given = zone.trim();
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: given }).resolvedOptions().timeZone;
    return resolved.toLowerCase() === given.toLowerCase() ? resolved : given;
  } catch {
    return given;
  }
}
export const timeZoneMessage = 'must be an IANA time zone such as America/Chicago or Europe/Berlin';

export const TimeZone = z.string().trim().min(1).max(64).refine(isValidTimeZone, { message: timeZoneMessage });
