import { notFound } from '../../shared/errors.ts';
import type { Ctx } from '../context.ts';
import type { StatementsDeps } from './statements.deps.ts';
import { enqueueStatement } from './statements.notify.ts';
import { statementsRepo } from './statements.repo.ts';
import { statementFor } from './read.ts';

/**
 * Re-sends an issued statement (the same frozen figures and stored PDF) to chosen contacts of its customer:
 * staff who manage the contract. A contact of another customer is 404 like a missing one; audited.
 */
export async function resendStatement(deps: StatementsDeps, ctx: Ctx, id: string, contactIds: readonly string[]) {
  const ex = deps.db.kysely;
  const { row, contract } = await statementFor(ex, ctx.actor, id, 'manage');
  const unique = [...new Set(contactIds)];
  const firm = await deps.firm(ex);
  return deps.db.transaction(async (trx) => {
    const contacts = await statementsRepo.contacts(trx, contract.customer_id, unique);
    const missing = unique.find((c) => !contacts.some((x) => x.id === c));
    if (missing) throw notFound(`Contact ${missing}`);
    const key = `resend-${deps.ids.next('out')}`;
    const s = { id: row.id, contractId: row.contract_id, figures: row.figures, fileId: row.file_id };
    await enqueueStatement(
      deps,
      trx,
      s,
      firm,
      contacts.map((c) => c.email),
      key,
    );
    await deps.audit.record(trx, ctx, {
      action: 'statement.resent',
      entityType: 'statement',
      entityId: row.id,
      organizationId: contract.organization_id,
      after: { number: row.number, contactIds: contacts.map((c) => c.id) },
    });
    return { sent: contacts.map((c) => ({ contactId: c.id, to: c.email })) };
  });
}
