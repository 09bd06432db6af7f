/**
 * Types of the work-order and change-order API as the web sees them, derived from the zod contracts the
 * server validates with (type-only imports: no zod or server code reaches the browser bundle).
 */
import type { z } from 'zod';
import type * as workorders from '../../../shared/contracts/workorders.ts';
import type { FrozenChangeOrder, FrozenWorkOrder } from '../../../shared/workorders.ts';

export type { Activity, DeliverableKind } from '../../../shared/domain.ts';
export type { ContractUnit, Quantity } from '../../../shared/units.ts';
export type {
  ChangeOrderStatus,
  DeliveryMode,
  PricingMode,
  WorkOrderStatus,
} from '../../../shared/contracts/workorders.ts';
export type { FrozenChangeOrder, FrozenWorkOrder };

export type WorkOrder = z.output<typeof workorders.WorkOrder>;
export type WorkOrderVersion = z.output<typeof workorders.WorkOrderVersion>;
export type UpdateWorkOrderBody = z.input<typeof workorders.UpdateWorkOrderBody>;
export type BalanceImpact = z.output<typeof workorders.BalanceImpact>;
export type Decision = z.output<typeof workorders.DecisionView>;
export type ChangeOrder = z.output<typeof workorders.ChangeOrder>;
export type CreateChangeOrderBody = z.input<typeof workorders.CreateChangeOrderBody>;
export type UpdateChangeOrderBody = z.input<typeof workorders.UpdateChangeOrderBody>;
export type DeltaLine = z.output<typeof workorders.DeltaLineInput>;

export type { Contact, Contract, Customer, Site } from '../../api/types.ts';
export type { CatalogItem, RequestStatus, ServiceRequest } from '../requests/requests.types.ts';
