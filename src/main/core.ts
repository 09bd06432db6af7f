import type { Config } from '../config/config.ts';
import { version } from '../config/version.ts';
import { createAccountsService } from '../core/accounts/accounts.service.ts';
import { createAuditService } from '../core/audit/audit.service.ts';
import { createBackupService } from '../core/backup/backup.service.ts';
import { createCatalogService } from '../core/catalog/catalog.service.ts';
import { createCommerceService } from '../core/commerce/commerce.service.ts';
import { createContractsService } from '../core/contracts/contracts.service.ts';
import { createCustomersService } from '../core/customers/customers.service.ts';
import { createDeliverablesService } from '../core/deliverables/deliverables.service.ts';
import { createExpensesService } from '../core/expenses/expenses.service.ts';
import { createFilesService } from '../core/files/files.service.ts';
import { createDraftMemory } from '../core/ledger/optimistic/draft-memory.ts';
import { createEffortService } from '../core/effort/effort.service.ts';
import type { Core, CoreServices } from '../core/core.ts';
import { createClosingService } from '../core/engagements/closing.service.ts';
import { createEngagementsService } from '../core/engagements/engagements.service.ts';
import { createInboundService } from '../core/inbound/inbound.service.ts';
import { createBalanceCache, noBalanceCache } from '../core/ledger/balance-cache.ts';
import { ledgerRepo } from '../core/ledger/ledger.repo.ts';
import { createLedgerService } from '../core/ledger/ledger.service.ts';
import { createMailDelivery, mailAddress } from '../core/mail/delivery.service.ts';
import { createMailboxService } from '../core/mail/mailbox.service.ts';
import { createOutbox } from '../core/mail/outbox.service.ts';
import { createOutboxQueue } from '../core/mail/outbox-queue.service.ts';
import { createMailboxTransport, createSmtpTransport, type MailTransport } from '../core/mail/transport.ts';
import { createRequestsService } from '../core/requests/requests.service.ts';
import { createScopingService } from '../core/requests/scoping.service.ts';
import { createSlaService } from '../core/requests/sla.service.ts';
import { createSettingsService, readFirmProfile } from '../core/settings/settings.service.ts';
import { createInvoicingService } from '../core/invoicing/invoicing.service.ts';
import { createStatementsService } from '../core/statements/statements.service.ts';
import { createWorkOrdersModule } from '../core/workorders/workorders.module.ts';
import { createCalendarService } from '../core/staffing/calendar.service.ts';
import { createStaffingService } from '../core/staffing/staffing.service.ts';
import { createOncallService } from '../core/staffing/oncall.service.ts';
import { createSuggestService } from '../core/staffing/suggest.ts';
import { createWebhookSender, type WebhookSender } from '../core/webhooks/webhooks.http.ts';
import { createWebhooksService } from '../core/webhooks/webhooks.service.ts';
import { createTopUpsService } from '../core/topups/topups.service.ts';
import { createOidcClient, type OidcClient } from '../core/sso/oidc.client.ts';
import { createSsoService } from '../core/sso/sso.service.ts';
import { createHomeService } from '../core/home/home.service.ts';
import { noChangeFeed, openChangeFeed } from '../db/change-feed.ts';
import type { Db } from '../db/create-db.ts';
import { migrationsCurrent } from '../db/migrate.ts';
import { createOpsService } from '../core/ops/ops.service.ts';
import { systemClock, type Clock } from '../shared/clock.ts';
import { createChannelsService } from '../core/channels/channels.service.ts';
import { createIdGenerator, type IdGenerator } from '../shared/ids.ts';

/** The bare address of a From header such as 'IMR Desk <imr@localhost>'. */

export interface CoreOptions {
  config: Config;
  db: Db;
  clock?: Clock;
  ids?: IdGenerator;
  /** Mail transport; default SMTP when SMTP_URL is set, else the local mailbox. */
  transport?: MailTransport;
  /**
   * Serve the hottest reads from memory (servers): bearer-token lookups, kept current by change
   * notifications (on PostgreSQL one more connection, LISTENing), and balances, confirmed by a poll (see
   * ledger/balance-cache.ts), and effort contexts after the server's own postings (ledger/optimistic/draft-memory.ts). Off
   * by default: the CLI and workers read each time.
   */
  cacheReads?: boolean;
  /** How webhooks are POSTed (default: node:http(s) with the SSRF checks); tests may replace it. */
  webhookSender?: WebhookSender;
  /** The OpenID provider's client; default openid-client against config.sso's issuer. */
  oidcClient?: OidcClient;
}

