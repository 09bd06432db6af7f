import { Button, Group, TextInput } from '@mantine/core';
import type { DraftEditor } from './useDraftEditor.ts';
import { FormCard, LinesInput } from './WorkOrderFormParts.tsx';
import type { WorkOrder } from './workorders.types.ts';

/** The travel card: the travel estimate and its currency, billed at cost. */
export function TravelCard({ editor }: { editor: DraftEditor }) {
  const { form, set, errors } = editor;
  return (
    <FormCard
      title="Travel and expenses"
      description="Billed at cost, separately from the retainer. Travel time follows the contract's T&E policy."
    >
      <Group gap="xs" align="flex-start">
        <TextInput
          label="Travel estimate"
          placeholder="1500.00"
          value={form.travelAmount}
          onChange={(e) => set('travelAmount', e.currentTarget.value)}
          error={errors['travelEstimate.amountMinor'] ?? errors['travelEstimate']}
          w={180}
          inputMode="decimal"
        />
        <TextInput
          label="Currency"
          placeholder="USD"
          maxLength={3}
          value={form.travelCurrency}
          onChange={(e) => set('travelCurrency', e.currentTarget.value.toUpperCase())}
          error={errors['travelEstimate.currency']}
          w={110}
        />
      </Group>
    </FormCard>
  );
}

/** The terms card: assumptions, customer responsibilities, pre-authorised actions. */
export function TermsCard({ editor }: { editor: DraftEditor }) {
  const { form, set, errors } = editor;
  return (
    <FormCard title="Terms">
      <LinesInput
        label="Assumptions"
        value={form.assumptions}
        onChange={(v) => set('assumptions', v)}
        error={errors['assumptions']}
      />
      <LinesInput
        label="Customer responsibilities"
        value={form.customerResponsibilities}
        onChange={(v) => set('customerResponsibilities', v)}
        error={errors['customerResponsibilities']}
      />
      <LinesInput
        label="Pre-authorised actions"
        placeholder="Isolate affected hosts from the network"
        value={form.preAuthorizedActions}
        onChange={(v) => set('preAuthorizedActions', v)}
        error={errors['preAuthorizedActions']}
      />
    </FormCard>
  );
}

/** The approval card: the approval deadline, or the default when empty. */
export function ApprovalCard({ editor, w }: { editor: DraftEditor; w: WorkOrder }) {
  const { form, set, errors } = editor;
  return (
    <FormCard title="Approval">
      <Group gap="xs" align="flex-end">
        <TextInput
          type="datetime-local"
          label="Approval deadline"
          description={form.approvalDeadline ? 'In your time zone.' : `Empty: ${w.approvalDeadlineDefault}.`}
          value={form.approvalDeadline}
          onChange={(e) => set('approvalDeadline', e.currentTarget.value)}
          error={errors['approvalDeadline']}
          w={260}
        />
        {form.approvalDeadline ? (
          <Button variant="subtle" onClick={() => set('approvalDeadline', '')}>
            Use the default
          </Button>
        ) : null}
      </Group>
    </FormCard>
  );
}
