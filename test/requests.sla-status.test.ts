/**
 * SLA status is defined once, in shared/sla.ts (`slaStatus`, `worstSlaStatus`). The database has its own
 * form of it (sla.repo.ts `targetSlaRank`, the board's SLA filter, the SLA watch's candidates): these tests
 * run the SQL over a table of cases (met, met late, at risk, breached, clocks stopped, every boundary to the
 * millisecond) and fail when the SQL and the pure function disagree on any of them.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestsRepo } from '../src/core/requests/requests.repo.ts';
import { slaRepo, targetSlaRank } from '../src/core/requests/sla.repo.ts';
import { slaKinds, slaStatuses, type SlaKind, type SlaStatus } from '../src/shared/contracts/requests.ts';
import { atRiskAt, slaStatus, slaStatusRank, worstSlaStatus } from '../src/shared/sla.ts';
import { createTestEnv, type TestEnv } from './support/harness.ts';
import { makeRequestWorld } from './support/request-factories.ts';

const receivedAt = new Date('2026-11-02T09:07:00Z');
const MIN = 60_000;
const after = (ms: number) => new Date(receivedAt.getTime() + ms);
const statusOfRank = (rank: number | null): SlaStatus | null =>
  rank === null ? null : slaStatuses.find((status) => slaStatusRank[status] === Number(rank))!;

/** A target of `minutes` from receipt, met `metAfter` ms after receipt (null: unmet). */
const target = (minutes: number, metAfter: number | null) => ({
  dueAt: after(minutes * MIN),
  atRiskAt: atRiskAt(receivedAt, minutes),
  metAt: metAfter === null ? null : after(metAfter),
});

// A one-hour target: at risk from +45 min, due at +60 min. Each instant below sits on or next to a boundary.
const metChoices = [null, 30 * MIN, 60 * MIN, 60 * MIN + 1];
const stopChoices = [null, 45 * MIN - 1, 45 * MIN, 60 * MIN, 60 * MIN + 1, 120 * MIN];
const moments = [0, 45 * MIN - 1, 45 * MIN, 60 * MIN, 60 * MIN + 1, 90 * MIN, 120 * MIN, 120 * MIN + 1, 200 * MIN];

let t: TestEnv;
beforeAll(async () => {
  t = await createTestEnv({ now: '2026-11-02T09:00:00Z' });
});
afterAll(async () => t.close());

describe('one target: sla.repo.ts targetSlaRank against shared/sla.ts slaStatus', () => {
  it('gives the same status for every case at every moment', async () => {
    const cases = metChoices.flatMap((metAfter) =>
      stopChoices.map((stopAfter) => ({
        ...target(60, metAfter),
        stoppedAt: stopAfter === null ? null : after(stopAfter),
      })),
    );
    const rows = sql.join(
      cases.map(
        (c, i) =>
          sql`(${i}::int, ${c.metAt}::timestamptz, ${c.dueAt}::timestamptz, ${c.atRiskAt}::timestamptz, ${c.stoppedAt}::timestamptz)`,
      ),
    );
    let compared = 0;
    for (const moment of moments) {
      const now = after(moment);
      const rank = targetSlaRank(now, {
        metAt: 'c.met_at',
        dueAt: 'c.due_at',
        atRiskAt: 'c.at_risk_at',
        stoppedAt: 'c.stopped_at',
      });
      const result = await sql<{ i: number; rank: number }>`
        SELECT c.i, ${rank} AS rank FROM (VALUES ${rows}) AS c(i, met_at, due_at, at_risk_at, stopped_at) ORDER BY c.i`.execute(
        t.db.kysely,
      );
      expect(result.rows).toHaveLength(cases.length);
      for (const row of result.rows) {
        const c = cases[row.i]!;
        const label = `met ${c.metAt?.toISOString()}, stopped ${c.stoppedAt?.toISOString()}, now ${now.toISOString()}`;
        expect(statusOfRank(row.rank), label).toBe(slaStatus(c, now));
        compared++;
      }
    }
    // Every status occurs among the cases, so a rule that drops one cannot pass unnoticed.
    const seen = new Set(moments.flatMap((moment) => cases.map((c) => slaStatus(c, after(moment)))));
    expect([...seen].sort()).toEqual([...slaStatuses].sort());
    expect(compared).toBe(cases.length * moments.length);
  });
});

