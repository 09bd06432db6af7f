import { randomBytes } from 'node:crypto';
import type { Db, Executor } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import { ContractSettings } from '../../shared/contracts/contract-settings.ts';
import type { ApprovalSubject, ApprovalSummary, DeliveryMode, PricingMode } from '../../shared/contracts/workorders.ts';
import type { RequestKind } from '../../shared/domain.ts';
import { AppError } from '../../shared/errors.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import { quantity, type ContractUnit } from '../../shared/units.ts';
import { newSecret, sha256Hex } from '../accounts/secrets.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { ContractRateCard } from '../billing/billing.rules.ts';
import { isCustomerUser, type Actor, type Ctx } from '../context.ts';
import type { CustomersService } from '../customers/customers.service.ts';
import type { LedgerService } from '../ledger/ledger.service.ts';
import type { Outbox } from '../mail/outbox.service.ts';
import { renderEmail, type EmailContent } from '../mail/templates.ts';
import { requestsRepo } from '../requests/requests.repo.ts';
import type { RequestsService } from '../requests/requests.service.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import { workOrdersRepo } from './workorders.repo.ts';
import { balanceImpact, type BalanceImpactView } from './workorders.rules.ts';

/** What approvals need of the engagements feature (core.services.engagements). */
export interface EngagementsPort {
  createFromApprovalInTx(
    trx: Executor,
    ctx: Ctx,
    input: {
      customerId: string;
      contractId: string;
      requestId: string;
      workOrderId: string;
      title: string;
      kind: RequestKind;
      deliveryMode: DeliveryMode;
      siteIds: string[];
      pricingMode: PricingMode;
      estimate: number;
      fixedPrice: number | null;
      minimumBillable: number;
      plannedStart: string | Date | null;
      plannedEnd: string | Date | null;
      team: { userId: string; role: string }[];
    },
  ): Promise<{ id: string; number: string }>;
  adjustEstimateInTx(
    trx: Executor,
    ctx: Ctx,
    engagementId: string,
    delta: number,
    o?: { reason?: string },
  ): Promise<{ applied: number }>;
}

/** What change orders need of the effort feature (core.services.effort). */
export interface EffortPort {
  postHeldEffortInTx(trx: Executor, ctx: Ctx, engagementId: string): Promise<unknown>;
}

export interface WorkOrdersDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  audit: AuditService;
  outbox: Outbox;
  publicUrl: string;
  /** MAIL_IN_DOMAIN: reply-to addresses `ewo+TOKEN@domain` exist only when inbound mail is on. */
  inboundDomain: string | undefined;
  requests: Pick<RequestsService, 'transitionInTx' | 'requestForUpdate'>;
  settings: Pick<SettingsService, 'firmSettings'>;
  ledger: Pick<LedgerService, 'totals' | 'reserve' | 'adjustReservation' | 'openReservation'>;
  customers: Pick<CustomersService, 'approvingContacts' | 'accountTeam' | 'contactRecord'>;
  /** Resolved at call time: the engagements and effort features are wired after this one. */
  engagements: () => EngagementsPort | undefined;
  effort: () => EffortPort | undefined;
}

/** The rate card of a contract row (unit, units per hour, settings) for billing.rules conversions. */
export function cardOf(c: {
  unit: ContractUnit;
  units_per_hour: string | null;
  settings: unknown;
}): ContractRateCard & { settings: ContractSettings } {
  return { unit: c.unit, unitsPerHour: c.units_per_hour, settings: ContractSettings.parse(c.settings) };
}

/** A reply-to token: 192 bits as lower-case hex, so it fits `ewo+<token>@domain` and survives lower-casing. */
export const newReplyToken = (): string => randomBytes(24).toString('hex');

export interface SendContext {
  subjectType: ApprovalSubject;
  subjectId: string;
  versionId: string | null;
  contentHash: string;
  deadline: Date;
  customerId: string;
  heading: string;
  subject: string;
  intro: string;
  facts: [string, string][];
  pdf: { filename: string; content: Buffer };
  topic: string;
}

export type WorkOrdersSupport = ReturnType<typeof createWorkOrdersSupport>;

