import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Core } from '../../core/core.ts';
import { approvalLinkRoutes } from './approvals.routes.ts';
import { authRoutes } from './auth.routes.ts';
import { catalogRoutes } from './catalog.routes.ts';
import { contractsRoutes } from './contracts.routes.ts';
import { customersRoutes } from './customers.routes.ts';
import { effortRoutes } from './effort.routes.ts';
import { engagementsRoutes } from './engagements.routes.ts';
import { deliverablesRoutes } from './deliverables.routes.ts';
import { expensesRoutes } from './expenses.routes.ts';
import { ledgerRoutes } from './ledger.routes.ts';
import { outboxRoutes } from './outbox.routes.ts';
import { platformRoutes } from './platform.routes.ts';
import { requestsRoutes } from './requests.routes.ts';
import { settingsRoutes } from './settings.routes.ts';
import { usersRoutes } from './users.routes.ts';
import { workOrdersRoutes } from './workorders.routes.ts';

/** Every API route under /api/v1, one line per feature. */
export const apiRoutes: FastifyPluginAsyncZod<{ core: Core }> = async (app, { core }) => {
  const s = core.services;
  await app.register(authRoutes, { accounts: s.accounts, cookieSecure: core.config.cookieSecure });
  await app.register(usersRoutes, { accounts: s.accounts });
  await app.register(platformRoutes, { audit: s.audit, mailbox: s.mailbox, inbound: s.inbound });
  await app.register(outboxRoutes, { outboxQueue: s.outboxQueue });
  await app.register(customersRoutes, { customers: s.customers });
  await app.register(contractsRoutes, { contracts: s.contracts });
  await app.register(ledgerRoutes, { ledger: s.ledger });
  await app.register(settingsRoutes, { settings: s.settings });
  await app.register(catalogRoutes, { catalog: s.catalog });
  await app.register(requestsRoutes, { requests: s.requests, scoping: s.scoping, sla: s.sla });
  await app.register(expensesRoutes, { expenses: s.expenses });
  await app.register(deliverablesRoutes, { deliverables: s.deliverables });
  await app.register(engagementsRoutes, { engagements: s.engagements, closing: s.closing, effort: s.effort });
  await app.register(effortRoutes, { effort: s.effort });
  await app.register(workOrdersRoutes, {
    workOrders: s.workOrders,
    changeOrders: s.changeOrders,
    approvals: s.approvals,
  });
  await app.register(approvalLinkRoutes, { approvals: s.approvals });
};
