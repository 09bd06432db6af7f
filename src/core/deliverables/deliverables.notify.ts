import type { Executor } from '../../db/create-db.ts';
import type { DeliverableKind } from '../../shared/domain.ts';
import type { UserActor } from '../context.ts';
import { engagementAccessRepo, type EngagementRef } from '../engagements/engagements.access.repo.ts';
import { itemLink } from '../mail/links.ts';
import { renderEmail } from '../mail/templates.ts';
import type { DeliverablesDeps } from './deliverables.deps.ts';
import { deliverablesRepo, type DeliverableRow, type VersionViewRow } from './deliverables.repo.ts';

const kindLabels: Record<DeliverableKind, string> = {
  final_report: 'final report',
  executive_briefing: 'executive briefing',
  ioc_list: 'IOC list',
  after_action_report: 'after-action report',
  scenario_pack: 'scenario pack',
  other: 'deliverable',
};

/** Each address once (case-insensitive), first occurrence kept. */
const uniqueByEmail = <T extends { email: string }>(people: readonly T[]): T[] => {
  const seen = new Set<string>();
  return people.filter((p) => !seen.has(p.email.toLowerCase()) && seen.add(p.email.toLowerCase()));
};

/** Who hears that a deliverable was issued: approving and statement contacts, and the requester of the work. */
async function issueRecipients(
  deps: Pick<DeliverablesDeps, 'customers'>,
  trx: Executor,
  engagement: EngagementRef,
): Promise<{ email: string; name: string }[]> {
  const { customers } = deps;
  const contacts = [
    ...(await customers.approvingContacts(trx, engagement.customerId)),
    ...(await customers.statementContacts(trx, engagement.customerId)),
  ];
  const requesterId = await deliverablesRepo.requesterContactId(trx, engagement.requestId);
  const requester = requesterId ? await customers.contactRecord(trx, requesterId) : undefined;
  if (requester && requester.customerId === engagement.customerId) contacts.push(requester);
  return uniqueByEmail(contacts);
}

/** Tells the customer's contacts that a version was issued (the document is not attached: they sign in to fetch it). */
export async function notifyIssued(
  deps: Pick<DeliverablesDeps, 'customers' | 'outbox' | 'publicUrl'>,
  trx: Executor,
  engagement: EngagementRef,
  deliverable: DeliverableRow,
  version: VersionViewRow | undefined,
  by: UserActor,
): Promise<void> {
  const url = itemLink(deps.publicUrl, 'contact', { type: 'engagement', number: engagement.number });
  const current = deliverable.current_version;
  for (const recipient of await issueRecipients(deps, trx, engagement)) {
    await deps.outbox.enqueueEmail(trx, {
      topic: 'deliverable.issued',
      contractId: engagement.contractId,
      dedupeKey: `deliverable.issued:${deliverable.id}:v${current}:${recipient.email.toLowerCase()}`,
      to: [recipient.email],
      subject: `${engagement.number}: ${deliverable.title} (version ${current}) is ready`,
      ...renderEmail({
        heading: `${deliverable.title} is ready`,
        paragraphs: [
          `Hello ${recipient.name},`,
          `${by.name} issued the ${kindLabels[deliverable.kind]} "${deliverable.title}" (version ${current}) of engagement ${engagement.number}, ${engagement.title}.`,
          'Sign in to the portal to download it. Your point of contact accepts it there once it is what you need. For its confidentiality the document is not attached to this message.',
        ],
        facts: [
          ['Engagement', `${engagement.number} ${engagement.title}`],
          ['Deliverable', deliverable.title],
          ['Version', String(current)],
          ...(version ? [['File', version.file_name] as [string, string]] : []),
        ],
        action: { label: 'Open in the portal', url },
      }),
    });
  }
}

/** Tells the engagement team and the account team that the customer accepted a version. */
export async function notifyAccepted(
  deps: Pick<DeliverablesDeps, 'customers' | 'outbox' | 'publicUrl'>,
  trx: Executor,
  engagement: EngagementRef,
  deliverable: DeliverableRow,
  version: number,
  by: UserActor,
): Promise<void> {
  const staff = [
    ...(await engagementAccessRepo.activeTeam(trx, engagement.id)),
    ...(await deps.customers.accountTeam(trx, engagement.customerId)),
  ];
  for (const recipient of uniqueByEmail(staff)) {
    await deps.outbox.enqueueEmail(trx, {
      topic: 'deliverable.accepted',
      contractId: engagement.contractId,
      dedupeKey: `deliverable.accepted:${deliverable.id}:${recipient.email.toLowerCase()}`,
      to: [recipient.email],
      subject: `${engagement.number}: ${engagement.customerName} accepted ${deliverable.title}`,
      ...renderEmail({
        heading: `${deliverable.title} was accepted`,
        paragraphs: [
          `Hello ${recipient.name},`,
          `${by.name} of ${engagement.customerName} accepted version ${version} of "${deliverable.title}" on engagement ${engagement.number}.`,
        ],
        facts: [
          ['Engagement', `${engagement.number} ${engagement.title}`],
          ['Deliverable', deliverable.title],
          ['Version', String(version)],
        ],
        action: {
          label: 'Open the engagement',
          url: itemLink(deps.publicUrl, 'staff', { type: 'engagement', number: engagement.number }),
        },
      }),
    });
  }
}
