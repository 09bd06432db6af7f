import { messageTopicLabel, type ContractMessage } from '../../shared/contracts/channels.ts';
import { assertTenant, authorize, providerWith } from '../authz.ts';
import type { Ctx } from '../context.ts';
import { loadContract } from '../contracts/contracts.load.ts';
import { outboxState } from '../mail/mail.rules.ts';
import { cursorOf, toPage, type Page } from '../pagination.ts';
import type { ChannelsDeps } from './channels.deps.ts';
import { channelsRepo } from './channels.repo.ts';

/** Pages continue after the last item's (created, id). */
const byCreated = cursorOf('instant', 'id');

/** Staff who read every contract read its messages; customers and consultants do not need them. */
const messageReaders = providerWith('admin', 'account_manager', 'ir_manager');

/**
 * The messages about one contract (statements, reminders, alerts, answers), newest first, with their
 * delivery state: staff readers of contracts; another tenant's contract is 404, a customer user 403.
 */
export async function listContractMessages(
  deps: ChannelsDeps,
  ctx: Ctx,
  contractId: string,
  filter: { cursor?: string | undefined; limit?: number | undefined },
): Promise<Page<ContractMessage>> {
  const contract = await loadContract(deps.db.kysely, contractId);
  assertTenant(ctx.actor, contract.organization_id, `Contract ${contractId}`);
  authorize(
    ctx.actor,
    messageReaders,
    "Only the firm's administrators, account managers and IR managers read a contract's messages.",
  );
  const limit = filter.limit ?? 50;
  const after = byCreated.decode(filter.cursor);
  const rows = await channelsRepo.contractMessages(deps.db.kysely, contractId, {
    ...(after ? { before: { createdAt: new Date(after[0]), id: after[1] } } : {}),
    limit: limit + 1,
  });
  const page = toPage(rows, limit, byCreated, (row) => [row.created_at.toISOString(), row.id]);
  const now = deps.clock.now();
  return {
    items: page.items.map((row) => ({
      id: row.id,
      topic: row.topic,
      topicLabel: messageTopicLabel(row.topic),
      subject: row.subject,
      to: row.to,
      status: outboxState(row, now),
      attempts: row.attempts,
      lastError: row.last_error,
      createdAt: row.created_at.toISOString(),
      deliveredAt: row.delivered_at?.toISOString() ?? null,
    })),
    nextCursor: page.nextCursor,
  };
}
