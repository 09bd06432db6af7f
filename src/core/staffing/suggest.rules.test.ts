import { describe, expect, it } from 'vitest';
import {
  dailyOverlapMinutes,
  defaultStaffingWeights,
  freeMs,
  greatCircleKm,
  hoursInWindow,
  rankCandidates,
  travelEstimate,
  type Candidate,
  type DailyHours,
  type SuggestTarget,
} from './suggest.rules.ts';

const nineToFive = (timeZone: string): DailyHours => ({
  startMinute: 540,
  endMinute: 1020,
  weekdays: [1, 2, 3, 4, 5],
  timeZone,
});

// Mon 2027-01-04 .. Sat 2027-01-09 in New York: five working days.
const target = (over: Partial<SuggestTarget> = {}): SuggestTarget => ({
  window: { start: new Date('2027-01-04T14:00:00Z'), end: new Date('2027-01-09T05:00:00Z') },
  mode: 'remote',
  site: {
    name: 'Acme HQ',
    country: 'US',
    latitude: 40.7128,
    longitude: -74.006,
    businessHours: nineToFive('America/New_York'),
  },
  requiredSkills: [{ skillId: 'sk_win', name: 'Windows forensics', minLevel: 3 }],
  preferredCertifications: [{ id: 'ce_gcfa', name: 'GCFA' }],
  now: new Date('2026-12-28T12:00:00Z'),
  ...over,
});

function person(id: string, over: Partial<Candidate> = {}): Candidate {
  return {
    consultantId: id,
    name: id,
    skills: [{ skillId: 'sk_win', name: 'Windows forensics', level: 4 }],
    certifications: [{ certificationId: 'ce_gcfa', name: 'GCFA', expiresOn: null }],
    homeBase: { city: 'New York', country: 'US', latitude: 40.7128, longitude: -74.006 },
    workingHours: nineToFive('America/New_York'),
    travel: 'international',
    busy: [],
    ...over,
  };
}

describe('geometry', () => {
  it('measures great-circle distance: New York to London is about 5,570 km', () => {
    const km = greatCircleKm({ lat: 40.7128, lon: -74.006 }, { lat: 51.5074, lon: -0.1278 });
    expect(Math.round(km / 10) * 10).toBe(5570);
    expect(greatCircleKm({ lat: 10, lon: 10 }, { lat: 10, lon: 10 })).toBe(0);
  });
  it('estimates travel by road up to 400 km, else by air with 4 h of overhead', () => {
    expect(travelEstimate(140)).toEqual({ hours: 2, by: 'road' });
    expect(travelEstimate(5570)).toEqual({ hours: 11.5, by: 'air' });
  });
  it('overlaps New York and Berlin 9–17 by 2 h in winter, New York with itself by 8 h', () => {
    const day = new Date('2027-01-04T14:00:00Z');
    expect(dailyOverlapMinutes(nineToFive('America/New_York'), nineToFive('Europe/Berlin'), day)).toBe(120);
    expect(dailyOverlapMinutes(nineToFive('America/New_York'), nineToFive('America/New_York'), day)).toBe(480);
    expect(dailyOverlapMinutes(nineToFive('America/New_York'), nineToFive('Asia/Tokyo'), day)).toBe(0);
  });
  it('counts working hours in a window and subtracts busy periods', () => {
    const t = target();
    const iv = hoursInWindow(nineToFive('America/New_York'), t.window.start, t.window.end);
    expect(iv).toHaveLength(5);
    expect(freeMs(iv, []) / 3_600_000).toBe(40);
    const busy = [{ start: new Date('2027-01-05T00:00:00Z'), end: new Date('2027-01-06T00:00:00Z') }];
    expect(freeMs(iv, busy) / 3_600_000).toBe(32);
  });
});