/** How often cached balances are confirmed against the database: the most another process's posting takes to show. */
const BALANCE_POLL_MS = 100;
/** Contracts whose balance is cached; each poll confirms them all in one query. */
const BALANCE_CACHE_ENTRIES = 2000;

/** The organiser of calendar invitations: the firm's sending address and its display name. */
const organizerOf = (mailFrom: string) => ({
  name: mailFrom.replace(/\s*<[^>]*>\s*$/, '').replace(/^"|"$/g, '') || 'IMR Desk',
  email: mailAddress(mailFrom),
});

/** What every service may be given: the clock, ids, audit and outbox of one process, with its settings. */
type Platform = Pick<Core, 'config' | 'db' | 'clock' | 'ids' | 'transport' | 'changes' | 'balances'> &
  Pick<CoreServices, 'audit' | 'outbox'>;

/** The process's infrastructure: mail transport, change feed and balance cache (both only when reads are cached). */
function wirePlatform(opts: CoreOptions): Platform {
  const { config, db } = opts;
  const clock = opts.clock ?? systemClock;
  const ids = opts.ids ?? createIdGenerator();
  const transport =
    opts.transport ??
    (config.smtpUrl ? createSmtpTransport(config.smtpUrl) : createMailboxTransport({ db, clock, ids }));
  // Notifications of changed rows for the in-memory caches (bearer tokens); while it is down they serve nothing.
  const changes = opts.cacheReads ? openChangeFeed(db) : noChangeFeed;
  const balances = opts.cacheReads
    ? createBalanceCache({
        clock,
        check: (contractIds) => ledgerRepo.readMany(db.kysely, contractIds),
        pollMs: BALANCE_POLL_MS,
        maxAgeMs: 10 * BALANCE_POLL_MS,
        maxEntries: BALANCE_CACHE_ENTRIES,
      })
    : noBalanceCache(clock);
  const audit = createAuditService({ db, clock, ids });
  const outbox = createOutbox({ clock, ids, publicUrl: config.publicUrl, firmProfile: readFirmProfile });
  return { config, db, clock, ids, transport, changes, balances, audit, outbox };
}

/** Accounts and mail: sign-in, the local mailbox, delivery of the outbox and replies coming in. */
function wireAccountsAndMail(platform: Platform) {
  const { config, db, clock, ids, audit, outbox, transport, changes } = platform;
  const accounts = createAccountsService({
    db,
    clock,
    ids,
    audit,
    outbox,
    publicUrl: config.publicUrl,
    session: config.session,
    changes,
    sso: config.sso && {
      name: config.sso.name,
      createUsers: config.sso.createUsers,
      groupRoles: config.sso.groupRoles,
    },
  });
  const mailbox = createMailboxService({ db });
  const delivery = createMailDelivery({
    db,
    clock,
    transport,
    from: config.mailFrom,
    firmProfile: readFirmProfile,
    claimMs: config.outboxClaimMs,
  });
  const outboxQueue = createOutboxQueue({ db, clock, audit, transportKind: transport.kind });
  const inbound = createInboundService({
    db,
    clock,
    ids,
    outbox,
    domain: config.inboundMail?.domain,
    authservId: config.inboundMail?.authservId,
    ownAddress: mailAddress(config.mailFrom),
  });
  return { accounts, mailbox, delivery, outboxQueue, inbound };
}

