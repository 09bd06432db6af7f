/** Wording of the decision and expiry emails, and of the automatic answers to approval replies. */
import type { Decision, DecisionChannel } from '../../shared/contracts/workorders.ts';
import { quantity } from '../../shared/units.ts';
import type { FrozenChangeOrder, FrozenWorkOrder } from '../../shared/workorders.ts';
import { zonedTime } from '../../shared/dates.ts';
import { itemLink } from '../mail/links.ts';
import type { Audience } from '../mail/mail.rules.ts';
import type { EmailContent } from '../mail/templates.ts';
import type { ChangeOrderWithContext } from './change-orders.repo.ts';
import type { VersionRow, WorkOrderWithContext } from './workorders.repo.ts';

/** A decision in words ("sent back for changes"). */
export const verb: Record<Decision, string> = {
  approved: 'approved',
  declined: 'declined',
  changes_requested: 'sent back for changes',
};

const channelWords = (channel: DecisionChannel): string =>
  channel === 'email' ? 'email reply' : channel === 'link' ? 'the signed email link' : 'the portal';

/** An email's content as one audience reads it: its links to their pages, its times in their zone. */
export type ContentFor = (audience: Audience) => EmailContent;

/** The outcome email of a decided EWO version (to the account team, IR managers and requester). */
export function workOrderDecisionEmail(
  publicUrl: string,
  decided: {
    wo: WorkOrderWithContext;
    version: Pick<VersionRow, 'version' | 'content_hash'>;
    frozen: FrozenWorkOrder;
    decision: Decision;
    channel: DecisionChannel;
    contactName: string;
    reason: string | null;
    engagement: { id: string; number: string } | null;
    at: Date;
  },
): { subject: string; content: ContentFor } {
  const { wo, version, frozen, decision } = decided;
  const what = `${wo.number} version ${version.version}`;
  return {
    subject: `${wo.number} v${version.version} ${verb[decision]} by ${decided.contactName}`,
    content: (audience) => ({
      heading: `${what} ${verb[decision]}`,
      paragraphs: [
        `${decided.contactName} (${wo.customer_name}) ${verb[decision]} work order ${wo.number} version ${version.version}, "${frozen.title}", via ${channelWords(decided.channel)}.`,
        ...(decided.engagement
          ? [
              `Engagement ${decided.engagement.number} is scheduled and ${frozen.reservation.display} is reserved on retainer ${wo.contract_number}. Staffing and scheduling can start.`,
            ]
          : []),
        ...(decided.reason ? [`Reason: ${decided.reason}`] : []),
        ...(decision === 'changes_requested' ? ['Revise the draft and send the next version.'] : []),
      ],
      facts: [
        ['Work order', `${wo.number} v${version.version}`],
        ['Content hash', version.content_hash!],
        ['Decided at', zonedTime(decided.at, audience.timeZone)],
      ],
      action: {
        label: decided.engagement && audience.kind === 'contact' ? 'Open the engagement' : 'Open the work order',
        url: itemLink(publicUrl, audience.kind, {
          type: 'work_order',
          number: wo.number,
          engagementNumber: decided.engagement?.number ?? null,
          requestNumber: wo.request_number,
        }),
      },
    }),
  };
}

/** The outcome email of a decided change order. */
export function changeOrderDecisionEmail(
  publicUrl: string,
  decided: {
    co: ChangeOrderWithContext;
    frozen: FrozenChangeOrder;
    decision: 'approved' | 'declined';
    contactName: string;
    reason: string | null;
    reserved: number | null;
    at: Date;
  },
): { subject: string; content: ContentFor } {
  const { co, frozen, decision } = decided;
  const what = `Change order ${co.number}`;
  return {
    subject: `${what} ${verb[decision]} by ${decided.contactName}`,
    content: (audience) => ({
      heading: `${what} ${verb[decision]}`,
      paragraphs: [
        `${decided.contactName} (${co.customer_name}) ${verb[decision]} change order ${co.number} to engagement ${co.engagement_number}.`,
        ...(decision === 'approved'
          ? [
              `The estimate goes from ${frozen.estimateBefore.display} to ${frozen.estimateAfter.display}; the reservation changed by ${quantity(decided.reserved ?? 0, co.unit).display}.`,
            ]
          : []),
        ...(decided.reason ? [`Reason: ${decided.reason}`] : []),
      ],
      facts: [
        ['Change order', co.number],
        ['Content hash', co.content_hash!],
        ['Decided at', zonedTime(decided.at, audience.timeZone)],
      ],
      action: {
        label: 'Open the engagement',
        url: itemLink(publicUrl, audience.kind, {
          type: 'change_order',
          number: co.number,
          engagementNumber: co.engagement_number,
        }),
      },
    }),
  };
}

/** The email that an EWO version expired without a decision. */
export function workOrderExpiredEmail(
  publicUrl: string,
  wo: WorkOrderWithContext,
  version: { version: number; approval_deadline: Date },
): { subject: string; content: ContentFor } {
  return {
    subject: `${wo.number} v${version.version} expired without a decision`,
    content: (audience) => ({
      heading: `${wo.number} version ${version.version} expired`,
      paragraphs: [
        `Nobody at ${wo.customer_name} approved or declined work order ${wo.number} version ${version.version} by its deadline (${zonedTime(version.approval_deadline, audience.timeZone)}). The approval request has expired; its links no longer work.`,
      ],
      action: {
        label: audience.kind === 'contact' ? 'Open the request' : 'Open the work order',
        url: itemLink(publicUrl, audience.kind, {
          type: 'work_order',
          number: wo.number,
          requestNumber: wo.request_number,
        }),
      },
    }),
  };
}

/** The email that a change order expired without a decision. */
export function changeOrderExpiredEmail(
  publicUrl: string,
  co: ChangeOrderWithContext & { approval_deadline: Date },
): {
  subject: string;
  content: ContentFor;
} {
  return {
    subject: `Change order ${co.number} expired without a decision`,
    content: (audience) => ({
      heading: `Change order ${co.number} expired`,
      paragraphs: [
        `Nobody at ${co.customer_name} decided change order ${co.number} to ${co.engagement_number} by its deadline (${zonedTime(co.approval_deadline, audience.timeZone)}). The engagement's estimate is unchanged.`,
      ],
      action: {
        label: 'Open the engagement',
        url: itemLink(publicUrl, audience.kind, {
          type: 'change_order',
          number: co.number,
          engagementNumber: co.engagement_number,
        }),
      },
    }),
  };
}

/** What an email reply gets back: the outcome in words, marked as an automatic answer by the inbound service. */
export const replyAnswer = (heading: string, ...paragraphs: string[]): EmailContent => ({
  heading,
  paragraphs: [...paragraphs, 'This is an automatic answer from IMR Desk.'],
});
