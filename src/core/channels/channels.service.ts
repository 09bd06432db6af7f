import type { Ctx } from '../context.ts';
import type { ChannelsDeps } from './channels.deps.ts';
import { listContractMessages } from './contract-messages.ts';
import { channelHandlers } from './mail-channels.ts';
import { sendTermEndReminders } from './term-end-reminders.ts';

export type ChannelsService = ReturnType<typeof createChannelsService>;

/** The customer's channels: a contract's messages, term-end reminders, balance and emergencies by email. */
export function createChannelsService(deps: ChannelsDeps) {
  return {
    contractMessages: (ctx: Ctx, contractId: string, filter: { cursor?: string; limit?: number }) =>
      listContractMessages(deps, ctx, contractId, filter),
    sendTermEndReminders: () => sendTermEndReminders(deps),
    /** The inbound handlers of balance@ and emergency@ (main/core.ts registers them). */
    inboundHandlers: () => channelHandlers(deps),
  };
}