/** Customers, their retainers and ledger, the catalogue, service requests, files, expenses and deliverables. */
function wireCustomersAndRequests(platform: Platform, accounts: CoreServices['accounts']) {
  const { config, db, clock, ids, audit, outbox, balances } = platform;
  const publicUrl = config.publicUrl;
  const customers = createCustomersService({ db, clock, ids, audit, outbox, accounts, balances });
  const ledger = createLedgerService({ db, clock, ids, audit, outbox, publicUrl, balances });
  const contracts = createContractsService({ db, clock, ids, audit, ledger });
  const commerce = createCommerceService({ db, clock, audit });
  const files = createFilesService({ clock, ids });
  const settings = createSettingsService({ db, clock, audit, files });
  const catalog = createCatalogService({ db, clock, ids, audit });
  const requests = createRequestsService({ db, clock, ids, audit, outbox, settings, publicUrl });
  const scoping = createScopingService({ db, clock, ids, audit, outbox, requests, publicUrl });
  const sla = createSlaService({ db, clock, outbox, publicUrl });
  const expenses = createExpensesService({ db, clock, ids, audit, outbox, files, customers, settings, publicUrl });
  const deliverables = createDeliverablesService({
    db,
    clock,
    ids,
    audit,
    outbox,
    files,
    customers,
    settings,
    publicUrl,
  });
  return {
    customers,
    ledger,
    contracts,
    commerce,
    settings,
    catalog,
    requests,
    scoping,
    sla,
    files,
    expenses,
    deliverables,
  };
}

/** Engagements, their effort and closing, and the work orders (with change orders and approvals) that start them. */
function wireEngagementsAndWorkOrders(
  platform: Platform,
  upstream: Pick<CoreServices, 'customers' | 'ledger' | 'requests' | 'settings'>,
  cacheReads: boolean,
) {
  const { config, db, clock, ids, audit, outbox } = platform;
  const { customers, ledger, requests, settings } = upstream;
  const publicUrl = config.publicUrl;
  const organizer = organizerOf(config.mailFrom);
  const engagements = createEngagementsService({
    db,
    clock,
    ids,
    audit,
    outbox,
    ledger,
    customers,
    publicUrl,
    organizer,
    requests,
  });
  const effort = createEffortService({
    db,
    clock,
    ids,
    audit,
    outbox,
    ledger,
    customers,
    engagements,
    publicUrl,
    ...(cacheReads ? { drafts: createDraftMemory(clock) } : {}),
  });
  const closing = createClosingService({ db, clock, audit, ledger, engagements, outbox, publicUrl, requests });
  const { workOrders, changeOrders, approvals } = createWorkOrdersModule({
    db,
    clock,
    ids,
    audit,
    outbox,
    publicUrl,
    inboundDomain: config.inboundMail?.domain,
    requests,
    settings,
    ledger,
    customers,
    engagements,
    effort,
  });
  requests.onEnded((trx, ctx, requestId, status) => workOrders.voidDraftInTx(trx, ctx, requestId, status));
  const staffing = createStaffingService({
    db,
    clock,
    ids,
    audit,
    outbox,
    customers,
    ledger,
    publicUrl,
    organizer,
    requests,
  });
  return { engagements, effort, closing, workOrders, changeOrders, approvals, staffing };
}

/** Monthly statements (issued by the job, the PDF stored once, one message per recipient) and billing runs. */
function wireStatements(platform: Platform, upstream: Pick<CoreServices, 'files' | 'settings'>) {
  const { config, db, clock, ids, audit, outbox } = platform;
  const { files, settings } = upstream;
  const statements = createStatementsService({
    db,
    clock,
    ids,
    audit,
    outbox,
    files,
    publicUrl: config.publicUrl,
    firm: async (ex) => ({
      profile: await settings.firmProfile(ex),
      logo: (await settings.firmLogo(ex))?.content ?? null,
    }),
  });
  const invoicing = createInvoicingService({
    db,
    clock,
    ids,
    audit,
    publicUrl: config.publicUrl,
    firm: async (ex) => ({
      profile: await settings.firmProfile(ex),
      logo: (await settings.firmLogo(ex))?.content ?? null,
    }),
  });
  return { statements, invoicing };
}

