import { createApprovalsService } from './approvals.service.ts';
import { createChangeOrdersService } from './change-orders.service.ts';
import { createWorkOrdersService } from './workorders.service.ts';
import { createWorkOrdersSupport, type WorkOrdersDeps } from './workorders.support.ts';

/** The work-order feature wired from its dependencies: EWOs, change orders and the approvals that decide both. */
export function createWorkOrdersModule(deps: WorkOrdersDeps) {
  const support = createWorkOrdersSupport(deps);
  const workOrders = createWorkOrdersService(deps, support);
  const changeOrders = createChangeOrdersService(deps, support);
  const approvals = createApprovalsService(deps, support, workOrders, changeOrders);
  return { workOrders, changeOrders, approvals };
}
