import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Core } from '../../core/core.ts';
import { approvalLinkRoutes } from './approvals.routes.ts';
import { authRoutes } from './auth.routes.ts';
import { backupRoutes } from './backup.routes.ts';
import { catalogRoutes } from './catalog.routes.ts';
import { contractsRoutes } from './contracts.routes.ts';
import { customersRoutes } from './customers.routes.ts';
import { effortRoutes } from './effort.routes.ts';
import { engagementsRoutes } from './engagements.routes.ts';
import { deliverablesRoutes } from './deliverables.routes.ts';
import { expensesRoutes } from './expenses.routes.ts';
import { invoicingRoutes } from './invoicing.routes.ts';
import { commerceRoutes } from './commerce.routes.ts';
import { ledgerRoutes } from './ledger.routes.ts';
import { outboxRoutes } from './outbox.routes.ts';
import { opsRoutes } from './ops.routes.ts';
import { platformRoutes } from './platform.routes.ts';
import { requestsRoutes } from './requests.routes.ts';
import { settingsRoutes } from './settings.routes.ts';
import { statementsRoutes } from './statements.routes.ts';
import { usersRoutes } from './users.routes.ts';
import { workOrdersRoutes } from './workorders.routes.ts';
import { channelsRoutes } from './channels.routes.ts';
import { calendarRoutes } from './calendar.routes.ts';
import { staffingRoutes } from './staffing.routes.ts';
import { oncallRoutes } from './oncall.routes.ts';
import { staffingSuggestRoutes } from './staffing-suggest.routes.ts';
import { webhooksRoutes } from './webhooks.routes.ts';
import { topUpPackagesRoutes } from './topup-packages.routes.ts';
import { topUpsRoutes } from './topups.routes.ts';
import { ssoRoutes } from './sso.routes.ts';
import { homeRoutes } from './home.routes.ts';
import { acceptNumbersInParams } from '../plugins/number-params.ts';

/** Every API route under /api/v1, one line per feature. */
export const apiRoutes: FastifyPluginAsyncZod<{ core: Core }> = async (app, { core }) => {
  const services = core.services;
  acceptNumbersInParams(app, core.db.kysely);
  await app.register(authRoutes, { accounts: services.accounts, cookieSecure: core.config.cookieSecure });
  await app.register(ssoRoutes, {
    sso: services.sso,
    accounts: services.accounts,
    cookieSecure: core.config.cookieSecure,
    redirectUri: core.config.sso?.redirectUri,
  });
  await app.register(usersRoutes, { accounts: services.accounts });
  await app.register(platformRoutes, { audit: services.audit, mailbox: services.mailbox, inbound: services.inbound });
  await app.register(outboxRoutes, { outboxQueue: services.outboxQueue });
  await app.register(customersRoutes, { customers: services.customers });
  await app.register(contractsRoutes, { contracts: services.contracts });
  await app.register(ledgerRoutes, { ledger: services.ledger });
  await app.register(commerceRoutes, { commerce: services.commerce });
  await app.register(settingsRoutes, { settings: services.settings });
  await app.register(catalogRoutes, { catalog: services.catalog });
  await app.register(requestsRoutes, { requests: services.requests, scoping: services.scoping, sla: services.sla });
  await app.register(expensesRoutes, { expenses: services.expenses });
  await app.register(deliverablesRoutes, { deliverables: services.deliverables });
  await app.register(engagementsRoutes, {
    engagements: services.engagements,
    closing: services.closing,
    effort: services.effort,
  });
  await app.register(effortRoutes, { effort: services.effort });
  await app.register(workOrdersRoutes, {
    workOrders: services.workOrders,
    changeOrders: services.changeOrders,
    approvals: services.approvals,
  });
  await app.register(approvalLinkRoutes, { approvals: services.approvals });
  await app.register(statementsRoutes, { statements: services.statements });
  await app.register(invoicingRoutes, { invoicing: services.invoicing });
  await app.register(channelsRoutes, { channels: services.channels });
  await app.register(backupRoutes, { backup: services.backup });
  await app.register(opsRoutes, { ops: services.ops });
  await app.register(calendarRoutes, { calendar: services.calendar });
  await app.register(staffingRoutes, { staffing: services.staffing });
  await app.register(oncallRoutes, { oncall: services.oncall });
  await app.register(staffingSuggestRoutes, { suggest: services.staffingSuggest });
  await app.register(webhooksRoutes, { webhooks: services.webhooks });
  await app.register(topUpsRoutes, { topUps: services.topUps });
  await app.register(topUpPackagesRoutes, { topUps: services.topUps });
  await app.register(homeRoutes, { home: services.home });
};
