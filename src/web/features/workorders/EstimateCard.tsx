import {
  ActionIcon,
  Button,
  Group,
  NativeSelect,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { QuantityText } from '../../components/QuantityText.tsx';
import type { DraftForm, LineRow } from './draft.ts';
import type { DraftEditor } from './useDraftEditor.ts';
import { activityOptions, amountHint, FormCard, rowsOf } from './WorkOrderFormParts.tsx';
import type { Activity, ContractUnit, WorkOrder } from './workorders.types.ts';

/** The server's conversion of a line, when the line on screen is the one the server converted. */
function lineAmount(workOrder: WorkOrder, saved: DraftForm, row: LineRow, n: number) {
  const savedLine = saved.estimateLines[n];
  const same =
    savedLine && savedLine.activity === row.activity && savedLine.role === row.role && savedLine.effort === row.effort;
  const server = workOrder.estimate.lines[n];
  return same && server ? (
    <QuantityText value={server.amount} />
  ) : (
    <Text span c="dimmed" size="sm">
      …
    </Text>
  );
}

/** The estimate card: pricing mode, fixed price, the estimate lines with their server conversion, the minimum billable. */
export function EstimateCard({
  editor,
  w,
  unit,
  onPricing,
}: {
  editor: DraftEditor;
  w: WorkOrder;
  unit: ContractUnit;
  onPricing: (mode: string) => void;
}) {
  const { form, set, errors } = editor;
  const lines = rowsOf(form.estimateLines, (r) => set('estimateLines', r));
  return (
    <FormCard
      title="Estimate and pricing"
      description={`Effort per activity and role, typed as 24h, 1h30m or 90m. The server converts it into ${unit === 'hours' ? 'retainer hours' : 'service units'} with the contract's rate card.`}
    >
      <Stack gap={4}>
        <Text size="sm" fw={500} id="pricing-label">
          Pricing
        </Text>
        <SegmentedControl
          aria-labelledby="pricing-label"
          data={[
            { value: 'time_and_materials', label: 'Time and materials' },
            { value: 'fixed', label: 'Fixed price' },
          ]}
          value={form.pricingMode}
          onChange={onPricing}
          w="fit-content"
        />
      </Stack>
      {form.pricingMode === 'fixed' ? (
        <TextInput
          label="Fixed price"
          description={`In the contract's unit, ${amountHint(unit)}; choosing a catalog size fills it in.`}
          value={form.fixedPrice}
          onChange={(e) => set('fixedPrice', e.currentTarget.value)}
          error={errors['fixedPrice']}
          w={280}
        />
      ) : null}
      <EstimateLinesTable editor={editor} w={w} lines={lines} />
      {errors['estimateLines'] ? (
        <Text size="sm" c="red.8" role="alert">
          {errors['estimateLines']}
        </Text>
      ) : null}
      <Group>
        <Button
          variant="light"
          leftSection={<IconPlus size={16} aria-hidden />}
          onClick={() => lines.add({ activity: 'analysis', role: '', effort: '' })}
        >
          Add estimate line
        </Button>
      </Group>
      <TextInput
        label="Minimum billable"
        description={`Consumed at close at least (${amountHint(unit)}; 0 for none). Approval reserves the larger of the estimate and this minimum${form.pricingMode === 'fixed' ? ', or the fixed price' : ''}.`}
        value={form.minimumBillable}
        onChange={(e) => set('minimumBillable', e.currentTarget.value)}
        error={errors['minimumBillable']}
        w={{ base: '100%', sm: 420 }}
      />
    </FormCard>
  );
}

/** The estimate lines as a table: activity, role, effort, the server's conversion, remove; the total under them. */
function EstimateLinesTable({
  editor,
  w,
  lines,
}: {
  editor: DraftEditor;
  w: WorkOrder;
  lines: ReturnType<typeof rowsOf<LineRow>>;
}) {
  const { form, errors, saved } = editor;
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table aria-label="Estimate lines" verticalSpacing={6}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w="28%">Activity</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th w={120}>Effort</Table.Th>
            <Table.Th w={100} ta="right">
              Retainer units
            </Table.Th>
            <Table.Th w={44}>
              <VisuallyHidden>Remove</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {form.estimateLines.map((l, n) => (
            <Table.Tr key={l.key}>
              <Table.Td style={{ verticalAlign: 'top' }}>
                <NativeSelect
                  aria-label={`Line ${n + 1}: activity`}
                  data={activityOptions}
                  value={l.activity}
                  onChange={(e) => lines.change(n, { activity: e.currentTarget.value as Activity })}
                />
              </Table.Td>
              <Table.Td style={{ verticalAlign: 'top' }}>
                <TextInput
                  aria-label={`Line ${n + 1}: role`}
                  placeholder="forensic lead"
                  value={l.role}
                  onChange={(e) => lines.change(n, { role: e.currentTarget.value })}
                  error={errors[`estimateLines.${n}.role`]}
                />
              </Table.Td>
              <Table.Td style={{ verticalAlign: 'top' }}>
                <TextInput
                  aria-label={`Line ${n + 1}: effort`}
                  placeholder="24h"
                  value={l.effort}
                  onChange={(e) => lines.change(n, { effort: e.currentTarget.value })}
                  error={errors[`estimateLines.${n}.minutes`]}
                  autoComplete="off"
                />
              </Table.Td>
              <Table.Td ta="right" style={{ verticalAlign: 'top', paddingTop: 14 }}>
                {lineAmount(w, saved, l, n)}
              </Table.Td>
              <Table.Td style={{ verticalAlign: 'top' }}>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  mt={4}
                  aria-label={`Remove line ${n + 1}`}
                  onClick={() => lines.remove(n)}
                >
                  <IconTrash size={16} aria-hidden />
                </ActionIcon>
              </Table.Td>
            </Table.Tr>
          ))}
          {form.estimateLines.length === 0 ? (
            <Table.Tr>
              <Table.Td colSpan={5}>
                <Text size="sm" c="dimmed">
                  No effort estimated yet. Add a line per activity and role.
                </Text>
              </Table.Td>
            </Table.Tr>
          ) : null}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr>
            <Table.Th colSpan={3}>Estimate total</Table.Th>
            <Table.Th ta="right" data-testid="estimate-total">
              <QuantityText value={w.estimate.total} />
            </Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </Table.ScrollContainer>
  );
}
