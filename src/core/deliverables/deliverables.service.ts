import type { Executor } from '../../db/create-db.ts';
import { deliverableKinds, type DeliverableKind } from '../../shared/domain.ts';
import { AppError } from '../../shared/errors.ts';
import { authorize } from '../authz.ts';
import type { Actor, Ctx, UserActor } from '../context.ts';
import { engagementAccessRepo } from '../expenses/engagement-access.repo.ts';
import {
  engagementScope,
  visibleEngagement,
  type EngagementRef,
  type EngagementScope,
} from '../expenses/engagement.access.ts';
import type { ExpensesDeps } from '../expenses/expenses.service.ts';
import { formatBytes } from '../files/files.rules.ts';
import { inspectFile, resolveDeferred, type Deferred, type UploadedFile } from '../files/files.service.ts';
import { renderEmail } from '../mail/templates.ts';
import { cursorOf, toPage, type Page } from '../pagination.ts';
import { deliverablesPolicy } from './deliverables.policy.ts';
import {
  deliverablesRepo,
  type DeliverableRow,
  type DeliverableViewRow,
  type VersionViewRow,
} from './deliverables.repo.ts';
import {
  assertAcceptable,
  assertIssuable,
  assertVersionable,
  customerSeesVersion,
  MAX_DELIVERABLE_BYTES,
  type DeliverableStatus,
} from './deliverables.rules.ts';

/** Pages of this list continue after the last item's id. */
const byId = cursorOf('id');

export interface NewDeliverable {
  kind: DeliverableKind;
  title: string;
  note?: string | undefined;
  file: UploadedFile | undefined;
}

export interface NewVersion {
  note?: string | undefined;
  file: UploadedFile | undefined;
}

export interface DeliverableVersionView {
  version: number;
  file: { name: string; contentType: string; size: number; sha256: string; url: string };
  note: string;
  createdBy: { id: string; name: string } | null;
  createdAt: Date;
  issuedAt: Date | null;
}

export interface DeliverableView {
  id: string;
  engagementId: string;
  engagementNumber: string;
  kind: DeliverableKind;
  title: string;
  status: DeliverableStatus;
  /** The newest version the caller may see (for a customer: the one issued last). */
  currentVersion: number;
  issuedVersion: number | null;
  issuedAt: Date | null;
  issuedBy: { id: string; name: string } | null;
  acceptedVersion: number | null;
  acceptedAt: Date | null;
  acceptedBy: { id: string; name: string } | null;
  acceptanceNote: string | null;
  versions: DeliverableVersionView[];
  createdAt: Date;
  updatedAt: Date;
}

/** The same collaborators as expenses: files, customers (contacts to notify), audit and outbox. */
export type DeliverablesDeps = ExpensesDeps;

const kindLabels: Record<DeliverableKind, string> = {
  final_report: 'final report',
  executive_briefing: 'executive briefing',
  ioc_list: 'IOC list',
  after_action_report: 'after-action report',
  scenario_pack: 'scenario pack',
  other: 'deliverable',
};

const invalid = (path: string, message: string) =>
  new AppError('VALIDATION_FAILED', `The deliverable is invalid: ${path.replace(/^body\./, '')} ${message}.`, {
    errors: [{ path, message }],
  });

const deliverableNotFound = (id: string) => new AppError('NOT_FOUND', `Deliverable ${id} not found.`);

const person = (id: string | null, name: string | null) => (id ? { id, name: name ?? id } : null);

function toVersionView(v: VersionViewRow): DeliverableVersionView {
  return {
    version: v.version,
    file: {
      name: v.file_name,
      contentType: v.content_type,
      size: v.size_bytes,
      sha256: v.sha256,
      url: `/api/v1/deliverables/${v.deliverable_id}/versions/${v.version}/file`,
    },
    note: v.note,
    createdBy: person(v.created_by, v.created_by_name),
    createdAt: v.created_at,
    issuedAt: v.issued_at,
  };
}

