import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../../db/create-db.ts';
import type { ApprovalSubject } from '../../shared/contracts/workorders.ts';
import type { ApprovalDecisionsTable, ApprovalTokensTable, TokenChannel } from './workorders.tables.ts';

export type TokenRow = Selectable<ApprovalTokensTable>;
export type DecisionRow = Selectable<ApprovalDecisionsTable>;

/** Approval tokens (signed links, reply-to addresses) and the decisions taken with them. */
export const approvalsRepo = {
  async insertTokens(ex: Executor, rows: Insertable<ApprovalTokensTable>[]): Promise<void> {
    if (rows.length) await ex.insertInto('approval_tokens').values(rows).execute();
  },

  async tokenByHash(ex: Executor, tokenHash: string, channel: TokenChannel): Promise<TokenRow | undefined> {
    return ex
      .selectFrom('approval_tokens')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .where('channel', '=', channel)
      .executeTakeFirst();
  },

  async token(ex: Executor, id: string): Promise<TokenRow | undefined> {
    return ex.selectFrom('approval_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** Voids every live token of a subject (superseded, decided, expired): their links stop working. */
  async voidTokens(ex: Executor, subjectType: ApprovalSubject, subjectId: string, at: Date): Promise<void> {
    await ex
      .updateTable('approval_tokens')
      .set({ voided_at: at })
      .where('subject_type', '=', subjectType)
      .where('subject_id', '=', subjectId)
      .where('voided_at', 'is', null)
      .where('used_at', 'is', null)
      .execute();
  },

  async markTokenUsed(ex: Executor, id: string, at: Date): Promise<void> {
    await ex.updateTable('approval_tokens').set({ used_at: at }).where('id', '=', id).execute();
  },

  async insertDecision(ex: Executor, row: Insertable<ApprovalDecisionsTable>): Promise<void> {
    await ex.insertInto('approval_decisions').values(row).execute();
  },

  /** The decisions of subjects (EWO ids or change order ids), newest first. */
  async decisions(ex: Executor, subjectType: ApprovalSubject, subjectIds: string[]): Promise<DecisionRow[]> {
    if (subjectIds.length === 0) return [];
    return ex
      .selectFrom('approval_decisions')
      .selectAll()
      .where('subject_type', '=', subjectType)
      .where('subject_id', 'in', subjectIds)
      .orderBy('decided_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
  },
};
