import type { Executor } from '../../db/create-db.ts';
import type { StatementFigures } from '../../shared/contracts/statements.ts';
import { billedAtCostIn } from '../expenses/expenses.rules.ts';
import { computeFigures } from './statements.figures.ts';
import { statementsRepo, type StatementCandidate } from './statements.repo.ts';
import { periodBounds, statementNumber } from './statements.rules.ts';

/**
 * Reads what a statement of `period` needs (the ledger up to the period's end, the engagements it names,
 * the T&E billed at cost) and computes its figures. `asOfDay` is the last day counted (preview: today).
 */
export async function loadFigures(
  ex: Executor,
  contract: StatementCandidate,
  period: string,
  asOfDay?: string,
): Promise<StatementFigures> {
  const bounds = periodBounds(period, contract.time_zone);
  const entries = await statementsRepo.entriesBefore(ex, contract.id, bounds.end);
  const engagementIds = [...new Set(entries.map((e) => e.engagement_id ?? e.reversed_engagement_id))].filter(
    (id): id is string => id !== null,
  );
  const engagements = new Map(
    (await statementsRepo.engagements(ex, engagementIds)).map((e) => [e.id, { number: e.number, title: e.title }]),
  );
  const expenses = await statementsRepo.expenseTotals(
    ex,
    contract.id,
    billedAtCostIn(bounds.firstDay, bounds.lastDay).filter,
  );
  return computeFigures({
    contract,
    number: statementNumber(period, contract.number),
    bounds,
    asOfDay: asOfDay && asOfDay < bounds.lastDay ? asOfDay : bounds.lastDay,
    entries,
    engagements,
    expenses,
  });
}
