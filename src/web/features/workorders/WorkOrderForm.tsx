import {
  ActionIcon,
  Button,
  Card,
  Checkbox,
  Group,
  NativeSelect,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { sizePrice } from '../../../shared/workorders.ts';
import { activities } from '../../../shared/domain.ts';
import { QuantityText } from '../../components/QuantityText.tsx';
import { kindOptions } from '../deliverables/deliverables.labels.ts';
import { activityLabels } from '../engagements/engagements.labels.ts';
import { amountText, rowKey, type DraftForm, type LineRow, type When } from './draft.ts';
import type { DraftEditor } from './useDraftEditor.ts';
import type { StaffOption } from './workorders.api.ts';
import type {
  Activity,
  CatalogItem,
  ContractUnit,
  DeliverableKind,
  ServiceRequest,
  Site,
  WorkOrder,
} from './workorders.types.ts';

const activityOptions = activities.map((a) => ({ value: a, label: activityLabels[a] }));
const amountHint = (unit: ContractUnit) => (unit === 'hours' ? 'e.g. 40h or 7h30m' : 'e.g. 16su or 12.50su');

function FormCard({ title, description, children }: { title: string; description?: ReactNode; children: ReactNode }) {
  const id = `form-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return (
    <Card component="section" aria-labelledby={id} withBorder>
      <Title order={2} fz="h4" id={id}>
        {title}
      </Title>
      {description ? (
        <Text size="sm" c="dimmed" mb="sm">
          {description}
        </Text>
      ) : (
        <div style={{ height: 8 }} />
      )}
      <Stack gap="sm">{children}</Stack>
    </Card>
  );
}

/** A list field typed one item per line. */
function LinesInput({
  label,
  value,
  onChange,
  error,
  placeholder,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string | undefined;
  placeholder?: string;
}) {
  return (
    <Textarea
      label={label}
      description="One item per line."
      autosize
      minRows={2}
      maxRows={10}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={error}
      placeholder={placeholder}
    />
  );
}

function WhenInput({
  label,
  value,
  onChange,
  error,
  min,
  timeZone,
}: {
  label: string;
  value: When;
  onChange: (v: When) => void;
  error?: string | undefined;
  min?: string | undefined;
  timeZone: string;
}) {
  return (
    <Group gap="xs" align="flex-start" wrap="nowrap">
      <TextInput
        type="date"
        label={label}
        value={value.date}
        min={min}
        onChange={(e) => onChange({ ...value, date: e.currentTarget.value })}
        error={error}
        style={{ flex: 1 }}
      />
      <TextInput
        type="time"
        label="Time (optional)"
        aria-label={`${label}: time (${timeZone})`}
        value={value.time}
        onChange={(e) => onChange({ ...value, time: e.currentTarget.value })}
        w={150}
      />
    </Group>
  );
}

/** Rows of a table field: change one, remove one, add one. */
function rowsOf<T extends { key: string }>(rows: T[], setRows: (r: T[]) => void) {
  return {
    change: (n: number, patch: Partial<T>) => setRows(rows.map((r, i) => (i === n ? { ...r, ...patch } : r))),
    remove: (n: number) => setRows(rows.filter((_, i) => i !== n)),
    add: (row: Omit<T, 'key'>) => setRows([...rows, { ...row, key: rowKey() } as T]),
  };
}

/** Rows of a table field as lines of inputs, each with its remove button, and an add button under them. */
function RowList<T extends { key: string }>({
  rows,
  empty,
  what,
  addLabel,
  onAdd,
  onRemove,
  children,
}: {
  rows: T[];
  empty: string;
  what: string;
  addLabel: string;
  onAdd: () => void;
  onRemove: (n: number) => void;
  children: (row: T, n: number) => ReactNode;
}) {
  return (
    <>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : null}
      {rows.map((r, n) => (
        <Group key={r.key} gap="xs" align="flex-start" wrap="wrap">
          {children(r, n)}
          <ActionIcon
            variant="subtle"
            color="gray"
            mt={6}
            aria-label={`Remove ${what} ${n + 1}`}
            onClick={() => onRemove(n)}
          >
            <IconTrash size={16} aria-hidden />
          </ActionIcon>
        </Group>
      ))}
      <Group>
        <Button variant="light" leftSection={<IconPlus size={16} aria-hidden />} onClick={onAdd}>
          {addLabel}
        </Button>
      </Group>
    </>
  );
}

/** The server's conversion of a line, when the line on screen is the one the server converted. */
function lineAmount(w: WorkOrder, saved: DraftForm, row: LineRow, n: number) {
  const s = saved.estimateLines[n];
  const same = s && s.activity === row.activity && s.role === row.role && s.effort === row.effort;
  const server = w.estimate.lines[n];
  return same && server ? (
    <QuantityText value={server.amount} />
  ) : (
    <Text span c="dimmed" size="sm">
      …
    </Text>
  );
}

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
  const { form, set, errors, saved } = editor;
  const timeZone = request?.timeZone ?? 'UTC';
  const item = catalog?.find((c) => c.id === form.catalogItemId) ?? null;
  const lines = rowsOf(form.estimateLines, (r) => set('estimateLines', r));
  const deliverables = rowsOf(form.deliverables, (r) => set('deliverables', r));
  const staffing = rowsOf(form.staffingPlan, (r) => set('staffingPlan', r));
  const earliest = request?.kind === 'proactive' ? request.earliestStart : null;
  const staffChoices = [
    { value: '', label: 'Not named yet' },
    ...staff.map((s) => ({ value: s.id, label: `${s.name} (${s.detail})` })),
  ];
  const known = new Set(staff.map((s) => s.id));
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
      <FormCard title="Service and scope">
        <TextInput
          label="Title"
          required
          value={form.title}
          onChange={(e) => set('title', e.currentTarget.value)}
          error={errors['title']}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NativeSelect
            label="Service"
            data={[
              { value: '', label: 'No catalog service' },
              ...(catalog ?? []).map((c) => ({ value: c.id, label: c.name })),
            ]}
            value={form.catalogItemId ?? ''}
            onChange={(e) => setFormFields({ catalogItemId: e.currentTarget.value || null, sizeCode: null })}
            error={errors['catalogItemId']}
          />
          <NativeSelect
            label="Catalog size"
            disabled={!item || item.sizes.length === 0}
            data={[
              { value: '', label: 'No size' },
              ...(item?.sizes ?? []).map((s) => ({
                value: s.code,
                label: `${s.code}${s.label ? ` – ${s.label}` : ''}: estimate ${s.estimate.display}${(unit === 'hours' ? s.fixedPriceInHours : s.fixedPriceInUnits) ? `, fixed ${(unit === 'hours' ? s.fixedPriceInHours : s.fixedPriceInUnits)!.display}` : ''}`,
              })),
            ]}
            value={form.sizeCode ?? ''}
            onChange={(e) => chooseSize(e.currentTarget.value)}
            error={errors['sizeCode']}
          />
        </SimpleGrid>
        <Textarea
          label="Scope"
          required
          autosize
          minRows={4}
          maxRows={16}
          value={form.scope}
          onChange={(e) => set('scope', e.currentTarget.value)}
          error={errors['scope']}
        />
        <LinesInput
          label="Objectives"
          value={form.objectives}
          onChange={(v) => set('objectives', v)}
          error={errors['objectives']}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <LinesInput
            label="In scope"
            value={form.inScope}
            onChange={(v) => set('inScope', v)}
            error={errors['inScope']}
          />
          <LinesInput
            label="Out of scope"
            value={form.outOfScope}
            onChange={(v) => set('outOfScope', v)}
            error={errors['outOfScope']}
          />
        </SimpleGrid>
      </FormCard>

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
            onChange={choosePricing}
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

      <FormCard
        title="Delivery and dates"
        description={`Dates and times are in the customer's time zone, ${timeZone}.`}
      >
        <Stack gap={4}>
          <Text size="sm" fw={500} id="mode-label">
            Delivery mode
          </Text>
          <SegmentedControl
            aria-labelledby="mode-label"
            data={[
              { value: 'remote', label: 'Remote' },
              { value: 'onsite', label: 'On site' },
              { value: 'hybrid', label: 'Remote and on site' },
            ]}
            value={form.deliveryMode}
            onChange={(v) => set('deliveryMode', v as DraftForm['deliveryMode'])}
            w="fit-content"
          />
        </Stack>
        <Checkbox.Group
          label="Sites"
          description={
            form.deliveryMode === 'remote' ? 'Optional for remote work.' : 'On-site work needs at least one site.'
          }
          value={form.siteIds}
          onChange={(v) => set('siteIds', v)}
          error={errors['siteIds'] ?? Object.entries(errors).find(([k]) => k.startsWith('siteIds.'))?.[1]}
        >
          <Stack gap={6} mt={6}>
            {sites === undefined ? (
              <Text size="sm" c="dimmed">
                Loading the customer&apos;s sites…
              </Text>
            ) : null}
            {sites?.length === 0 ? (
              <Text size="sm" c="dimmed">
                The customer has no sites yet: add one on the customer&apos;s page.
              </Text>
            ) : null}
            {sites?.map((s) => (
              <Checkbox key={s.id} value={s.id} label={s.name} description={`${s.address} · ${s.timeZone}`} />
            ))}
          </Stack>
        </Checkbox.Group>
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <WhenInput
            label="Proposed start"
            value={form.proposedStart}
            onChange={(v) => set('proposedStart', v)}
            error={errors['proposedStart']}
            min={earliest ?? undefined}
            timeZone={timeZone}
          />
          <WhenInput
            label="Proposed end"
            value={form.proposedEnd}
            onChange={(v) => set('proposedEnd', v)}
            error={errors['proposedEnd']}
            min={form.proposedStart.date || undefined}
            timeZone={timeZone}
          />
        </SimpleGrid>
        <Text size="sm" c="dimmed" mt={-4}>
          {earliest ? (
            <>
              Earliest allowed start: <strong>{earliest}</strong> ({request?.leadTimeDays} days&apos; lead time, counted
              from the request).
            </>
          ) : request?.kind === 'emergency' ? (
            'Emergency work may start at once.'
          ) : null}
        </Text>
      </FormCard>

      <FormCard title="Deliverables">
        <RowList
          rows={form.deliverables}
          empty="No deliverables yet."
          what="deliverable"
          addLabel="Add deliverable"
          onAdd={() => deliverables.add({ kind: 'final_report', title: '', dueDate: '' })}
          onRemove={deliverables.remove}
        >
          {(d, n) => (
            <>
              <NativeSelect
                aria-label={`Deliverable ${n + 1}: kind`}
                data={kindOptions}
                value={d.kind}
                onChange={(e) => deliverables.change(n, { kind: e.currentTarget.value as DeliverableKind })}
                w={170}
              />
              <TextInput
                aria-label={`Deliverable ${n + 1}: title`}
                value={d.title}
                onChange={(e) => deliverables.change(n, { title: e.currentTarget.value })}
                error={errors[`deliverables.${n}.title`]}
                style={{ flex: 1, minWidth: 160 }}
              />
              <TextInput
                type="date"
                aria-label={`Deliverable ${n + 1}: due date`}
                value={d.dueDate}
                onChange={(e) => deliverables.change(n, { dueDate: e.currentTarget.value })}
                error={errors[`deliverables.${n}.dueDate`]}
                w={160}
              />
            </>
          )}
        </RowList>
      </FormCard>

      <FormCard title="Staffing plan" description="Roles and how many people; name a consultant when already chosen.">
        <RowList
          rows={form.staffingPlan}
          empty="No roles planned yet."
          what="role"
          addLabel="Add role"
          onAdd={() => staffing.add({ role: '', count: '1', userId: '' })}
          onRemove={staffing.remove}
        >
          {(s, n) => (
            <>
              <TextInput
                aria-label={`Role ${n + 1}`}
                placeholder="forensic lead"
                value={s.role}
                onChange={(e) => staffing.change(n, { role: e.currentTarget.value })}
                error={errors[`staffingPlan.${n}.role`]}
                style={{ flex: 1, minWidth: 180 }}
              />
              <TextInput
                aria-label={`Role ${n + 1}: count`}
                type="number"
                min={1}
                max={50}
                value={s.count}
                onChange={(e) => staffing.change(n, { count: e.currentTarget.value })}
                error={errors[`staffingPlan.${n}.count`]}
                w={90}
              />
              <NativeSelect
                aria-label={`Role ${n + 1}: named consultant`}
                data={
                  s.userId && !known.has(s.userId)
                    ? [...staffChoices, { value: s.userId, label: `User ${s.userId}` }]
                    : staffChoices
                }
                value={s.userId}
                onChange={(e) => staffing.change(n, { userId: e.currentTarget.value })}
                error={errors[`staffingPlan.${n}.userId`]}
                w={260}
              />
            </>
          )}
        </RowList>
      </FormCard>

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
    </Stack>
  );
}