/** Signed webhooks: https only when PUBLIC_URL is https, private targets only with WEBHOOKS_ALLOW_PRIVATE. */
function wireWebhooks(platform: Platform, sender: WebhookSender | undefined) {
  const { config, db, clock, ids, audit, outbox } = platform;
  const targets = { requireHttps: config.publicUrl.startsWith('https://'), allowPrivate: config.webhooks.allowPrivate };
  return createWebhooksService({
    db,
    clock,
    ids,
    audit,
    outbox,
    publicUrl: config.publicUrl,
    targets,
    send:
      sender ??
      createWebhookSender(targets, { timeoutMs: config.webhooks.timeoutMs, userAgent: `IMR-Desk-Webhooks/${version}` }),
    disableRule: { failures: config.webhooks.disableAfterFailures, afterMs: config.webhooks.disableAfterMs },
    claimMs: config.outboxClaimMs,
  });
}

/** Customer top-up requests: posted through the ledger; signed approval links grant a request on their contract. */
function wireTopUps(
  platform: Platform,
  upstream: Pick<CoreServices, 'customers' | 'ledger' | 'approvals'>,
): Pick<CoreServices, 'topUps'> {
  const { config, db, clock, ids, audit, outbox } = platform;
  const { customers, ledger, approvals } = upstream;
  const topUps = createTopUpsService({
    db,
    clock,
    ids,
    audit,
    outbox,
    publicUrl: config.publicUrl,
    ledger,
    customers,
    linkGrant: approvals.topUpGrant,
    onRequested: async (trx, event) => {
      await outbox.emitWebhookEvent(trx, { type: 'topup.requested', data: { ...event } });
    },
  });
  return { topUps };
}

/** The composition root of the domain: every service wired with its explicit dependencies. */
export function createCore(opts: CoreOptions): Core {
  const platform = wirePlatform(opts);
  const { config, db, clock, ids, transport, changes, balances, audit, outbox } = platform;
  const accountsAndMail = wireAccountsAndMail(platform);
  const customersAndRequests = wireCustomersAndRequests(platform, accountsAndMail.accounts);
  const engagementsAndWorkOrders = wireEngagementsAndWorkOrders(platform, customersAndRequests, !!opts.cacheReads);
  accountsAndMail.inbound.register(engagementsAndWorkOrders.approvals.replyHandler);
  const channels = createChannelsService({
    db,
    clock,
    outbox,
    ledger: customersAndRequests.ledger,
    requests: customersAndRequests.requests,
    settings: customersAndRequests.settings,
    publicUrl: config.publicUrl,
  });
  for (const handler of channels.inboundHandlers()) accountsAndMail.inbound.register(handler);
  const services: Omit<CoreServices, 'home'> = {
    audit,
    outbox,
    ...accountsAndMail,
    ...customersAndRequests,
    ...engagementsAndWorkOrders,
    ...wireStatements(platform, customersAndRequests),
    channels,
    backup: createBackupService({ db, clock, audit, productVersion: version }),
    ops: createOpsService({ db, clock, version }),
    calendar: createCalendarService({
      db,
      clock,
      audit,
      outbox,
      publicUrl: config.publicUrl,
      organizer: organizerOf(config.mailFrom),
    }),
    oncall: createOncallService({ db, clock, ids, audit, outbox, publicUrl: config.publicUrl }),
    staffingSuggest: createSuggestService({ db, clock, settings: customersAndRequests.settings }),
    webhooks: wireWebhooks(platform, opts.webhookSender),
    ...wireTopUps(platform, { ...customersAndRequests, ...engagementsAndWorkOrders }),
    sso: config.sso
      ? createSsoService({
          db,
          clock,
          ids,
          config: config.sso,
          client: opts.oidcClient ?? createOidcClient(config.sso),
          accounts: accountsAndMail.accounts,
        })
      : undefined,
  };
  return {
    version,
    config,
    db,
    clock,
    ids,
    transport,
    changes,
    balances,
    services: { ...services, home: createHomeService({ db, clock, services }) },
    async readiness() {
      try {
        const current = await migrationsCurrent(db);
        return { ready: current, database: 'ok', migrations: current ? 'current' : 'pending' };
      } catch {
        return { ready: false, database: 'unreachable', migrations: 'unknown' };
      }
    },
    async close(): Promise<void> {
      balances.close();
      await changes.close();
      await transport.close();
    },
  };
}
