/** The staff timeline's pure rules, shared by the server (its read model) and the web page (its filters). */

export const timelineRegions = ['Americas', 'Europe', 'Africa', 'Middle East', 'Asia-Pacific', 'Other'] as const;
export type TimelineRegion = (typeof timelineRegions)[number];

const middleEast = new Set([
  'Asia/Dubai',
  'Asia/Riyadh',
  'Asia/Qatar',
  'Asia/Bahrain',
  'Asia/Kuwait',
  'Asia/Muscat',
  'Asia/Jerusalem',
  'Asia/Tel_Aviv',
  'Asia/Amman',
  'Asia/Beirut',
  'Asia/Baghdad',
  'Asia/Tehran',
  'Asia/Damascus',
  'Europe/Istanbul',
]);

/** The region of a consultant, read from the IANA area of his time zone (Europe/Berlin → Europe). */
export function regionOfZone(zone: string): TimelineRegion {
  if (middleEast.has(zone)) return 'Middle East';
  const area = zone.split('/')[0];
  switch (area) {
    case 'America':
    case 'US':
    case 'Canada':
    case 'Brazil':
      return 'Americas';
    case 'Europe':
    case 'Atlantic':
      return 'Europe';
    case 'Africa':
      return 'Africa';
    case 'Asia':
    case 'Australia':
    case 'Pacific':
    case 'Indian':
      return 'Asia-Pacific';
    default:
      return 'Other';
  }
}

/** The longest span the timeline shows at once. */
export const TIMELINE_MAX_DAYS = 92;

/** Where an instant falls across [from, to) as a share 0–1 (clamped): the horizontal position of a bar. */
export function shareOf(instant: number, from: number, to: number): number {
  if (to <= from) return 0;
  return Math.min(1, Math.max(0, (instant - from) / (to - from)));
}
