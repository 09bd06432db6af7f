import type { Core } from '../core/core.ts';
import { asStatementContract } from '../core/statements/issue.ts';
import { statementsRepo } from '../core/statements/statements.repo.ts';
import { duePeriods, issueAt } from '../core/statements/statements.rules.ts';
import { createStatementsService } from '../core/statements/statements.service.ts';
import { scheduledJobs } from '../jobs/registry.ts';
import { createFakeClock } from '../shared/clock.ts';

/**
 * The demo's statements, issued by the statements job itself (not inserted): its handler runs on a clock
 * set to each moment a statement fell due in the demo's history (statement day, 08:00 in the customer's
 * zone), so each is issued when it would have been, from the ledger as it stood. Their emails go through
 * the outbox like any other.
 */
export async function loadStatementsDemo(core: Core): Promise<{ statements: number }> {
  const { db, services, config } = core;
  const now = core.clock.now();
  const job = scheduledJobs.find((j) => j.name === 'statements-issue');
  if (!job) return { statements: 0 };
  const candidates = await statementsRepo.candidates(db.kysely);
  const moments = [
    ...new Set(
      candidates.flatMap((c) => {
        const contract = asStatementContract(c);
        return duePeriods(contract, new Set(), now).map((p) =>
          issueAt(p, contract.statementDay, c.time_zone).getTime(),
        );
      }),
    ),
  ].sort((a, b) => a - b);
  const clock = createFakeClock(now);
  const statements = createStatementsService({
    db,
    clock,
    ids: core.ids,
    audit: services.audit,
    outbox: services.outbox,
    files: services.files,
    publicUrl: config.publicUrl,
    firm: async (ex) => ({
      profile: await services.settings.firmProfile(ex),
      logo: (await services.settings.firmLogo(ex))?.content ?? null,
    }),
  });
  const onClock: Core = { ...core, clock, services: { ...services, statements } };
  for (const moment of moments) {
    clock.set(new Date(moment));
    await job.run(onClock);
  }
  return { statements: (await statementsRepo.issuedPeriods(db.kysely)).size };
}
