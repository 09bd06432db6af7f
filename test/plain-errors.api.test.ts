import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';
import { makeRequestWorld } from './support/request-factories.ts';

/** Validation refusals in plain English: the field as the form labels it and what to do; zod's words only in `debug`. */
let t: TestEnv;
let w: Awaited<ReturnType<typeof makeRequestWorld>>;
beforeAll(async () => {
  t = await createTestEnv({ now: '2026-11-02T09:20:00Z' });
  w = await makeRequestWorld(t);
});
afterAll(async () => t.close());

const requestCount = async () =>
  Number(
    (
      await t.db.kysely
        .selectFrom('service_requests')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('plain-English validation errors', () => {
  it('names the fields of an empty emergency form and says what to do, and records nothing', async () => {
    const before = await requestCount();
    // What the portal's emergency form sends when nothing is filled in.
    const r = await call(t.app, w.requester.auth, 'POST', '/api/v1/requests', {
      kind: 'emergency',
      contractId: w.contract.id,
      description: '',
      onsiteRequired: false,
      incidentType: '',
      severity: '',
    });
    expect(r.statusCode).toBe(400);
    const body = r.json() as {
      code: string;
      detail: string;
      errors: { path: string; field: string; message: string; debug: string }[];
    };
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.detail).toBe(
      'Check these fields: Description: fill it in (it cannot be empty); ' +
        'Incident type: choose one of Ransomware, Business email compromise, Data theft (exfiltration), Insider threat, ' +
        'Malware outbreak, Cloud account compromise, Web application compromise, Denial of service or Something else; ' +
        'Severity: choose one of P1 · Critical, P2 · High, P3 · Medium or P4 · Low.',
    );
    expect(body.errors.map((e) => [e.path, e.field])).toEqual([
      ['body.description', 'Description'],
      ['body.incidentType', 'Incident type'],
      ['body.severity', 'Severity'],
    ]);
    expect(body.errors[1]!.message).toMatch(/^Choose one of Ransomware, Business email compromise, /);
    // The schema's words reach developers only, in `debug`.
    expect(body.errors[1]!.debug).toContain('Invalid option');
    const shown = JSON.stringify({ detail: body.detail, messages: body.errors.map((e) => e.message) });
    expect(shown).not.toMatch(/Invalid option|expected one of|business_email_compromise|Too small/);
    expect(await requestCount()).toBe(before);
  });

  it('names the kinds when none is given, and keeps the words a contract wrote for people', async () => {
    const before = await requestCount();
    const empty = await call(t.app, w.requester.auth, 'POST', '/api/v1/requests', {});
    expect(empty.statusCode).toBe(400);
    expect(empty.json().detail).toBe('Kind: choose one of Emergency or Proactive service.');
    const odd = await call(t.app, w.irManager.auth, 'POST', '/api/v1/requests', {
      kind: 'emergency',
      contractId: w.contract.id,
      description: 'x'.repeat(20_001),
      incidentType: 'ransomware',
      severity: 'P1',
      receivedAt: 'yesterday',
    });
    expect(odd.statusCode).toBe(400);
    const errors = odd.json().errors as { path: string; message: string }[];
    expect(errors).toEqual([
      expect.objectContaining({ path: 'body.description', message: 'Shorten it to at most 20,000 characters.' }),
      expect.objectContaining({
        path: 'body.receivedAt',
        message: expect.stringMatching(/^Must be an ISO 8601 date and time with an offset .*\.$/),
      }),
    ]);
    const query = await call(t.app, w.irManager.auth, 'GET', '/api/v1/requests?limit=abc');
    expect(query.json()).toMatchObject({ detail: 'Limit: enter a number.' });
    expect(await requestCount()).toBe(before);
  });

  it('answers a bogus approval link with a sentence, not schema text', async () => {
    for (const garbage of ['garbage', 'not-a-link']) {
      const r = await call(t.app, null, 'GET', `/api/v1/approval-links/${garbage}`);
      expect(r.statusCode).toBe(400);
      expect(r.json().detail).toMatch(
        /^This approval link is not complete or not valid: open it again from the latest approval email/,
      );
      expect(r.json().detail).not.toMatch(/Too (small|big)|expected string|token/);
    }
    const unknown = await call(t.app, null, 'GET', `/api/v1/approval-links/${'a'.repeat(40)}`);
    expect(unknown.json()).toMatchObject({ code: 'TOKEN_INVALID' });
    expect(unknown.json().detail).not.toMatch(/Too (small|big)|expected string/);
  });
});
