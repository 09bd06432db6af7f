import type { Db, Executor } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { authorize, canSeeTenant } from '../authz.ts';
import { isCustomerUser, type Actor, type Ctx, type UserActor } from '../context.ts';
import type { CustomersService } from '../customers/customers.service.ts';
import { formatBytes } from '../files/files.rules.ts';
import {
  inspectFile,
  resolveDeferred,
  type Deferred,
  type FilesService,
  type UploadedFile,
} from '../files/files.service.ts';
import type { Outbox } from '../mail/outbox.service.ts';
import { renderEmail } from '../mail/templates.ts';
import { cursorOf } from '../pagination.ts';
import { isCurrency, money, type Money } from '../../shared/currencies.ts';
import { engagementScope, visibleEngagement, type EngagementScope } from './engagement.access.ts';
import { expensesPolicy } from './expenses.policy.ts';
import { expensesRepo, type ExpenseViewRow } from './expenses.repo.ts';
import {
  assertExpenseTransition,
  isReceiptType,
  latestExpenseDate,
  MAX_EXPENSE_AMOUNT,
  MAX_RECEIPT_BYTES,
  receiptTypes,
  totalsByCurrency,
  type CurrencyTotals,
  type ExpenseCategory,
  type ExpenseStatus,
} from './expenses.rules.ts';

/** Pages of an engagement's expenses continue after the last one's (date, id). */
const byDate = cursorOf('date', 'id');

export interface NewExpense {
  date: string;
  category: ExpenseCategory;
  /** Integer minor units of `currency`. */
  amount: number;
  currency: string;
  note?: string | undefined;
  receipt: UploadedFile | undefined;
}

export interface ExpenseView {
  id: string;
  engagementId: string;
  engagementNumber: string;
  userId: string;
  userName: string;
  date: string;
  category: ExpenseCategory;
  amount: Money;
  note: string;
  status: ExpenseStatus;
  receipt: { name: string; contentType: string; size: number; sha256: string; url: string };
  decidedBy: { id: string; name: string } | null;
  decidedAt: Date | null;
  rejectionReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ExpenseReportView {
  contractId: string | null;
  from: string | null;
  to: string | null;
  scope: 'all' | 'approved_only';
  totals: CurrencyTotals[];
  engagements: { engagementId: string; number: string; title: string; contractId: string; totals: CurrencyTotals[] }[];
}

export interface ExpensesDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  audit: AuditService;
  outbox: Outbox;
  files: FilesService;
  customers: CustomersService;
  publicUrl: string;
}

const allStatuses: readonly ExpenseStatus[] = ['pending', 'approved', 'rejected'];

const invalid = (path: string, message: string) =>
  new AppError('VALIDATION_FAILED', `The expense is invalid: ${path.replace(/^body\./, '')} ${message}.`, {
    errors: [{ path, message }],
  });

const expenseNotFound = (id: string) => new AppError('NOT_FOUND', `Expense ${id} not found.`);