/** A deliverable as the caller sees it: provider staff every version, a customer only the issued ones. */
export function toDeliverableView(
  d: DeliverableViewRow,
  versions: readonly VersionViewRow[],
  staff: boolean,
): DeliverableView {
  const shown = versions.filter((v) => v.deliverable_id === d.id && (staff || customerSeesVersion(v)));
  return {
    id: d.id,
    engagementId: d.engagement_id,
    engagementNumber: d.engagement_number,
    kind: d.kind,
    title: d.title,
    status: d.status,
    currentVersion: staff ? d.current_version : (d.issued_version ?? 0),
    issuedVersion: d.issued_version,
    issuedAt: d.issued_at,
    issuedBy: person(d.issued_by, d.issued_by_name),
    acceptedVersion: d.accepted_version,
    acceptedAt: d.accepted_at,
    acceptedBy: person(d.accepted_by, d.accepted_by_name),
    acceptanceNote: d.acceptance_note,
    versions: shown.map(toVersionView),
    createdAt: d.created_at,
    updatedAt: d.updated_at,
  };
}

export type DeliverablesService = ReturnType<typeof createDeliverablesService>;

export function createDeliverablesService(deps: DeliverablesDeps) {
  const { db, clock, ids, audit, outbox, files, customers } = deps;
  const authoring = 'Only members of the engagement team, IR managers and administrators write its deliverables.';
  const author =
    (onTeam: boolean) =>
    (a: Actor): a is UserActor =>
      deliverablesPolicy.author(a, onTeam);

  /** The deliverable and its engagement as the actor may see them (customers: issued ones only); else NOT_FOUND. */
  async function visibleDeliverable(
    ex: Executor,
    actor: Actor,
    id: string,
  ): Promise<{ row: DeliverableViewRow; scope: EngagementScope }> {
    const row = await deliverablesRepo.view(ex, id);
    const scope = row ? await engagementScope(ex, actor, row.engagement_id) : null;
    if (!row || !scope || (!scope.staff && row.issued_version === null)) throw deliverableNotFound(id);
    return { row, scope };
  }

  async function viewOf(ex: Executor, row: DeliverableViewRow, staff: boolean): Promise<DeliverableView> {
    return toDeliverableView(row, await deliverablesRepo.versions(ex, [row.id]), staff);
  }

  /** A file present, at most 25 MB; its type is whatever its content is. */
  async function checkFile(file: UploadedFile | undefined) {
    if (!file || file.content.length === 0)
      throw invalid('body.file', 'is required: attach the document in the field `file`');
    if (file.content.length > MAX_DELIVERABLE_BYTES) throw fileTooLarge();
    return inspectFile(file.content);
  }

  /** Who hears that a deliverable was issued: approving and statement contacts, and the requester of the work. */
  async function issueRecipients(trx: Executor, e: EngagementRef): Promise<{ email: string; name: string }[]> {
    const contacts = [
      ...(await customers.approvingContacts(trx, e.customerId)),
      ...(await customers.statementContacts(trx, e.customerId)),
    ];
    const requesterId = await engagementAccessRepo.requesterContactId(trx, e.requestId);
    const requester = requesterId ? await customers.contactRecord(trx, requesterId) : undefined;
    if (requester && requester.customerId === e.customerId) contacts.push(requester);
    const seen = new Set<string>();
    return contacts.filter((c) => !seen.has(c.email.toLowerCase()) && seen.add(c.email.toLowerCase()));
  }

  async function notifyIssued(
    trx: Executor,
    e: EngagementRef,
    d: DeliverableRow,
    version: VersionViewRow | undefined,
    by: UserActor,
  ): Promise<void> {
    const url = `${deps.publicUrl}/portal/engagements/${e.id}`;
    for (const r of await issueRecipients(trx, e)) {
      await outbox.enqueueEmail(trx, {
        topic: 'deliverable.issued',
        dedupeKey: `deliverable.issued:${d.id}:v${d.current_version}:${r.email.toLowerCase()}`,
        to: [r.email],
        subject: `${e.number}: ${d.title} (version ${d.current_version}) is ready`,
        ...renderEmail({
          heading: `${d.title} is ready`,
          paragraphs: [
            `Hello ${r.name},`,
            `${by.name} issued the ${kindLabels[d.kind]} "${d.title}" (version ${d.current_version}) of engagement ${e.number}, ${e.title}.`,
            'Sign in to the portal to download it. Your point of contact accepts it there once it is what you need. For its confidentiality the document is not attached to this message.',
          ],
          facts: [
            ['Engagement', `${e.number} ${e.title}`],
            ['Deliverable', d.title],
            ['Version', String(d.current_version)],
            ...(version ? [['File', version.file_name] as [string, string]] : []),
          ],
          action: { label: 'Open in the portal', url },
        }),
      });
    }
  }

  async function notifyAccepted(
    trx: Executor,
    e: EngagementRef,
    d: DeliverableRow,
    version: number,
    by: UserActor,
  ): Promise<void> {
    const staff = [
      ...(await engagementAccessRepo.activeTeam(trx, e.id)),
      ...(await customers.accountTeam(trx, e.customerId)),
    ];
    const seen = new Set<string>();
    for (const r of staff.filter((m) => !seen.has(m.email.toLowerCase()) && seen.add(m.email.toLowerCase()))) {
      await outbox.enqueueEmail(trx, {
        topic: 'deliverable.accepted',
        dedupeKey: `deliverable.accepted:${d.id}:${r.email.toLowerCase()}`,
        to: [r.email],
        subject: `${e.number}: ${e.customerName} accepted ${d.title}`,
        ...renderEmail({
          heading: `${d.title} was accepted`,
          paragraphs: [
            `Hello ${r.name},`,
            `${by.name} of ${e.customerName} accepted version ${version} of "${d.title}" on engagement ${e.number}.`,
          ],
          facts: [
            ['Engagement', `${e.number} ${e.title}`],
            ['Deliverable', d.title],
            ['Version', String(version)],
          ],
          action: { label: 'Open the engagement', url: `${deps.publicUrl}/engagements/${e.id}` },
        }),
      });
    }
  }

  return {
    /**
     * Creates a deliverable with its first version (team members, IR managers, admins): kind, title and
     * a file of any type up to 25 MB, stored with the type detected from its content. A draft until issued.
     */
    async create(ctx: Ctx, engagementId: string, input: Deferred<NewDeliverable>): Promise<DeliverableView> {
      const actor = ctx.actor;
      authorize(actor, author((await visibleEngagement(db.kysely, actor, engagementId)).onTeam), authoring);
      const d = await resolveDeferred(input);
      if (!(deliverableKinds as readonly string[]).includes(d.kind))
        throw invalid('body.kind', `must be one of ${deliverableKinds.join(', ')}`);
      const title = d.title.trim();
      if (!title || title.length > 200) throw invalid('body.title', 'must be 1 to 200 characters');
      const inspection = await checkFile(d.file);
      const id = ids.next('dlv');
      await db.transaction(async (trx) => {
        const scope = await visibleEngagement(trx, actor, engagementId);
        authorize(actor, author(scope.onTeam), authoring);
        const file = await files.storeInTx(trx, ctx, { content: d.file!.content, name: d.file!.name, inspection });
        const at = clock.now();
        await deliverablesRepo.insert(trx, {
          id,
          engagement_id: engagementId,
          kind: d.kind,
          title,
          status: 'draft',
          current_version: 1,
          issued_version: null,
          issued_at: null,
          issued_by: null,
          accepted_version: null,
          accepted_at: null,
          accepted_by: null,
          accepted_contact_id: null,
          acceptance_note: null,
          created_by: actor.userId,
          created_at: at,
          updated_at: at,
        });
        await deliverablesRepo.insertVersion(trx, {
          deliverable_id: id,
          version: 1,
          file_id: file.id,
          note: d.note?.trim() ?? '',
          created_by: actor.userId,
          created_at: at,
          issued_at: null,
        });
        await audit.record(trx, ctx, {
          action: 'deliverable.created',
          entityType: 'deliverable',
          entityId: id,
          organizationId: scope.engagement.organizationId,
          after: {
            engagementId,
            kind: d.kind,
            title,
            status: 'draft',
            version: 1,
            file: {
              fileId: file.id,
              name: file.name,
              contentType: file.contentType,
              size: file.size,
              sha256: file.sha256,
            },
          },
        });
      });
      return viewOf(db.kysely, (await deliverablesRepo.view(db.kysely, id))!, true);
    },

    /** Adds a version (team members, IR managers, admins) to a draft or issued deliverable; customers see it once issued. */
    async addVersion(ctx: Ctx, id: string, input: Deferred<NewVersion>): Promise<DeliverableView> {
      const actor = ctx.actor;
      const first = await visibleDeliverable(db.kysely, actor, id);
      authorize(actor, author(first.scope.onTeam), authoring);
      assertVersionable(first.row.status);
      const v = await resolveDeferred(input);
      const inspection = await checkFile(v.file);
      await db.transaction(async (trx) => {
        const { scope } = await visibleDeliverable(trx, actor, id);
        authorize(actor, author(scope.onTeam), authoring);
        const locked = (await deliverablesRepo.lock(trx, id))!;
        assertVersionable(locked.status);
        const version = locked.current_version + 1;
        const file = await files.storeInTx(trx, ctx, { content: v.file!.content, name: v.file!.name, inspection });
        const at = clock.now();
        await deliverablesRepo.insertVersion(trx, {
          deliverable_id: id,
          version,
          file_id: file.id,
          note: v.note?.trim() ?? '',
          created_by: actor.userId,
          created_at: at,
          issued_at: null,
        });
        await deliverablesRepo.update(trx, id, { current_version: version, updated_at: at });
        await audit.record(trx, ctx, {
          action: 'deliverable.version_added',
          entityType: 'deliverable',
          entityId: id,
          organizationId: scope.engagement.organizationId,
          before: { currentVersion: locked.current_version },
          after: {
            currentVersion: version,
            file: {
              fileId: file.id,
              name: file.name,
              contentType: file.contentType,
              size: file.size,
              sha256: file.sha256,
            },
          },
        });
      });
      return viewOf(db.kysely, (await deliverablesRepo.view(db.kysely, id))!, true);
    },

    /**
     * Issues the current version to the customer (IR managers, admins): from then on its users see and
     * download it, and its approving and statement contacts and the requester are told by email. A named
     * `version` that is not the current one is STALE_REVISION.
     */
    async issue(ctx: Ctx, id: string, o: { version?: number | undefined } = {}): Promise<DeliverableView> {
      await db.transaction(async (trx) => {
        const { scope } = await visibleDeliverable(trx, ctx.actor, id);
        authorize(
          ctx.actor,
          deliverablesPolicy.issue,
          'Only IR managers and administrators issue deliverables to the customer.',
        );
        const locked = (await deliverablesRepo.lock(trx, id))!;
        if (o.version !== undefined && o.version !== locked.current_version) {
          throw new AppError(
            'STALE_REVISION',
            `The current version is ${locked.current_version}, not ${o.version}: review it, then issue it.`,
            {
              currentVersion: locked.current_version,
              version: o.version,
            },
          );
        }
        assertIssuable({
          status: locked.status,
          currentVersion: locked.current_version,
          issuedVersion: locked.issued_version,
        });
        const at = clock.now();
        await deliverablesRepo.update(trx, id, {
          status: 'issued',
          issued_version: locked.current_version,
          issued_at: at,
          issued_by: ctx.actor.userId,
          updated_at: at,
        });
        await deliverablesRepo.markVersionIssued(trx, id, locked.current_version, at);
        await audit.record(trx, ctx, {
          action: 'deliverable.issued',
          entityType: 'deliverable',
          entityId: id,
          organizationId: scope.engagement.organizationId,
          before: { status: locked.status, issuedVersion: locked.issued_version },
          after: { status: 'issued', issuedVersion: locked.current_version },
        });
        const version = (await deliverablesRepo.versions(trx, [id])).find((v) => v.version === locked.current_version);
        await notifyIssued(trx, scope.engagement, locked, version, ctx.actor);
      });
      return viewOf(db.kysely, (await deliverablesRepo.view(db.kysely, id))!, true);
    },

    /**
     * The customer accepts the version issued last: a user of the engagement's organisation whose contact
     * may approve (`canApprove`). Records when, who (user and contact) and which version; the engagement
     * team and account team are told. A named `version` that is not the issued one is STALE_REVISION.
     */
    async accept(
      ctx: Ctx,
      id: string,
      o: { version?: number | undefined; note?: string | undefined } = {},
    ): Promise<DeliverableView> {
      await db.transaction(async (trx) => {
        const { scope } = await visibleDeliverable(trx, ctx.actor, id);
        const refusal =
          "Only your organisation's point of contact for approvals (a contact with canApprove) accepts deliverables.";
        authorize(ctx.actor, deliverablesPolicy.accept, refusal);
        const contact = await customers.contactForUser(trx, ctx.actor.userId);
        if (!contact || contact.customerId !== scope.engagement.customerId || !contact.canApprove)
          throw new AppError('FORBIDDEN', refusal);
        const locked = (await deliverablesRepo.lock(trx, id))!;
        assertAcceptable({ status: locked.status, issuedVersion: locked.issued_version }, o.version);
        const at = clock.now();
        const note = o.note?.trim() || null;
        await deliverablesRepo.update(trx, id, {
          status: 'accepted',
          accepted_version: locked.issued_version,
          accepted_at: at,
          accepted_by: ctx.actor.userId,
          accepted_contact_id: contact.id,
          acceptance_note: note,
          updated_at: at,
        });
        await audit.record(trx, ctx, {
          action: 'deliverable.accepted',
          entityType: 'deliverable',
          entityId: id,
          organizationId: scope.engagement.organizationId,
          before: { status: locked.status },
          after: {
            status: 'accepted',
            acceptedVersion: locked.issued_version,
            contactId: contact.id,
            ...(note ? { note } : {}),
          },
        });
        await notifyAccepted(trx, scope.engagement, locked, locked.issued_version!, ctx.actor);
      });
      const { row, scope } = await visibleDeliverable(db.kysely, ctx.actor, id);
      return viewOf(db.kysely, row, scope.staff);
    },

    /** One deliverable: provider staff who see the engagement; customer users only issued ones, with their issued versions. */
    async get(ctx: Ctx, id: string): Promise<DeliverableView> {
      const { row, scope } = await visibleDeliverable(db.kysely, ctx.actor, id);
      return viewOf(db.kysely, row, scope.staff);
    },

    /** An engagement's deliverables in creation order (customers: issued ones only). */
    async list(
      ctx: Ctx,
      engagementId: string,
      f: { cursor?: string; limit?: number } = {},
    ): Promise<Page<DeliverableView>> {
      const scope = await visibleEngagement(db.kysely, ctx.actor, engagementId);
      const limit = f.limit ?? 50;
      const after = byId.decode(f.cursor);
      const rows = await deliverablesRepo.list(db.kysely, {
        engagementId,
        issuedOnly: !scope.staff,
        limit: limit + 1,
        ...(after ? { afterId: after[0] } : {}),
      });
      const page = toPage(rows, limit, byId, (r) => [r.id]);
      const versions = await deliverablesRepo.versions(
        db.kysely,
        page.items.map((r) => r.id),
      );
      return { items: page.items.map((r) => toDeliverableView(r, versions, scope.staff)), nextCursor: page.nextCursor };
    },

    /** The file of one version for download: provider staff any version, customers issued versions only. */
    async download(ctx: Ctx, id: string, version: number) {
      const { scope } = await visibleDeliverable(db.kysely, ctx.actor, id);
      const v = (await deliverablesRepo.versions(db.kysely, [id])).find((x) => x.version === version);
      if (!v || (!scope.staff && !customerSeesVersion(v)))
        throw new AppError('NOT_FOUND', `Version ${version} of deliverable ${id} not found.`);
      const file = await files.read(db.kysely, v.file_id);
      if (!file) throw new AppError('NOT_FOUND', `Version ${version} of deliverable ${id} not found.`);
      return file;
    },
  };
}

/** The refusal of a deliverable file over the limit (also raised while the multipart body is read). */
export const fileTooLarge = (): AppError =>
  new AppError(
    'FILE_TOO_LARGE',
    `The file is larger than ${formatBytes(MAX_DELIVERABLE_BYTES)}: compress it or split it into several deliverables.`,
    {
      maxBytes: MAX_DELIVERABLE_BYTES,
    },
  );
