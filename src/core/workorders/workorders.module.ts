import { createApprovalsService } from './approvals.service.ts';
import { createChangeOrdersService } from './change-orders.service.ts';
import type { WorkOrdersDeps } from './workorders.deps.ts';
import { createWorkOrdersService } from './workorders.service.ts';

/** The work-order feature wired from its dependencies: EWOs, change orders and the approvals that decide both. */
export function createWorkOrdersModule(deps: WorkOrdersDeps) {
  return {
    workOrders: createWorkOrdersService(deps),
    changeOrders: createChangeOrdersService(deps),
    approvals: createApprovalsService(deps),
  };
}
