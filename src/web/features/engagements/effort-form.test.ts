import { describe, expect, it } from 'vitest';
import { effortBody, minutesLabel, parseMinutes, submissionKey, todayIn } from './effort-form.ts';

describe('parseMinutes', () => {
  it('reads hours and minutes as people write them', () => {
    expect(['1h30m', '1h 30m', '90m', '90', '1.5h', '2h', ' 45m '].map((t) => parseMinutes(t).minutes)).toEqual([
      90, 90, 90, 90, 90, 120, 45,
    ]);
  });

  it('refuses what is not a time, nothing, zero, negatives and more than a day, with a message for the field', () => {
    for (const t of ['', 'abc', '1h30', '0', '0m', '-30m', '25h', '1441']) {
      const r = parseMinutes(t);
      expect(r.minutes, t).toBeNull();
      expect(r.message, t).toBeTruthy();
    }
    expect(parseMinutes('24h').minutes).toBe(1440);
  });
});

describe('minutesLabel', () => {
  it('writes minutes as the server displays hours, and reads back what it wrote', () => {
    expect([45, 60, 90, 125, 0].map(minutesLabel)).toEqual(['0h 45m', '1h 00m', '1h 30m', '2h 05m', '0h 00m']);
    for (const m of [45, 60, 90, 125]) expect(parseMinutes(minutesLabel(m)).minutes).toBe(m);
  });
});

describe('submissionKey', () => {
  const body = effortBody(
    {
      userId: 'usr_1',
      date: '2026-03-02',
      duration: '2h',
      activity: 'analysis',
      afterHours: false,
      note: '  EDR triage ',
    },
    120,
  );
  let n = 0;
  const fresh = () => `k${++n}`;

  it('sends the trimmed note and the parsed minutes', () => {
    expect(body).toEqual({
      userId: 'usr_1',
      date: '2026-03-02',
      minutes: 120,
      activity: 'analysis',
      afterHours: false,
      note: 'EDR triage',
    });
  });

  it('keeps the key when the same content is sent again (a retry), and takes a new one for new content', () => {
    const first = submissionKey(null, body, fresh);
    expect(submissionKey(first, body, fresh).key).toBe(first.key);
    const other = submissionKey(first, { ...body, minutes: 90 }, fresh);
    expect(other.key).not.toBe(first.key);
    expect(submissionKey(null, body, fresh).key).not.toBe(first.key);
  });
});

describe('todayIn', () => {
  it('counts the day in the given zone', () => {
    const at = new Date('2026-03-02T03:30:00Z');
    expect([todayIn('America/Chicago', at), todayIn('Europe/Dublin', at), todayIn('Asia/Tokyo', at)]).toEqual([
      '2026-03-01',
      '2026-03-02',
      '2026-03-02',
    ]);
  });
});
