import type { Executor } from '../../db/create-db.ts';
import { commerceRepo } from '../commerce/commerce.repo.ts';
import type { ExpensesDeps } from './expenses.deps.ts';

/** The currency an expense takes when none is given: the contract's (its commercial terms), else the firm's default. */
export const expenseCurrencyOf = (contractCurrency: string | null | undefined, firmDefault: string): string =>
  contractCurrency ?? firmDefault;

/** The default currency of a new expense on an engagement of `contractId`, read on `ex`. */
export async function defaultExpenseCurrency(
  deps: Pick<ExpensesDeps, 'settings'>,
  ex: Executor,
  contractId: string,
): Promise<string> {
  const [terms, firm] = await Promise.all([commerceRepo.readTerms(ex, contractId), deps.settings.firmSettings(ex)]);
  return expenseCurrencyOf(terms?.currency, firm.defaultCurrency);
}