export const toExpenseView = (r: ExpenseViewRow): ExpenseView => ({
  id: r.id,
  engagementId: r.engagement_id,
  engagementNumber: r.engagement_number,
  userId: r.user_id,
  userName: r.user_name,
  date: r.date,
  category: r.category,
  amount: money(r.amount, r.currency),
  note: r.note,
  status: r.status,
  receipt: {
    name: r.receipt_name,
    contentType: r.receipt_type,
    size: r.receipt_size,
    sha256: r.receipt_sha256,
    url: `/api/v1/expenses/${r.id}/receipt`,
  },
  decidedBy: r.decided_by ? { id: r.decided_by, name: r.decided_by_name ?? r.decided_by } : null,
  decidedAt: r.decided_at,
  rejectionReason: r.status === 'rejected' ? r.decision_reason : null,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** The statuses the actor sees: provider staff every one, customer users the approved ones only. */
const visibleStatuses = (scope: Pick<EngagementScope, 'staff'>): readonly ExpenseStatus[] =>
  scope.staff ? allStatuses : ['approved'];

export type ExpensesService = ReturnType<typeof createExpensesService>;

export function createExpensesService(deps: ExpensesDeps) {
  const { db, clock, ids, audit, outbox, files } = deps;

  /** The expense and its engagement as the actor may see them; otherwise NOT_FOUND, like a missing one. */
  async function visibleExpense(
    ex: Executor,
    actor: Actor,
    id: string,
  ): Promise<{ row: ExpenseViewRow; scope: EngagementScope }> {
    const row = await expensesRepo.view(ex, id);
    const scope = row ? await engagementScope(ex, actor, row.engagement_id) : null;
    if (!row || !scope || !visibleStatuses(scope).includes(row.status)) throw expenseNotFound(id);
    return { row, scope };
  }

  async function viewOf(id: string): Promise<ExpenseView> {
    return toExpenseView((await expensesRepo.view(db.kysely, id))!);
  }

  /** Field rules a request schema cannot know (the calendar, the currency list) and the limits for non-HTTP callers. */
  function checkFields(e: NewExpense): void {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(e.date) || Number.isNaN(Date.parse(`${e.date}T00:00:00Z`)))
      throw invalid('body.date', 'must be a date YYYY-MM-DD');
    const latest = latestExpenseDate(clock.now());
    if (e.date > latest) throw invalid('body.date', `must not be in the future (at the latest ${latest})`);
    if (!Number.isSafeInteger(e.amount) || e.amount < 1 || e.amount > MAX_EXPENSE_AMOUNT) {
      throw invalid('body.amount', `must be a whole number of minor units from 1 to ${MAX_EXPENSE_AMOUNT}`);
    }
    if (!isCurrency(e.currency))
      throw invalid(
        'body.currency',
        `"${e.currency}" is not an ISO 4217 currency in circulation (EUR, USD, GBP, JPY…)`,
      );
  }

  /** The receipt's bytes: present, at most 10 MB, and a PDF, PNG or JPEG by their content. */
  async function checkReceipt(receipt: UploadedFile | undefined) {
    if (!receipt || receipt.content.length === 0)
      throw invalid(
        'body.receipt',
        'is required: attach the receipt as a PDF, PNG or JPEG file in the field `receipt`',
      );
    if (receipt.content.length > MAX_RECEIPT_BYTES) throw receiptTooLarge();
    const inspection = await inspectFile(receipt.content);
    if (!isReceiptType(inspection.contentType)) {
      throw new AppError(
        'RECEIPT_TYPE_NOT_ALLOWED',
        `The receipt must be a PDF, PNG or JPEG file; its content is ${inspection.recognised ? inspection.contentType : 'not one of them'} (the file name and declared type do not count). Scan or export it as PDF, PNG or JPEG and try again.`,
        { detected: inspection.contentType, allowed: [...receiptTypes] },
      );
    }
    return inspection;
  }

  async function notifyRejected(trx: Executor, row: ExpenseViewRow, reason: string, by: UserActor): Promise<void> {
    const amount = money(row.amount, row.currency).display;
    await outbox.enqueueEmail(trx, {
      topic: 'expense.rejected',
      to: [row.user_email],
      subject: `Expense rejected: ${amount} on ${row.engagement_number}`,
      ...renderEmail({
        heading: 'Your expense was rejected',
        paragraphs: [
          `Hello ${row.user_name},`,
          `${by.name} rejected your expense of ${amount} (${row.category.replace(/_/g, ' ')}, ${row.date}) on engagement ${row.engagement_number}.`,
          `Reason: ${reason}`,
          'If it should be billed after all, file it again with a corrected amount or receipt.',
        ],
        facts: [
          ['Engagement', row.engagement_number],
          ['Date', row.date],
          ['Amount', amount],
          ['Receipt', row.receipt_name],
        ],
        action: { label: 'Open the engagement', url: `${deps.publicUrl}/engagements/${row.engagement_id}` },
      }),
    });
  }

  /** Approves or rejects a pending expense (admins and IR managers, never their own approval), in one transaction. */
  async function decide(ctx: Ctx, id: string, to: 'approved' | 'rejected', reason?: string): Promise<ExpenseView> {
    await db.transaction(async (trx) => {
      const { row, scope } = await visibleExpense(trx, ctx.actor, id);
      authorize(ctx.actor, expensesPolicy.decide, 'Only IR managers and administrators approve or reject expenses.');
      if (to === 'approved' && row.user_id === ctx.actor.userId) {
        throw new AppError('FORBIDDEN', 'You filed this expense: another IR manager or an administrator approves it.');
      }
      const locked = (await expensesRepo.lock(trx, id))!;
      assertExpenseTransition(locked.status, to);
      const at = clock.now();
      await expensesRepo.update(trx, id, {
        status: to,
        decided_by: ctx.actor.userId,
        decided_at: at,
        decision_reason: reason ?? null,
        updated_at: at,
      });
      await audit.record(trx, ctx, {
        action: `expense.${to}`,
        entityType: 'expense',
        entityId: id,
        organizationId: scope.engagement.organizationId,
        before: { status: locked.status },
        after: {
          status: to,
          ...(reason ? { reason } : {}),
          engagementId: row.engagement_id,
          amount: row.amount,
          currency: row.currency,
        },
      });
      if (to === 'rejected') await notifyRejected(trx, row, reason!, ctx.actor);
    });
    return viewOf(id);
  }

  return {
    /**
     * Files an expense with its receipt on an engagement: team members (admins and IR managers on any
     * engagement). The receipt must be a PDF, PNG or JPEG by its content, at most 10 MB; the amount is
     * in minor units of a real currency. Nothing is stored when anything is refused, and nothing touches
     * the retainer: expenses are billed at cost.
     */
    async submit(ctx: Ctx, engagementId: string, input: Deferred<NewExpense>): Promise<ExpenseView> {
      const actor = ctx.actor;
      const allowed =
        (onTeam: boolean) =>
        (a: Actor): a is UserActor =>
          expensesPolicy.file(a, onTeam);
      const filing = 'Only members of the engagement team, IR managers and administrators file its expenses.';
      const before = await visibleEngagement(db.kysely, actor, engagementId);
      authorize(actor, allowed(before.onTeam), filing);
      const e = await resolveDeferred(input);
      checkFields(e);
      const inspection = await checkReceipt(e.receipt);
      const receipt = e.receipt!;
      const id = ids.next('exp');
      await db.transaction(async (trx) => {
        // Checked again inside: the team may have changed while the upload was read.
        const scope = await visibleEngagement(trx, actor, engagementId);
        authorize(actor, allowed(scope.onTeam), filing);
        const file = await files.storeInTx(trx, ctx, {
          content: receipt.content,
          name: receipt.name ?? 'receipt',
          inspection,
        });
        const at = clock.now();
        const note = e.note?.trim() ?? '';
        await expensesRepo.insert(trx, {
          id,
          engagement_id: engagementId,
          user_id: actor.userId,
          date: e.date,
          category: e.category,
          amount: e.amount,
          currency: e.currency,
          note,
          receipt_file_id: file.id,
          status: 'pending',
          decided_by: null,
          decided_at: null,
          decision_reason: null,
          created_at: at,
          updated_at: at,
        });
        await audit.record(trx, ctx, {
          action: 'expense.created',
          entityType: 'expense',
          entityId: id,
          organizationId: scope.engagement.organizationId,
          after: {
            engagementId,
            date: e.date,
            category: e.category,
            amount: e.amount,
            currency: e.currency,
            note,
            status: 'pending',
            receipt: {
              fileId: file.id,
              name: file.name,
              contentType: file.contentType,
              size: file.size,
              sha256: file.sha256,
            },
          },
        });
      });
      return viewOf(id);
    },

    /** One expense: provider staff who see the engagement, customer users only approved ones of their own. */
    async get(ctx: Ctx, id: string): Promise<ExpenseView> {
      return toExpenseView((await visibleExpense(db.kysely, ctx.actor, id)).row);
    },

    /**
     * An engagement's expenses, newest first, with totals per currency of approved and pending ones (no
     * conversion). Customer users see approved expenses only.
     */
    async list(ctx: Ctx, engagementId: string, f: { status?: ExpenseStatus; cursor?: string; limit?: number } = {}) {
      const scope = await visibleEngagement(db.kysely, ctx.actor, engagementId);
      const visible = visibleStatuses(scope);
      const statuses = f.status ? visible.filter((s) => s === f.status) : visible;
      const limit = f.limit ?? 50;
      const key = byDate.decode(f.cursor);
      const after = key ? { date: key[0], id: key[1] } : undefined;
      const rows = statuses.length
        ? await expensesRepo.list(db.kysely, { engagementId, statuses, limit: limit + 1, ...(after ? { after } : {}) })
        : [];
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      const totals = totalsByCurrency(await expensesRepo.engagementTotals(db.kysely, engagementId, visible));
      return {
        items: items.map(toExpenseView),
        nextCursor: rows.length > limit && last ? byDate.encode([last.date, last.id]) : null,
        totals,
        scope: scope.staff ? ('all' as const) : ('approved_only' as const),
      };
    },

    /** Approves a pending expense (admins and IR managers; someone else than the consultant who filed it). */
    async approve(ctx: Ctx, id: string): Promise<ExpenseView> {
      return decide(ctx, id, 'approved');
    },

    /** Rejects a pending expense with a reason, which the consultant who filed it is told by email. */
    async reject(ctx: Ctx, id: string, reason: string): Promise<ExpenseView> {
      const r = reason.trim();
      if (r.length < 3) throw invalid('body.reason', 'must say why (at least 3 characters)');
      return decide(ctx, id, 'rejected', r);
    },

    /** The receipt of an expense the actor may see, for download. */
    async receipt(ctx: Ctx, id: string) {
      const { row } = await visibleExpense(db.kysely, ctx.actor, id);
      const file = await files.read(db.kysely, row.receipt_file_id);
      if (!file) throw expenseNotFound(id);
      return file;
    },

    /**
     * Totals per currency (approved and pending; rejected ones count nowhere) by engagement, for one
     * contract or every contract the actor may see, over expense dates from–to. Customer users get their
     * own approved expenses only; another tenant's contract is NOT_FOUND. Nothing is converted.
     */
    async report(ctx: Ctx, q: { contractId?: string; from?: string; to?: string }): Promise<ExpenseReportView> {
      const actor = ctx.actor;
      authorize(
        actor,
        expensesPolicy.report,
        'The expense report is for administrators, IR managers and account managers; consultants see expenses on their engagements.',
      );
      const customer = isCustomerUser(actor);
      let customerId: string | undefined;
      if (customer) {
        customerId = (await deps.customers.customerForOrganization(db.kysely, actor.organizationId))?.id;
        if (!customerId) throw new AppError('NOT_FOUND', 'Your organisation has no customer record.');
      }
      if (q.contractId) {
        const c = await expensesRepo.contract(db.kysely, q.contractId);
        if (!c || !canSeeTenant(actor, c.organization_id))
          throw new AppError('NOT_FOUND', `Contract ${q.contractId} not found.`);
      }
      const statuses: readonly ExpenseStatus[] = customer ? ['approved'] : ['pending', 'approved'];
      const groups = await expensesRepo.reportGroups(db.kysely, {
        statuses,
        ...(q.contractId ? { contractId: q.contractId } : {}),
        ...(customerId ? { customerId } : {}),
        ...(q.from ? { from: q.from } : {}),
        ...(q.to ? { to: q.to } : {}),
      });
      const byEngagement = new Map<string, typeof groups>();
      for (const g of groups) byEngagement.set(g.engagement_id, [...(byEngagement.get(g.engagement_id) ?? []), g]);
      return {
        contractId: q.contractId ?? null,
        from: q.from ?? null,
        to: q.to ?? null,
        scope: customer ? 'approved_only' : 'all',
        totals: totalsByCurrency(groups),
        engagements: [...byEngagement.values()].map((gs) => ({
          engagementId: gs[0]!.engagement_id,
          number: gs[0]!.engagement_number,
          title: gs[0]!.engagement_title,
          contractId: gs[0]!.contract_id,
          totals: totalsByCurrency(gs),
        })),
      };
    },
  };
}

/** The refusal of a receipt over the limit (also raised while the multipart body is read). */
export const receiptTooLarge = (): AppError =>
  new AppError(
    'RECEIPT_TOO_LARGE',
    `The receipt is larger than ${formatBytes(MAX_RECEIPT_BYTES)}: scan it at a lower resolution or as a PDF, and try again.`,
    {
      maxBytes: MAX_RECEIPT_BYTES,
    },
  );
