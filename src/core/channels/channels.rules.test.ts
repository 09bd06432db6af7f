import { describe, expect, it } from 'vitest';
import {
  emailDescription,
  emergencyFromSubject,
  expiryWording,
  fittingServices,
  mailCommand,
  reminderThreshold,
} from './channels.rules.ts';

describe('reminderThreshold', () => {
  it('is the nearest threshold not yet passed, none beyond 90 days or after the term', () => {
    expect([120, 91, 90, 61, 60, 31, 30, 1, 0, -1].map(reminderThreshold)).toEqual([
      null,
      null,
      90,
      90,
      60,
      60,
      30,
      30,
      30,
      null,
    ]);
  });
});

describe('mailCommand', () => {
  it('reads BALANCE as the subject (after Re:/Fwd:) or the first word; everything else to emergency@ is an emergency', () => {
    expect(mailCommand('balance', 'anything', 'at all')).toBe('balance');
    expect(mailCommand('emergency', 'Balance', '')).toBe('balance');
    expect(mailCommand('emergency', 'RE: Fwd: balance ', '')).toBe('balance');
    expect(mailCommand('emergency', 'question', 'balance?\n> quoted')).toBe('balance');
    expect(mailCommand('emergency', 'Balance sheet encrypted', 'help')).toBe('emergency');
    expect(mailCommand('emergency', 'P1', 'our balance service is down')).toBe('emergency');
  });
});

describe('emergencyFromSubject', () => {
  it('takes P1–P4 and a named incident type from the subject, else P2 and other', () => {
    expect(emergencyFromSubject('P1 Ransomware!')).toEqual({ severity: 'P1', incidentType: 'ransomware' });
    expect(emergencyFromSubject('[p3] business email compromise at HQ')).toEqual({
      severity: 'P3',
      incidentType: 'business_email_compromise',
    });
    expect(emergencyFromSubject('Help: P5 or P12')).toEqual({ severity: 'P2', incidentType: 'other' });
    expect(emergencyFromSubject('')).toEqual({ severity: 'P2', incidentType: 'other' });
  });

  it('keeps subject and body within the request description limit', () => {
    expect(emailDescription('  S ', ' B ')).toBe('S\n\nB');
    expect(emailDescription('', '')).toBe('(empty email)');
    expect(emailDescription('x', 'y'.repeat(30_000))).toHaveLength(20_000);
  });
});

describe('fittingServices and expiryWording', () => {
  const items = [
    {
      id: 'cat_a',
      name: 'Tabletop',
      sizes: [
        { code: 'S', label: 'Small', estimateMinutes: 480, fixedPriceMinutes: 480, fixedPriceUnits: 800 },
        { code: 'L', label: 'Large', estimateMinutes: 1920, fixedPriceMinutes: 1920, fixedPriceUnits: 3200 },
      ],
    },
    {
      id: 'cat_b',
      name: 'T&M only',
      sizes: [{ code: 'M', estimateMinutes: 60, fixedPriceMinutes: null, fixedPriceUnits: null }],
    },
  ];
  it('offers the largest size of each item whose fixed price fits the available balance, in the contract unit', () => {
    expect(fittingServices(items, 'hours', 1000)).toEqual([
      { catalogItemId: 'cat_a', name: 'Tabletop (Small)', price: 480, display: '8h 00m' },
    ]);
    expect(fittingServices(items, 'service_units', 5000)[0]).toMatchObject({
      name: 'Tabletop (Large)',
      display: '32.00 SU',
    });
    expect(fittingServices(items, 'hours', 100)).toEqual([]);
  });
  it('says what the term end does with the balance', () => {
    expect(expiryWording({ mode: 'expire' }, true)).toMatch(/expires: it does not carry over/);
    expect(expiryWording({ mode: 'rollover', percent: 50 }, true)).toMatch(
      /50 % .* rolls over to the renewed retainer/,
    );
    expect(expiryWording({ mode: 'rollover', percent: 50 }, false)).toMatch(/if the retainer is renewed/);
  });
});
