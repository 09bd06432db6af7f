import { unitOfQuantity } from './draft.ts';
import { previewDocOf } from './document.ts';
import { useCatalogOptions, useRequest } from '../requests/requests.api.ts';
import { useContractInfo, useCustomerSites, useStaffOptions } from './workorders.api.ts';
import type { WorkOrder } from './workorders.types.ts';

/**
 * What an EWO page needs beside the EWO: its request (kind, time zone, lead time), contract (unit, T&E
 * policy), the customer's sites, the staff who can be named, the catalog of its kind, and the document a
 * draft would freeze if sent now.
 */
export function useWorkOrderContext(workOrder: WorkOrder) {
  const request = useRequest(workOrder.requestId);
  const contract = useContractInfo(workOrder.contractId);
  const sites = useCustomerSites(workOrder.customerId);
  const catalog = useCatalogOptions(workOrder.kind);
  const staff = useStaffOptions(workOrder.customerId);
  const timeZone = request.data?.timeZone ?? contract.data?.timeZone ?? null;
  const staffNames = Object.fromEntries(staff.map((s) => [s.id, s.name]));
  const draftDoc = timeZone
    ? previewDocOf(workOrder, {
        timeZone,
        sites: sites.data ?? [],
        staffNames,
        travelTimeBillable: contract.data ? contract.data.settings.travelTimeBillable : null,
      })
    : null;
  return {
    request,
    contract,
    sites,
    catalog,
    staff,
    timeZone,
    unit: unitOfQuantity(workOrder.minimumBillable),
    /** Ready to edit: the time zone dates are typed in is known. */
    ready: timeZone !== null,
    draftDoc,
  };
}

export type WorkOrderContext = ReturnType<typeof useWorkOrderContext>;