describe('rankCandidates', () => {
  it('ranks by skills, zone, load and explains each criterion in a sentence', () => {
    const t = target();
    const { suggestions, excluded } = rankCandidates(
      [
        person('ada', { skills: [{ skillId: 'sk_win', name: 'Windows forensics', level: 5 }] }),
        person('ben', { workingHours: nineToFive('Europe/Berlin') }),
        person('cy', {
          busy: [
            {
              start: new Date('2027-01-05T00:00:00Z'),
              end: new Date('2027-01-07T00:00:00Z'),
              kind: 'booking',
              blocking: true,
              label: 'ENG-2026-0001',
            },
          ],
        }),
      ],
      t,
    );
    expect(excluded).toEqual([]);
    expect(suggestions.map((s) => s.consultantId)).toEqual(['ada', 'ben', 'cy']);
    const ada = suggestions[0]!;
    // skills 100 (5/5), availability 100, timeZone 100, distance not weighed, load 100, certs 100.
    expect(ada.score).toBe(100);
    const crit = Object.fromEntries(ada.criteria.map((c) => [c.key, c]));
    expect(crit.skills!.sentence).toBe('Covers the required skill: Windows forensics 5/5 (needs 3).');
    expect(crit.distance!.weight).toBe(0);
    expect(crit.distance!.sentence).toBe('Not weighed: the work is remote.');
    expect(crit.certifications!.sentence).toBe('Holds 1 of 1 preferred certifications (GCFA).');
    const ben = suggestions[1]!;
    const benZone = ben.criteria.find((c) => c.key === 'timeZone')!;
    expect(benZone.value).toBe(25);
    expect(benZone.sentence).toBe(
      "Works 09:00–17:00 Europe/Berlin; overlaps the site's business hours (09:00–17:00 America/New_York) by 2 h a day.",
    );
    // ben: skills 80*35 + 100*25 + 25*10 + 100*10 + 100*10 = 2800+2500+250+1000+1000 = 7550 / 90 = 83.9
    expect(ben.score).toBe(84);
    const cy = suggestions[2]!;
    const avail = cy.criteria.find((c) => c.key === 'availability')!;
    expect(avail.value).toBe(60);
    expect(avail.sentence).toBe(
      'Free 24 of 40 working hours in the planned window; the rest is taken by 1 booking elsewhere.',
    );
    // cy: the booking also counts as load (16 of 80 h): 80*35 + 60*25 + 100*10 + 80*10 + 100*10 = 7100 / 90 = 78.9
    expect(cy.criteria.find((c) => c.key === 'load')!.value).toBe(80);
    expect(cy.score).toBe(79);
  });

  it('weighs distance for on-site work and names the travel estimate', () => {
    const t = target({ mode: 'onsite' });
    const { suggestions } = rankCandidates(
      [
        person('far', { homeBase: { city: 'London', country: 'GB', latitude: 51.5074, longitude: -0.1278 } }),
        person('near'),
      ],
      t,
    );
    expect(suggestions.map((s) => s.consultantId)).toEqual(['near', 'far']);
    const far = suggestions[1]!.criteria.find((c) => c.key === 'distance')!;
    expect(far.sentence).toBe('Home base London, GB is 5,570 km from Acme HQ (about 11.5 h by air).');
    expect(far.value).toBe(15);
    expect(suggestions[1]!.criteria.find((c) => c.key === 'timeZone')!.weight).toBe(0);
  });

  it('measures load over the next two weeks', () => {
    const t = target({ requiredSkills: [], preferredCertifications: [] });
    const busy = {
      start: new Date('2026-12-28T14:00:00Z'),
      end: new Date('2026-12-29T00:00:00Z'),
      kind: 'booking' as const,
      blocking: false,
      label: 'ENG-2026-0002',
    };
    const { suggestions } = rankCandidates([person('x', { busy: [busy] })], t);
    const load = suggestions[0]!.criteria.find((c) => c.key === 'load')!;
    expect(load.sentence).toBe('Booked 8 of 80 working hours in the next two weeks (10 %).');
    expect(load.value).toBe(90);
  });

  it('lists apart who lacks a skill, is on time off or booked at the start, or does not travel', () => {
    const t = target();
    const { suggestions, excluded } = rankCandidates(
      [
        person('low', { skills: [{ skillId: 'sk_win', name: 'Windows forensics', level: 2 }] }),
        person('none', { skills: [] }),
        person('off', {
          busy: [
            {
              start: new Date('2027-01-01T05:00:00Z'),
              end: new Date('2027-01-06T05:00:00Z'),
              kind: 'time_off',
              blocking: true,
              label: 'time off',
            },
          ],
        }),
        person('busy', {
          busy: [
            {
              start: new Date('2027-01-04T00:00:00Z'),
              end: new Date('2027-01-04T20:00:00Z'),
              kind: 'booking',
              blocking: true,
              label: 'ENG-2026-0009',
            },
          ],
        }),
        person('ok'),
      ],
      t,
    );
    expect(suggestions.map((s) => s.consultantId)).toEqual(['ok']);
    expect(excluded.map((e) => [e.consultantId, e.reason, e.sentence])).toEqual([
      ['busy', 'conflict', 'busy is booked on ENG-2026-0009 through 4 Jan 2027, when the work starts.'],
      ['low', 'missing_skill', 'low lacks Windows forensics at level 2 (needs 3).'],
      ['none', 'missing_skill', 'none lacks Windows forensics (needs level 3).'],
      ['off', 'time_off', 'off is on time off through 5 Jan 2027, when the work starts.'],
    ]);
    const onsite = rankCandidates(
      [
        person('home', { travel: 'none' }),
        person('dom', {
          travel: 'domestic',
          homeBase: { city: 'Paris', country: 'FR', latitude: 48.85, longitude: 2.35 },
        }),
      ],
      target({ mode: 'onsite' }),
    );
    expect(onsite.excluded.map((e) => e.reason)).toEqual(['does_not_travel', 'does_not_travel']);
  });

  it('is deterministic: ties broken by name then id, whatever the input order', () => {
    const t = target();
    const a = [person('b2', { name: 'Same' }), person('b1', { name: 'Same' }), person('a', { name: 'Alpha' })];
    const r1 = rankCandidates(a, t, defaultStaffingWeights).suggestions.map((s) => s.consultantId);
    const r2 = rankCandidates([...a].reverse(), t, defaultStaffingWeights).suggestions.map((s) => s.consultantId);
    expect(r1).toEqual(['a', 'b1', 'b2']);
    expect(r2).toEqual(r1);
  });

  it('follows the weights: only skills weighed ranks the stronger first even when far less available', () => {
    const t = target();
    const weights = { skills: 1, availability: 0, timeZone: 0, distance: 0, load: 0, certifications: 0 };
    const strongBusy = person('strong', {
      skills: [{ skillId: 'sk_win', name: 'Windows forensics', level: 5 }],
      busy: [
        {
          start: new Date('2027-01-05T00:00:00Z'),
          end: new Date('2027-01-08T00:00:00Z'),
          kind: 'booking',
          blocking: true,
          label: 'ENG-1',
        },
      ],
    });
    const r = rankCandidates([person('weak'), strongBusy], t, weights);
    expect(r.suggestions.map((s) => [s.consultantId, s.score])).toEqual([
      ['strong', 100],
      ['weak', 80],
    ]);
  });
});
