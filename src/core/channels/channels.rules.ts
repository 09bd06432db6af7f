/** Pure rules of the customer's channels: reminder thresholds, what a mail to balance@ or emergency@ asks for. */
import { DateTime } from 'luxon';
import type { ContractSettings } from '../../shared/contracts/contract-settings.ts';
import { incidentTypes, type IncidentType, type Severity } from '../../shared/domain.ts';
import { quantity, type ContractUnit } from '../../shared/units.ts';
import type { CatalogSizeRow } from '../catalog/catalog.tables.ts';
import { firstWord } from '../inbound/inbound.rules.ts';

/** Term-end reminders go out this many days before the term ends (domain.md, Notifications). */
export const REMINDER_THRESHOLDS = [30, 60, 90] as const;
export type ReminderThreshold = (typeof REMINDER_THRESHOLDS)[number];

/**
 * The reminder due with `daysLeft` days to the term end: the nearest threshold not yet passed, so a
 * contract first seen 20 days before its end gets the 30-day reminder only, never the 90 and 60 late.
 */
export function reminderThreshold(daysLeft: number): ReminderThreshold | null {
  if (daysLeft < 0) return null;
  return REMINDER_THRESHOLDS.find((threshold) => daysLeft <= threshold) ?? null;
}

/** What a message to balance@ or emergency@ asks for: BALANCE as its subject or first word is a balance question. */
export function mailCommand(tag: 'balance' | 'emergency', subject: string, body: string): 'balance' | 'emergency' {
  if (tag === 'balance') return 'balance';
  const subjectWord = subject
    .replace(/^\s*((re|fw|fwd)\s*:\s*)+/i, '')
    .trim()
    .toUpperCase();
  if (subjectWord === 'BALANCE' || firstWord(body).word === 'BALANCE') return 'balance';
  return 'emergency';
}

/** Severity P2 unless the subject names P1–P4; incident type `other` unless the subject names one (IR managers correct both at triage). */
export function emergencyFromSubject(subject: string): { severity: Severity; incidentType: IncidentType } {
  const severity = /\bP([1-4])\b/i.exec(subject);
  const words = ` ${subject.toLowerCase().replace(/[^a-z0-9]+/g, ' ')} `;
  const named = incidentTypes.find((type) => type !== 'other' && words.includes(` ${type.replace(/_/g, ' ')} `));
  return {
    severity: severity ? (`P${severity[1]}` as Severity) : 'P2',
    incidentType: named ?? 'other',
  };
}

/** The description of a request made by email: the subject, then the body, within the request's 20,000 characters. */
export function emailDescription(subject: string, body: string): string {
  const text = [subject.trim(), body.trim()].filter(Boolean).join('\n\n') || '(empty email)';
  return text.length > 20_000 ? `${text.slice(0, 19_999)}…` : text;
}

/** A service the remaining balance could still pay for: a proactive item's size whose fixed price fits. */
export interface FittingService {
  catalogItemId: string;
  name: string;
  price: number;
  display: string;
}

/** The proactive catalog's sizes whose fixed price (in the contract's unit) fits in `available`, cheapest last per item. */
export function fittingServices(
  items: readonly { id: string; name: string; sizes: readonly CatalogSizeRow[] }[],
  unit: ContractUnit,
  available: number,
): FittingService[] {
  const out: FittingService[] = [];
  for (const item of items) {
    const prices = item.sizes
      .map((size) => ({ size, price: unit === 'hours' ? size.fixedPriceMinutes : size.fixedPriceUnits }))
      .filter((entry): entry is { size: CatalogSizeRow; price: number } => entry.price !== null)
      .filter((entry) => entry.price > 0 && entry.price <= available)
      .sort((a, b) => b.price - a.price);
    const best = prices[0];
    if (!best) continue;
    const label = best.size.label ?? best.size.code;
    out.push({
      catalogItemId: item.id,
      name: `${item.name} (${label})`,
      price: best.price,
      display: quantity(best.price, unit).display,
    });
  }
  return out;
}

/** What the term end will do with what is left, in words a customer reads. */
export function expiryWording(policy: ContractSettings['expiryPolicy'], hasSuccessor: boolean): string {
  if (policy.mode === 'rollover' && policy.percent > 0) {
    return hasSuccessor
      ? `When the term ends, ${policy.percent} % of the available balance rolls over to the renewed retainer and the rest expires.`
      : `When the term ends, ${policy.percent} % of the available balance rolls over if the retainer is renewed; otherwise it expires.`;
  }
  return 'When the term ends, the available balance expires: it does not carry over to a new term.';
}

/** A calendar date as a person reads it: "31 December 2026". */
export const humanDate = (date: string): string => DateTime.fromISO(date).toFormat('d LLLL yyyy');

/** An instant in the reader's zone: "3 December 2026, 04:07 (America/Chicago)". */
export const humanInstant = (at: Date, timeZone: string): string =>
  `${DateTime.fromJSDate(at, { zone: timeZone }).toFormat('d LLLL yyyy, HH:mm')} (${timeZone})`;
