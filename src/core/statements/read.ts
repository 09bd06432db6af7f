import type { Executor } from '../../db/create-db.ts';
import type { Statement, StatementSummary } from '../../shared/contracts/statements.ts';
import { localDate } from '../../shared/dates.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import type { Actor, Ctx } from '../context.ts';
import { assertCustomerAccess, type Access } from '../contracts/contracts.access.ts';
import { outboxState } from '../mail/mail.rules.ts';
import { loadFigures } from './statements.load.ts';
import type { StatementsDeps } from './statements.deps.ts';
import { statementsRepo, type StatementCandidate, type StatementRow } from './statements.repo.ts';
import { activePeriods, periodOf } from './statements.rules.ts';
import { asStatementContract } from './issue.ts';

/**
 * The contract, if the actor may `access` it; another tenant's (or a missing one) is 404. Statements are
 * read like the contract's ledger: not by consultants, even those on one of its engagements (403).
 */
export async function contractFor(
  ex: Executor,
  actor: Actor,
  contractId: string,
  access: Access,
  what: string,
): Promise<StatementCandidate> {
  const contract = await statementsRepo.candidate(ex, contractId);
  if (!contract) throw notFound(what);
  await assertCustomerAccess(
    ex,
    actor,
    { id: contract.customer_id, organization_id: contract.organization_id },
    access,
    what,
  );
  return contract;
}

/** A statement and its contract, if the actor may read (or `access`) the contract; otherwise 404 / 403. */
export async function statementFor(ex: Executor, actor: Actor, id: string, access: Access = 'read') {
  const row = await statementsRepo.byId(ex, id);
  if (!row) throw notFound(`Statement ${id}`);
  const contract = await contractFor(ex, actor, row.contract_id, access, `Statement ${id}`);
  return { row, contract };
}

export const statementView = (row: StatementRow): Statement => ({
  id: row.id,
  contractId: row.contract_id,
  customerId: row.customer_id,
  number: row.number,
  period: row.period,
  issuedAt: row.issued_at.toISOString(),
  figures: row.figures,
});

/** A contract's statements, newest first, with each recipient's message and its delivery state. */
export async function listStatements(
  deps: StatementsDeps,
  ctx: Ctx,
  contractId: string,
): Promise<{ items: StatementSummary[] }> {
  const ex = deps.db.kysely;
  await contractFor(ex, ctx.actor, contractId, 'read', `Contract ${contractId}`);
  const [rows, messages] = await Promise.all([
    statementsRepo.byContract(ex, contractId),
    statementsRepo.messages(ex, contractId),
  ]);
  const now = deps.clock.now();
  return {
    items: rows.map((row) => {
      const { figures: _f, ...view } = statementView(row);
      const mine = messages.filter((m) => m.dedupe_key?.startsWith(`statement:${row.id}:`));
      return {
        ...view,
        closing: row.figures.closing.balance,
        available: row.figures.closing.available,
        deliveries: mine.map((m) => ({
          to: m.payload.to.join(', '),
          state: outboxState(m, now),
          createdAt: m.created_at.toISOString(),
          deliveredAt: m.delivered_at ? m.delivered_at.toISOString() : null,
          resend: !m.dedupe_key?.startsWith(`statement:${row.id}:issue:`),
        })),
      };
    }),
  };
}

/** One statement's frozen figures. */
export async function getStatement(deps: StatementsDeps, ctx: Ctx, id: string): Promise<Statement> {
  const { row } = await statementFor(deps.db.kysely, ctx.actor, id);
  return statementView(row);
}

/** The statement's PDF, stored once at issue. */
export async function statementPdf(deps: StatementsDeps, ctx: Ctx, id: string) {
  const { row } = await statementFor(deps.db.kysely, ctx.actor, id);
  const file = await deps.files.read(deps.db.kysely, row.file_id);
  if (!file) throw notFound(`Statement ${id}'s PDF`);
  return { ...file, name: `${row.number}.pdf` };
}

/**
 * The figures of a period as a statement would show them, computed now and not stored: by default the
 * current month to date. A period before the contract began or after the current month is 422 with the range.
 */
export async function previewStatement(deps: StatementsDeps, ctx: Ctx, contractId: string, period?: string) {
  const ex = deps.db.kysely;
  const contract = await contractFor(ex, ctx.actor, contractId, 'read', `Contract ${contractId}`);
  const now = deps.clock.now();
  const today = localDate(now, contract.time_zone);
  const current = periodOf(now, contract.time_zone);
  const range = activePeriods(asStatementContract(contract));
  const allowedFrom = range?.first ?? current;
  const allowedTo = range && range.last < current ? range.last : current;
  const p = period ?? (current > allowedTo ? allowedTo : current);
  if (p < allowedFrom || p > allowedTo)
    throw new AppError(
      'STATEMENT_PERIOD_OUT_OF_RANGE',
      `Contract ${contract.number} has statements for ${allowedFrom} to ${allowedTo}: choose a month in that range.`,
      { allowedFrom, allowedTo },
    );
  const figures = await loadFigures(ex, contract, p, today);
  return { period: p, toDate: figures.periodEnd < today ? figures.periodEnd : today, figures };
}