describe('whole requests: the board filter and the SLA watch against the pure function', () => {
  interface Case {
    id: string;
    stoppedAt: Date | null;
    targets: (ReturnType<typeof target> & { kind: SlaKind; minutes: number })[];
  }

  it('selects exactly the requests whose worst target has the status asked for, and watches exactly the open targets at risk or breached', async () => {
    const w = await makeRequestWorld(t);
    // Initial contact (60 min) met or not; remote start (120 min) absent, unmet or met late; clocks stopped or not.
    const remoteChoices: (number | null | 'none')[] = ['none', null, 121 * MIN];
    const cases: Case[] = [{ id: t.core.ids.next('req'), stoppedAt: null, targets: [] }];
    for (const metAfter of metChoices)
      for (const remote of remoteChoices)
        for (const stopAfter of stopChoices)
          cases.push({
            id: t.core.ids.next('req'),
            stoppedAt: stopAfter === null ? null : after(stopAfter),
            targets: [
              { kind: slaKinds[0], minutes: 60, ...target(60, metAfter) },
              ...(remote === 'none' ? [] : [{ kind: slaKinds[1], minutes: 120, ...target(120, remote) }]),
            ],
          });
    for (const c of cases) {
      await requestsRepo.insert(t.db.kysely, {
        id: c.id,
        number: `REQ-T-${c.id.slice(-10)}`,
        organization_id: w.customer.organizationId,
        customer_id: w.customer.customerId,
        contract_id: w.contract.id,
        kind: 'emergency',
        status: c.stoppedAt ? 'rejected' : 'received',
        channel: 'hotline',
        incident_type: 'ransomware',
        severity: 'P1',
        support_level: 'full',
        onsite_required: false,
        description: 'SLA status case',
        flags: '[]',
        received_at: receivedAt,
        clocks_stopped_at: c.stoppedAt,
        status_changed_at: receivedAt,
        created_at: receivedAt,
        updated_at: receivedAt,
      });
      await requestsRepo.replaceTargets(
        t.db.kysely,
        c.id,
        c.targets.map((x) => ({
          request_id: c.id,
          kind: x.kind,
          target_minutes: x.minutes,
          due_at: x.dueAt,
          at_risk_at: x.atRiskAt,
          met_at: x.metAt,
          at_risk_notified_at: null,
          breach_notified_at: null,
        })),
      );
    }
    const ours = new Set(cases.map((c) => c.id));

    for (const moment of moments) {
      const now = after(moment);
      const expected = new Map(
        cases.map((c) => [
          c.id,
          worstSlaStatus(c.targets.map((x) => slaStatus({ ...x, stoppedAt: c.stoppedAt }, now))),
        ]),
      );
      for (const status of slaStatuses) {
        const listed = await requestsRepo.list(t.db.kysely, {
          contractId: w.contract.id,
          slaStatus: status,
          now,
          limit: 1000,
        });
        expect(listed.map((r) => r.id).sort(), `${status} at ${now.toISOString()}`).toEqual(
          cases
            .filter((c) => expected.get(c.id) === status)
            .map((c) => c.id)
            .sort(),
        );
      }

      const watched = (await slaRepo.watchCandidates(t.db.kysely, now, 1000))
        .filter((row) => ours.has(row.request_id))
        .map((row) => `${row.request_id}:${row.kind}`);
      const shouldWatch = cases
        .filter((c) => c.stoppedAt === null)
        .flatMap((c) =>
          c.targets.filter((x) => ['at_risk', 'breached'].includes(slaStatus(x, now))).map((x) => `${c.id}:${x.kind}`),
        );
      expect(watched.sort(), `watch at ${now.toISOString()}`).toEqual(shouldWatch.sort());
    }
  });
});
