import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCtx, type Actor } from '../src/core/context.ts';
import {
  canSeeEngagement,
  engagementScope,
  engagementVisibility,
  seesEngagement,
} from '../src/core/engagements/engagements.access.ts';
import { engagementsRepo } from '../src/core/engagements/engagements.repo.ts';
import { makeContract, makeCustomer } from './support/contract-factories.ts';
import { makeEngagement, type TestEngagement } from './support/engagement-factories.ts';
import { makeUser } from './support/factories.ts';
import { createTestEnv, type TestEnv } from './support/harness.ts';

/**
 * Who sees an engagement is defined once (engagements.access.ts) and read in two forms: the predicate the
 * services ask and the SQL filter the list query applies. Over a table of actors × engagements, both forms
 * (and the scope expenses and deliverables use) must give the expected answer, so a change to one that
 * the other does not follow fails here.
 */
let t: TestEnv;
const engagements: Record<string, TestEngagement> = {};
const teams: Record<string, string[]> = {};

const every = ['aWithConsultant', 'aWithoutTeam', 'bWithBoth'];
const ofA = ['aWithConsultant', 'aWithoutTeam'];
/** Each actor and the engagements it must see (and no others). */
const expected = {
  system: every,
  admin: every,
  'IR manager': every,
  'account manager on the account team of A': every,
  'account manager on no account team': every,
  'consultant on the teams of one A and one B engagement': ['aWithConsultant', 'bWithBoth'],
  'consultant on the team of the B engagement only': ['bWithBoth'],
  'consultant on no team': [],
  'approver of customer A': ofA,
  'viewer of customer A': ofA,
  'requester of customer B': ['bWithBoth'],
  'contact of customer A': ofA,
  'contact of customer B': ['bWithBoth'],
} satisfies Record<string, string[]>;
type ActorName = keyof typeof expected;
const actors = {} as Record<ActorName, Actor>;

beforeAll(async () => {
  t = await createTestEnv();
  const admin = await makeUser(t, { role: 'admin' });
  const irManager = await makeUser(t, { role: 'ir_manager' });
  const accountManager = await makeUser(t, { role: 'account_manager' });
  const outsideAccountManager = await makeUser(t, { role: 'account_manager' });
  const consultant = await makeUser(t, { role: 'consultant' });
  const otherConsultant = await makeUser(t, { role: 'consultant' });
  const idleConsultant = await makeUser(t, { role: 'consultant' });

  const customerA = await makeCustomer(t, { accountTeam: [accountManager.id] });
  const customerB = await makeCustomer(t);
  const contractA = await makeContract(t, { customerId: customerA.customerId });
  const contractB = await makeContract(t, { customerId: customerB.customerId });
  teams['aWithConsultant'] = [consultant.id];
  teams['aWithoutTeam'] = [];
  teams['bWithBoth'] = [consultant.id, otherConsultant.id];
  for (const [name, contract] of [
    ['aWithConsultant', contractA],
    ['aWithoutTeam', contractA],
    ['bWithBoth', contractB],
  ] as const) {
    engagements[name] = await makeEngagement(t, {
      contract,
      team: teams[name]!.map((userId) => ({ userId, role: 'consultant' })),
    });
  }

  const approverA = await makeUser(t, { role: 'customer_approver', organizationId: customerA.organizationId });
  const viewerA = await makeUser(t, { role: 'customer_viewer', organizationId: customerA.organizationId });
  const requesterB = await makeUser(t, { role: 'customer_requester', organizationId: customerB.organizationId });
  const contactOf = (organizationId: string): Actor => ({
    type: 'contact',
    contactId: `con_${organizationId}`,
    organizationId,
    email: 'contact@example.test',
    name: 'Contact',
  });

  const byName: Record<ActorName, Actor> = {
    system: systemCtx('test').actor,
    admin: admin.actor,
    'IR manager': irManager.actor,
    'account manager on the account team of A': accountManager.actor,
    'account manager on no account team': outsideAccountManager.actor,
    'consultant on the teams of one A and one B engagement': consultant.actor,
    'consultant on the team of the B engagement only': otherConsultant.actor,
    'consultant on no team': idleConsultant.actor,
    'approver of customer A': approverA.actor,
    'viewer of customer A': viewerA.actor,
    'requester of customer B': requesterB.actor,
    'contact of customer A': contactOf(customerA.organizationId),
    'contact of customer B': contactOf(customerB.organizationId),
  };
  Object.assign(actors, byName);
});

afterAll(async () => {
  await t.close();
});

const onTeam = (actor: Actor, engagement: string): boolean =>
  actor.type === 'user' && teams[engagement]!.includes(actor.userId);

/** The engagements of this test that the list query's visibility filter returns for the actor. */
async function listedBy(actor: Actor): Promise<string[]> {
  const rows = await engagementsRepo.list(t.db.kysely, { visibility: engagementVisibility(actor), limit: 10_000 });
  const ids = new Set(rows.map((row) => row.id));
  return Object.keys(engagements).filter((name) => ids.has(engagements[name]!.id));
}

describe('who sees an engagement: predicate and SQL filter agree', () => {
  it.each(Object.keys(expected) as ActorName[])('%s', async (name) => {
    const actor = actors[name]!;
    const engagementNames = Object.keys(engagements);
    const byPredicate = engagementNames.filter((engagement) =>
      canSeeEngagement(actor, {
        organizationId: engagements[engagement]!.organizationId,
        actorOnTeam: onTeam(actor, engagement),
      }),
    );
    const byLookup: string[] = [];
    const byScope: string[] = [];
    for (const engagement of engagementNames) {
      const { id, organizationId } = engagements[engagement]!;
      if (await seesEngagement(t.db.kysely, actor, { id, organizationId })) byLookup.push(engagement);
      if (await engagementScope(t.db.kysely, actor, id)) byScope.push(engagement);
    }
    const bySql = await listedBy(actor);
    expect({ byPredicate, byLookup, byScope, bySql }).toEqual({
      byPredicate: expected[name],
      byLookup: expected[name],
      byScope: expected[name],
      bySql: expected[name],
    });
  });
});