/** Helpers the EWO, change-order and approval use cases share: balance impact, tokens and emails, notifications. */
export function createWorkOrdersSupport(deps: WorkOrdersDeps) {
  const { clock, ids, outbox } = deps;

  /** The balance impact of reserving `change` on a contract, as it stands now (any executor). */
  async function impactOf(
    ex: Executor,
    contract: { contract_id: string; unit: ContractUnit; settings: unknown },
    change: number,
  ): Promise<BalanceImpactView> {
    const totals = await deps.ledger.totals(ex, contract.contract_id);
    return balanceImpact(totals, change, ContractSettings.parse(contract.settings).overdraftPolicy, contract.unit);
  }

  /**
   * Issues one signed link and (inbound mail on) one reply-to address per approving contact for a sent
   * version, stored hashed and bound to the contact and the content hash, expiring at the deadline; and
   * writes each contact's email with the summary, the PDF, approve and decline links.
   */
  async function issueApprovalRequests(trx: Executor, s: SendContext): Promise<number> {
    const contacts = await deps.customers.approvingContacts(trx, s.customerId);
    if (contacts.length === 0) {
      throw new AppError(
        'BUSINESS_RULE',
        'The customer has no contact who may approve (canApprove): add one, or set canApprove on a contact, then send again.',
      );
    }
    const at = clock.now();
    const attachment = {
      filename: s.pdf.filename,
      contentType: 'application/pdf',
      content: s.pdf.content.toString('base64'),
    };
    for (const contact of contacts) {
      const link = newSecret();
      const reply = deps.inboundDomain ? newReplyToken() : null;
      const base = {
        subject_type: s.subjectType,
        subject_id: s.subjectId,
        version_id: s.versionId,
        contact_id: contact.id,
        content_hash: s.contentHash,
        expires_at: s.deadline,
        created_at: at,
      };
      await workOrdersRepo.insertTokens(trx, [
        { ...base, id: ids.next('apt'), channel: 'link', token_hash: sha256Hex(link) },
        ...(reply ? [{ ...base, id: ids.next('apt'), channel: 'reply' as const, token_hash: sha256Hex(reply) }] : []),
      ]);
      const url = `${deps.publicUrl}/approve/${encodeURIComponent(link)}`;
      const content = renderEmail({
        heading: s.heading,
        paragraphs: [
          `Hello ${contact.name},`,
          s.intro,
          'Open the page to see what you are approving, how many units it reserves and what is left after. Nothing is decided until you press Approve or Decline there.',
          ...(reply
            ? [
                'You can also reply to this email: write APPROVE as the first word to approve, or DECLINE followed by your reason to decline.',
              ]
            : []),
          `This request expires at ${s.deadline.toISOString()}. The attached PDF is the exact version you are asked to approve (content hash ${s.contentHash}).`,
        ],
        facts: s.facts,
        action: { label: 'Review and approve', url },
        secondaryAction: { label: 'Decline', url: `${url}?decision=decline` },
        footer:
          'Only the defined points of contact of your organisation receive this email. Do not forward it: the links and the reply address are personal.',
      });
      await outbox.enqueueEmail(trx, {
        topic: s.topic,
        to: [contact.email],
        subject: s.subject,
        ...content,
        ...(reply ? { replyTo: `ewo+${reply}@${deps.inboundDomain}` } : {}),
        attachments: [attachment],
      });
    }
    return contacts.length;
  }

  /** Who hears about an outcome (domain.md Notifications): the account team, the IR managers and the requester. */
  async function outcomeRecipients(
    ex: Executor,
    o: { customerId: string; requestId: string | null },
  ): Promise<string[]> {
    const team = (await deps.customers.accountTeam(ex, o.customerId)).map((m) => m.email);
    const managers = (await requestsRepo.providerRecipients(ex, ['ir_manager'])).map((u) => u.email);
    const requester: string[] = [];
    if (o.requestId) {
      const r = await requestsRepo.byId(ex, o.requestId);
      if (r?.requester_contact_id) {
        const c = await deps.customers.contactRecord(ex, r.requester_contact_id);
        if (c) requester.push(c.email);
      } else if (r?.requester_user_id) {
        const email = await workOrdersRepo.userEmail(ex, r.requester_user_id);
        if (email) requester.push(email);
      }
    }
    const seen = new Set<string>();
    return [...team, ...managers, ...requester].filter((e) => !seen.has(e.toLowerCase()) && seen.add(e.toLowerCase()));
  }

  /** Writes one outcome email to the outbox on the caller's transaction (once per key). */
  async function notify(
    trx: Executor,
    o: {
      customerId: string;
      requestId: string | null;
      topic: string;
      subject: string;
      content: EmailContent;
      dedupeKey: string;
    },
  ): Promise<void> {
    const to = await outcomeRecipients(trx, o);
    if (to.length === 0) return;
    await outbox.enqueueEmail(trx, {
      topic: o.topic,
      dedupeKey: o.dedupeKey,
      to,
      subject: o.subject,
      ...renderEmail(o.content),
    });
  }

  /**
   * Journey 4: an approval the overdraft policy refused asks the account team for a top-up, in its own
   * transaction (the refused one rolled back), once per subject and shortfall.
   */
  async function requestTopUp(o: {
    customerId: string;
    customerName: string;
    contractId: string;
    contractNumber: string;
    unit: ContractUnit;
    what: string;
    key: string;
    error: AppError;
  }): Promise<boolean> {
    const shortfall = o.error.details?.['shortfall'] as { amount: number; display: string } | undefined;
    const available = o.error.details?.['available'] as { display: string } | undefined;
    return deps.db.transaction(async (trx) => {
      const to = (await deps.customers.accountTeam(trx, o.customerId)).map((m) => m.email);
      if (to.length === 0) return false;
      await outbox.enqueueEmail(trx, {
        topic: 'ewo.top_up_needed',
        dedupeKey: `top-up-needed:${o.key}:${shortfall?.amount ?? ''}`,
        to,
        subject: `Top-up needed: ${o.customerName} cannot approve ${o.what}`,
        ...renderEmail({
          heading: `${o.customerName} needs a top-up to approve ${o.what}`,
          paragraphs: [
            `An approver of ${o.customerName} tried to approve ${o.what}, and retainer ${o.contractNumber} does not have enough units under its overdraft policy. Nothing was approved.`,
            'Record a top-up (for instance against a purchase order); the approver can then approve with the same link or in the portal.',
          ],
          facts: [
            ['Shortfall', shortfall?.display ?? quantity(0, o.unit).display],
            ['Available now', available?.display ?? ''],
            ['Contract', o.contractNumber],
          ],
          action: {
            label: 'Open the contract',
            url: `${deps.publicUrl}/contracts/${encodeURIComponent(o.contractId)}`,
          },
        }),
      });
      return true;
    });
  }

  /** For a customer user's approval page: its contact's name and whether that contact may decide for this customer. */
  async function approverOf(ex: Executor, actor: Actor, customerId: string): Promise<ApprovalSummary['approver']> {
    if (!isCustomerUser(actor) || !actor.contactId) return null;
    const contact = await deps.customers.contactRecord(ex, actor.contactId);
    return contact ? { name: contact.name, canDecide: contact.canApprove && contact.customerId === customerId } : null;
  }

  return { impactOf, issueApprovalRequests, notify, requestTopUp, approverOf };
}
