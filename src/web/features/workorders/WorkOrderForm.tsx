import { Stack } from '@mantine/core';
import { sizePrice } from '../../../shared/workorders.ts';
import { DeliveryCard } from './DeliveryCard.tsx';
import { amountText, rowKey, type DraftForm } from './draft.ts';
import { EstimateCard } from './EstimateCard.tsx';
import { DeliverablesCard, StaffingCard } from './PlanCards.tsx';
import { DraftSuggestionsCard } from '../staffing-suggest/SuggestionsCard.tsx';
import { ScopeCard } from './ScopeCard.tsx';
import { ApprovalCard, TermsCard, TravelCard } from './TermsCards.tsx';
import type { DraftEditor } from './useDraftEditor.ts';
import type { StaffOption } from './workorders.api.ts';
import type { CatalogItem, ContractUnit, ServiceRequest, Site, WorkOrder } from './workorders.types.ts';

/**
 * Every field of an EWO draft (domain.md's list), grouped as the IR manager fills it on a call: the
 * service and scope, the estimate, delivery and dates, deliverables, staffing, travel, terms, approval.
 */
export function WorkOrderForm({
  editor,
  w,
  unit,
  request,
  sites,
  catalog,
  staff,
}: {
  editor: DraftEditor;
  w: WorkOrder;
  unit: ContractUnit;
  request: ServiceRequest | undefined;
  sites: Site[] | undefined;
  catalog: CatalogItem[] | undefined;
  staff: StaffOption[];
}) {
  const { form } = editor;
  const item = catalog?.find((c) => c.id === form.catalogItemId) ?? null;
  const setFormFields = (patch: Partial<DraftForm>) => editor.setForm((f) => ({ ...f, ...patch }));

  function chooseSize(code: string) {
    const size = item?.sizes.find((s) => s.code === code);
    const price = size ? sizePrice(size, unit) : null;
    setFormFields({
      sizeCode: code || null,
      ...(form.pricingMode === 'fixed' && price !== null ? { fixedPrice: amountText(price, unit) } : {}),
    });
  }
  function choosePricing(mode: string) {
    const size = item?.sizes.find((s) => s.code === form.sizeCode);
    const price = size ? sizePrice(size, unit) : null;
    setFormFields({
      pricingMode: mode as DraftForm['pricingMode'],
      ...(mode === 'fixed' && !form.fixedPrice && price !== null ? { fixedPrice: amountText(price, unit) } : {}),
    });
  }

  return (
    <Stack gap="md">
      <ScopeCard editor={editor} unit={unit} catalog={catalog} item={item} onSize={chooseSize} />
      <EstimateCard editor={editor} w={w} unit={unit} onPricing={choosePricing} />
      <DeliveryCard editor={editor} request={request} sites={sites} />
      <DeliverablesCard editor={editor} />
      <StaffingCard editor={editor} staff={staff} />
      <DraftSuggestionsCard
        subject="work-orders"
        id={w.id}
        onName={(s) =>
          editor.set('staffingPlan', [
            ...form.staffingPlan,
            { key: rowKey(), role: 'consultant', count: '1', userId: s.consultantId, skills: [] },
          ])
        }
      />
      <TravelCard editor={editor} />
      <TermsCard editor={editor} />
      <ApprovalCard editor={editor} w={w} />
    </Stack>
  );
}
