import type { UseCaseArgs } from '../use-case.ts';
import { issueDue } from './issue.ts';
import { getStatement, listStatements, previewStatement, statementPdf } from './read.ts';
import { runPeriod } from './run.ts';
import { resendStatement } from './send.ts';
import type { StatementsDeps } from './statements.deps.ts';

export type StatementsService = ReturnType<typeof createStatementsService>;

/** Monthly statements: issued by the job (or an admin's run), read, previewed and re-sent. */
export function createStatementsService(deps: StatementsDeps) {
  return {
    issueDue: (...args: UseCaseArgs<typeof issueDue>) => issueDue(deps, ...args),
    run: (...args: UseCaseArgs<typeof runPeriod>) => runPeriod(deps, ...args),
    list: (...args: UseCaseArgs<typeof listStatements>) => listStatements(deps, ...args),
    get: (...args: UseCaseArgs<typeof getStatement>) => getStatement(deps, ...args),
    pdf: (...args: UseCaseArgs<typeof statementPdf>) => statementPdf(deps, ...args),
    preview: (...args: UseCaseArgs<typeof previewStatement>) => previewStatement(deps, ...args),
    resend: (...args: UseCaseArgs<typeof resendStatement>) => resendStatement(deps, ...args),
  };
}
