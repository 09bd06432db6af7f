import { describe, expect, it } from 'vitest';
import type { ConsultantProfile } from '../../../shared/contracts/staffing.ts';
import { bodyOf, errorUnder, formOf, periodInZone } from './profile-form.ts';

const profile: ConsultantProfile = {
  userId: 'usr_1',
  name: 'Lena Fischer',
  role: 'consultant',
  active: true,
  title: 'Forensic lead',
  bio: '',
  languages: ['en', 'de'],
  timeZone: 'Europe/Berlin',
  homeBase: { city: 'Berlin', country: 'DE', latitude: 52.52, longitude: 13.4, timeZone: 'Europe/Berlin' },
  workingHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
  travelReadiness: 'international',
  travelDocuments: 'Passport until 2030',
  onCallEligible: true,
  skills: [],
  certifications: [
    {
      certificationId: 'gcfa',
      code: 'GCFA',
      name: 'GIAC',
      obtainedOn: '2020-01-10',
      expiresOn: '2024-01-10',
      expired: true,
    },
  ],
  hasProfile: true,
  revision: 4,
};

describe('the managers’ profile form', () => {
  it('sends back what it was given, at the profile’s revision', () => {
    const { body, errors } = bodyOf(formOf(profile), profile.revision);
    expect(errors).toEqual({});
    expect(body).toEqual({
      title: 'Forensic lead',
      languages: ['en', 'de'],
      homeBase: { city: 'Berlin', country: 'DE', latitude: 52.52, longitude: 13.4, timeZone: 'Europe/Berlin' },
      workingHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
      travelReadiness: 'international',
      travelDocuments: 'Passport until 2030',
      onCallEligible: true,
      certifications: [{ certificationId: 'gcfa', obtainedOn: '2020-01-10', expiresOn: '2024-01-10' }],
      revision: 4,
    });
  });

  it('clears the home base coordinates when both are emptied, and upper-cases the country', () => {
    const f = { ...formOf(profile), latitude: '', longitude: ' ', country: 'us', city: ' ' };
    const { body } = bodyOf(f, 4);
    expect(body?.homeBase).toEqual({
      city: null,
      country: 'US',
      latitude: null,
      longitude: null,
      timeZone: 'Europe/Berlin',
    });
  });

  it('refuses, in plain words and under each field, what the API would refuse', () => {
    const f = {
      ...formOf(profile),
      country: 'Germany',
      latitude: '95',
      longitude: 'east',
      languages: ['en', 'German'],
      start: '18:00',
      end: '09:00',
      certifications: [
        { key: 'a', certificationId: 'gcfa', obtainedOn: '2024-05-01', expiresOn: '2023-05-01' },
        { key: 'b', certificationId: '', obtainedOn: '', expiresOn: '' },
      ],
    };
    const { body, errors } = bodyOf(f, 4);
    expect(body).toBeNull();
    expect(errors).toEqual({
      'homeBase.country': expect.stringMatching(/two-letter country code/),
      'homeBase.latitude': 'The latitude must be between −90 and 90.',
      'homeBase.longitude': 'Write the longitude as a number, e.g. 52.52.',
      languages: expect.stringMatching(/“German” is not a language code/),
      'workingHours.end': 'The working day must end after it starts.',
      'certifications.0.expiresOn': 'The expiry date must not be before the date obtained.',
      'certifications.1.certificationId': 'Choose a certification or remove the row.',
    });
  });

  it('asks for latitude and longitude together', () => {
    const { errors } = bodyOf({ ...formOf(profile), longitude: '' }, 4);
    expect(errors).toEqual({ 'homeBase.longitude': 'Give both latitude and longitude, or neither.' });
  });

  it('finds a list field’s error under the list', () => {
    expect(errorUnder({ 'languages.1': 'bad' }, 'languages')).toBe('bad');
    expect(errorUnder({ languagesX: 'no' }, 'languages')).toBeUndefined();
  });
});

describe('periodInZone', () => {
  it('shows whole days off as dates in the consultant’s zone, the last day included', () => {
    // 3–7 March 2027 in Tokyo: 2 March 15:00 UTC to 7 March 15:00 UTC (exclusive).
    expect(periodInZone('2027-03-02T15:00:00Z', '2027-03-07T15:00:00Z', 'Asia/Tokyo')).toMatch(
      /^(Mar 3, 2027 – Mar 7, 2027|3 Mar 2027 – 7 Mar 2027)$/,
    );
  });

  it('shows times when the period does not fall on midnights', () => {
    expect(periodInZone('2027-03-02T09:00:00Z', '2027-03-02T13:00:00Z', 'UTC')).toMatch(/09:00|9:00/);
  });
});
