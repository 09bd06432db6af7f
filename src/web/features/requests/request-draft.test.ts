import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client.ts';
import { emptyDraft, requestBody, requestFormErrors } from './request-draft.ts';

describe('requestBody', () => {
  it('sends the emergency fields of an emergency draft, trimmed, with the staff intake extras', () => {
    const d = {
      ...emptyDraft('emergency'),
      incidentType: 'ransomware' as const,
      severity: 'P1' as const,
      onsiteRequired: true,
      catalogItemId: 'cat_x',
      desiredStart: '2027-01-04',
      description: '  encrypted \n',
    };
    expect(requestBody(d, 'ctr_1', { channel: 'hotline', receivedAt: '2026-03-02T09:07:00.000Z' })).toEqual({
      kind: 'emergency',
      contractId: 'ctr_1',
      description: 'encrypted',
      onsiteRequired: true,
      incidentType: 'ransomware',
      severity: 'P1',
      channel: 'hotline',
      receivedAt: '2026-03-02T09:07:00.000Z',
    });
  });

  it('sends the proactive fields of a proactive draft and nothing of the emergency ones', () => {
    const d = {
      ...emptyDraft('proactive'),
      incidentType: 'ransomware' as const,
      catalogItemId: 'cat_tt',
      desiredStart: '2027-01-04',
      description: 'board exercise',
    };
    expect(requestBody(d, 'ctr_1')).toEqual({
      kind: 'proactive',
      contractId: 'ctr_1',
      description: 'board exercise',
      onsiteRequired: false,
      catalogItemId: 'cat_tt',
      desiredStart: '2027-01-04',
    });
  });
});

describe('requestFormErrors', () => {
  it('puts LEAD_TIME_TOO_SHORT on the date field with the earliest allowed start', () => {
    const e = new ApiError(422, {
      code: 'LEAD_TIME_TOO_SHORT',
      detail: 'The earliest allowed start is 2027-01-04: …',
      details: { earliestStart: '2027-01-04' },
    });
    expect(requestFormErrors(e)).toEqual({
      fields: { desiredStart: 'The earliest allowed start is 2027-01-04: …' },
      general: null,
      refusedEarliest: '2027-01-04',
    });
  });

  it('puts validation failures on their fields and anything else above the form', () => {
    const invalid = new ApiError(400, {
      code: 'VALIDATION_FAILED',
      detail: 'invalid',
      errors: [{ path: 'body.severity', message: 'Invalid option' }],
    });
    expect(requestFormErrors(invalid)).toMatchObject({
      fields: { severity: 'Invalid option' },
      general: null,
      refusedEarliest: null,
    });
    const inactive = new ApiError(422, { code: 'CONTRACT_NOT_ACTIVE', detail: 'Contract NW-1 ended on 2026-01-31.' });
    expect(requestFormErrors(inactive)).toEqual({ fields: {}, general: inactive, refusedEarliest: null });
    expect(requestFormErrors(null)).toEqual({ fields: {}, general: null, refusedEarliest: null });
  });
});
