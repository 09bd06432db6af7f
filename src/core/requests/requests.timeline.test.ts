import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  milestoneSources,
  requestStatuses,
  scopingOutcomes,
  slaKinds,
  contactChannels,
  requestChannels,
} from '../../shared/contracts/requests.ts';
import { labels } from '../../shared/labels.ts';
import type { MilestoneRow } from './requests.repo.ts';
import { buildTimeline, timelineActions, type AuditLike } from './requests.timeline.ts';
import type { ScopingCallRow } from './scoping.repo.ts';

const iso = /\d{4}-\d\d-\d\dT\d\d:\d\d/;
const internalId = /\b[a-z]{2,4}_[0-9a-z]{20,}\b/;
const slugs = [
  ...new Set(Object.values(labels).flatMap((map) => Object.keys(map).filter((value) => value.includes('_')))),
];
const slug = new RegExp(`\\b(${slugs.join('|')})\\b`);

const id = (prefix: string) => `${prefix}_01jk2m3n4p5q6r7s8t9v0w1x2y`;
const at = new Date('2026-12-08T00:39:21.748Z');
const staff = 'Maria Keller <maria.keller@irfirm.example>';

/** Each action as its use case records it (requests/*.ts), with ids and instants in its payload. */
function eventsOf(action: (typeof timelineActions)[number]): AuditLike[] {
  const e = (before: Record<string, unknown> | null, after: Record<string, unknown>, actor = staff): AuditLike => ({
    at,
    action,
    actor_label: actor,
    before,
    after,
  });
  const call = { requestId: id('req'), attendees: [id('usr')], durationMinutes: 30 };
  switch (action) {
    case 'request.created':
      return requestChannels.map((channel) =>
        e(
          null,
          { kind: 'emergency', channel, contractId: id('ctr'), receivedAt: at.toISOString() },
          `Dana <d@x.example> (contact)`,
        ),
      );
    case 'request.status_changed':
      return requestStatuses.flatMap((from) =>
        requestStatuses.map((to) => e({ status: from }, { status: to, reason: 'The customer asked' })),
      );
    case 'request.updated':
      return [
        e({ incident_type: 'ransomware' }, { incident_type: 'business_email_compromise', severity: 'P2', reason: 'x' }),
        e({ onsite_required: false }, { onsite_required: true, contract_id: id('ctr'), desired_start: '2026-12-09' }),
        e({}, {}),
      ];
    case 'request.contacted':
      return contactChannels.flatMap((channel) => [
        e(null, { channel, at: at.toISOString() }),
        e(null, { channel, channelLabel: 'phone', at: at.toISOString() }),
      ]);
    case 'request.owner_assigned':
      return [e({ ownerUserId: null }, { ownerUserId: id('usr'), ownerName: 'Lena Fischer' })];
    case 'scoping_call.booked':
    case 'scoping_call.rescheduled':
      return [e({ startsAt: at.toISOString() }, { ...call, startsAt: at.toISOString() })];
    case 'scoping_call.cancelled':
      return [e({ status: 'scheduled', startsAt: at.toISOString() }, { requestId: id('req'), status: 'cancelled' })];
    case 'scoping_call.outcome_set':
      return scopingOutcomes.map((outcome) => e(null, { requestId: id('req'), outcome, reason: 'Seen on the call' }));
    case 'scoping_call.updated':
      return [e(null, { requestId: id('req'), notesChanged: true }, 'system:sla-watch')];
  }
}

const milestone = (kind: (typeof slaKinds)[number], source: string, corrected: boolean): MilestoneRow =>
  ({
    id: id('msl'),
    request_id: id('req'),
    kind,
    at,
    reason: corrected ? 'Entered late' : null,
    channel: null,
    source,
    supersedes_id: corrected ? id('msl') : null,
    recorded_by: id('usr'),
    recorded_by_label: staff,
    recorded_at: at,
  }) as unknown as MilestoneRow;

const call = (status: string, outcome: string | null): ScopingCallRow =>
  ({
    id: id('scl'),
    request_id: id('req'),
    status,
    starts_at: at,
    duration_minutes: 30,
    organizer_name: 'Maria Keller',
    outcome,
  }) as unknown as ScopingCallRow;

describe('the request timeline reads as sentences', () => {
  const events = timelineActions.flatMap(eventsOf);
  const milestones = slaKinds.flatMap((kind) =>
    milestoneSources.flatMap((source) => [milestone(kind, source, false), milestone(kind, source, true)]),
  );
  const calls = ['scheduled', 'held', 'cancelled'].flatMap((status) => [
    call(status, null),
    ...scopingOutcomes.map((o) => call(status, o)),
  ]);
  const timeline = buildTimeline(events, milestones, calls, 'America/Chicago');

  it('covers every action type, milestone and scoping call', () => {
    expect(new Set(timeline.map((entry) => entry.action))).toEqual(
      new Set([
        ...timelineActions,
        'milestone.met',
        'milestone.corrected',
        ...calls.map((c) => `scoping_call.${c.status}`),
      ]),
    );
  });

  it.each(timeline.map((entry) => [entry.action, entry.summary, entry.actor] as const))(
    '%s: "%s" by %s shows no ISO instant, internal id or slug',
    (_action, summary, actor) => {
      for (const shown of [summary, actor ?? '']) {
        expect(shown).not.toMatch(iso);
        expect(shown).not.toMatch(internalId);
        expect(shown).not.toMatch(slug);
        expect(shown).not.toMatch(/<|>\s*$|system:|@/);
      }
    },
  );

  it('says when in the named zone, and what changed by the labels people use', () => {
    const summaries = timeline.map((entry) => entry.summary);
    expect(summaries).toContain('Scoping call booked for 18:39 on Mon 7 Dec 2026 (America/Chicago)');
    expect(summaries).toContain('Status: Received → Scoping: The customer asked');
    expect(summaries).toContain('Corrected Incident type, Severity: x');
    expect(summaries).toContain('Scoping outcome: Work order needed: Seen on the call');
    expect(summaries).toContain('Customer contacted in person');
    expect(summaries).toContain('Customer contacted by video call');
    expect(timeline.find((entry) => entry.action === 'request.created')?.actor).toBe('Dana');
    expect(timeline.find((entry) => entry.action === 'scoping_call.updated')?.actor).toBe('IMR Desk (automatic)');
  });

  it('has a sentence for every action the request use cases audit (a new action needs one)', () => {
    const dir = new URL('.', import.meta.url).pathname;
    const audited = new Set<string>();
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
      const source = readFileSync(join(dir, file), 'utf8');
      for (const line of source.matchAll(/action:[^\n]*/g))
        for (const name of line[0].matchAll(/'((?:request|scoping_call)\.[a-z_]+)'/g)) audited.add(name[1]!);
    }
    const shown = new Set<string>([...timelineActions, 'request.milestone_recorded', 'request.milestone_corrected']);
    expect(audited.size).toBeGreaterThan(5);
    expect([...audited].filter((action) => !shown.has(action))).toEqual([]);
  });
});
