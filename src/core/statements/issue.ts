import { actorLabel, systemCtx, type Ctx } from '../context.ts';
import { contractsRepo } from '../contracts/contracts.repo.ts';
import { inspectFile } from '../files/files.service.ts';
import type { StatementsDeps } from './statements.deps.ts';
import { loadFigures } from './statements.load.ts';
import { enqueueStatement } from './statements.notify.ts';
import { renderStatementPdf, type StatementFirm } from './statements.pdf.ts';
import { issueConcurrency, mapLimited } from './statements.pool.ts';
import { statementsRepo, type StatementCandidate } from './statements.repo.ts';
import { duePeriods, type StatementContract } from './statements.rules.ts';

/** Thrown inside the transaction when another run issued the statement first: rolls back the stored PDF. */
class AlreadyIssued extends Error {}

export const asStatementContract = (c: StatementCandidate): StatementContract => ({
  termStart: c.term_start,
  termEnd: c.term_end,
  status: c.status,
  statusChangedAt: c.status_changed_at,
  timeZone: c.time_zone,
  statementDay: c.settings.statementDay ?? 1,
});

/**
 * Issues one contract's statement of one period, exactly once: figures and PDF are made outside the
 * transaction; inside it the PDF is stored once, the statement inserted unless the unique key (contract,
 * period) exists (then everything rolls back and null is returned), and one message per recipient (contacts
 * receiving statements, the account team) written to the outbox referencing the PDF, with an audit event.
 */
export async function issueStatement(
  deps: StatementsDeps,
  ctx: Ctx,
  contract: StatementCandidate,
  period: string,
  firmOfRun?: StatementFirm,
): Promise<{ id: string; number: string } | null> {
  const ex = deps.db.kysely;
  if (await statementsRepo.exists(ex, contract.id, period)) return null;
  const figures = await loadFigures(ex, contract, period);
  const firm = firmOfRun ?? (await deps.firm(ex));
  const issuedAt = deps.clock.now();
  const pdf = await renderStatementPdf(figures, firm, issuedAt);
  const inspection = await inspectFile(pdf);
  const id = deps.ids.next('stm');
  try {
    await deps.db.transaction(async (trx) => {
      const file = await deps.files.storeInTx(trx, ctx, { content: pdf, name: `${figures.number}.pdf`, inspection });
      const inserted = await statementsRepo.insert(trx, {
        id,
        contract_id: contract.id,
        customer_id: contract.customer_id,
        period,
        number: figures.number,
        figures: JSON.stringify(figures),
        head_seq: figures.ledgerHead.seq,
        head_hash: figures.ledgerHead.hash,
        file_id: file.id,
        issued_at: issuedAt,
        issued_by: actorLabel(ctx.actor),
      });
      if (!inserted) throw new AlreadyIssued();
      const recipients = await contractsRepo.statementRecipients(trx, contract.customer_id);
      await enqueueStatement(
        deps,
        trx,
        { id, contractId: contract.id, figures, fileId: file.id },
        firm,
        recipients,
        'issue',
      );
      await deps.outbox.emitWebhookEvent(trx, {
        type: 'statement.issued',
        data: {
          statementId: id,
          number: figures.number,
          contractId: contract.id,
          contractNumber: figures.contractNumber,
          customerId: contract.customer_id,
          period,
          periodStart: figures.periodStart,
          periodEnd: figures.periodEnd,
          opening: figures.opening,
          closing: figures.closing,
          ledgerHead: figures.ledgerHead,
          issuedAt: issuedAt.toISOString(),
        },
      });
      await deps.audit.record(trx, ctx, {
        action: 'statement.issued',
        entityType: 'statement',
        entityId: id,
        organizationId: contract.organization_id,
        after: { contractId: contract.id, period, number: figures.number, recipients: recipients.length },
      });
    });
  } catch (e) {
    if (e instanceof AlreadyIssued) return null;
    throw e;
  }
  return { id, number: figures.number };
}

export interface IssueDueResult {
  issued: { statementId: string; contractId: string; period: string; number: string }[];
  failed: { contractId: string; period: string; error: string }[];
}

/**
 * The statements job: every statement due at the clock's now (statement day, 08:00 in the customer's zone,
 * for each month the contract was active in) and not issued yet, oldest first per contract (catch-up).
 * Safe to run twice or concurrently; a failure is reported and retried on the next run.
 */
export async function issueDue(deps: StatementsDeps, onProgress?: (done: number, total: number) => void) {
  const now = deps.clock.now();
  const ex = deps.db.kysely;
  const [contracts, issued] = await Promise.all([statementsRepo.candidates(ex), statementsRepo.issuedPeriods(ex)]);
  const work = contracts.flatMap((c) =>
    duePeriods(asStatementContract(c), issued.get(c.id) ?? new Set(), now).map((period) => ({ c, period })),
  );
  const result: IssueDueResult = { issued: [], failed: [] };
  const ctx = systemCtx('statements');
  const firm = work.length ? await deps.firm(ex) : undefined;
  // Contracts run side by side; one contract's periods run in order and stop at its first failure (the
  // rest are counted as done for the progress report and retried on the next run).
  const byContract = new Map<string, string[]>();
  for (const { c, period } of work) byContract.set(c.id, [...(byContract.get(c.id) ?? []), period]);
  const contractOf = new Map(work.map(({ c }) => [c.id, c]));
  let done = 0;
  await mapLimited([...byContract], issueConcurrency(deps.db.kind), async ([contractId, periods]) => {
    const c = contractOf.get(contractId)!;
    for (const [i, period] of periods.entries()) {
      try {
        const s = await issueStatement(deps, ctx, c, period, firm);
        if (s) result.issued.push({ statementId: s.id, contractId, period, number: s.number });
        onProgress?.(++done, work.length);
      } catch (e) {
        result.failed.push({ contractId, period, error: (e as Error).message });
        done += periods.length - i;
        onProgress?.(done, work.length);
        return;
      }
    }
  });
  return result;
}
