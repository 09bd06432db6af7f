// Seeds database `imr_exp` (dropped and made again) as the effort-post scenario seeds the server's: 200
// engagements in progress on 20 contracts, plus `exp_eng` (n → engagement, contract, team member) for
// bench/experiments/effort-writes.sql. Run: npx tsx bench/experiments/seed-effort-writes.ts
import { sql } from 'kysely';
import { effortPost } from '../scenarios/effort-post.ts';
import { openExperimentCore } from './experiment-core.ts';

const { core, db } = await openExperimentCore('imr_exp', 'effort-writes experiment');
const { engagementIds } = (await effortPost.seed!(core)) as { engagementIds: string[] };
await sql`CREATE TABLE exp_eng (n int PRIMARY KEY, engagement_id text, contract_id text, user_id text)`.execute(
  db.kysely,
);
for (const [i, id] of engagementIds.entries()) {
  await sql`INSERT INTO exp_eng SELECT ${i + 1}, e.id, e.contract_id, t.user_id FROM engagements e JOIN engagement_team t ON t.engagement_id = e.id WHERE e.id = ${id}`.execute(
    db.kysely,
  );
}
console.log(`imr_exp: ${engagementIds.length} engagements seeded`);
await core.close();
await db.close();
