import { describe, expect, it } from 'vitest';
import { bodyOf, formOfChange, type ChangeForm } from './change-order-form.ts';

const form = (patch: Partial<ChangeForm>): ChangeForm => ({
  ...formOfChange(null),
  reason: 'More hosts',
  lines: [{ key: 'k', activity: 'analysis', role: 'forensic lead', effort: '+4h' }],
  ...patch,
});

describe('change-order form: new planned dates', () => {
  it('sends the dates given and null for an end left empty', () => {
    expect(bodyOf(form({ plannedStart: '2026-12-01', plannedEnd: '' })).body).toMatchObject({
      plannedStart: '2026-12-01',
      plannedEnd: null,
    });
  });

  it('refuses a last day before the first, naming the field', () => {
    const r = bodyOf(form({ plannedStart: '2026-12-10', plannedEnd: '2026-12-01' }));
    expect(r.body).toBeNull();
    expect(r.errors['plannedEnd']).toBe('the last planned day must not be before the first');
  });

  it('a new change order starts without dates', () => {
    expect(formOfChange(null)).toMatchObject({ plannedStart: '', plannedEnd: '' });
  });
});
