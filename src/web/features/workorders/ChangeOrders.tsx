import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Card,
  Code,
  Grid,
  Group,
  Modal,
  NativeSelect,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconDownload, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { activities } from '../../../shared/domain.ts';
import { isApiError } from '../../api/client.ts';
import { DataTable, ListStates } from '../../components/DataTable.tsx';
import { DateTime } from '../../components/DateTime.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { TableSkeleton } from '../../components/Loading.tsx';
import { QuantityText } from '../../components/QuantityText.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { activityLabels } from '../engagements/engagements.labels.ts';
import { DecisionEvidence } from './DecisionEvidence.tsx';
import { words } from './document.ts';
import { amountText, localInputOf, localInputValue, readEffort, rowKey, type LineRow } from './draft.ts';
import { ImpactCard } from './ImpactCard.tsx';
import { SendButton, SendSummary } from './SendDialog.tsx';
import {
  changeOrderPdfUrl,
  useApprovingContacts,
  useCanManageWorkOrders,
  useChangeOrders,
  useCreateChangeOrder,
  useSendChangeOrder,
  useUpdateChangeOrder,
} from './workorders.api.ts';
import { versionStatusColors } from './workorders.labels.ts';
import type { Activity, ChangeOrder, DeltaLine } from './workorders.types.ts';

const activityOptions = activities.map((a) => ({ value: a, label: activityLabels[a] }));

interface ChangeForm {
  reason: string;
  scope: string;
  lines: LineRow[];
  deadline: string;
}

/** A signed effort as typed again: "+12h 00m", "-4h 00m". */
const signedEffort = (minutes: number): string => `${minutes < 0 ? '-' : '+'}${amountText(Math.abs(minutes), 'hours')}`;

const formOfChange = (c: ChangeOrder | null): ChangeForm => ({
  reason: c?.reason ?? '',
  scope: c?.scope ?? '',
  lines: c
    ? c.estimateDeltaLines.map((l) => ({
        key: rowKey(),
        activity: l.activity,
        role: l.role,
        effort: signedEffort(l.minutes),
      }))
    : [{ key: rowKey(), activity: 'analysis', role: '', effort: '' }],
  deadline: localInputOf(c?.approvalDeadline ?? null),
});

const sameForm = (a: ChangeForm, b: ChangeForm): boolean =>
  JSON.stringify({ ...a, lines: a.lines.map(({ key: _k, ...l }) => l) }) ===
  JSON.stringify({ ...b, lines: b.lines.map(({ key: _k, ...l }) => l) });

/** The API body of the form, or the problems by field path. */
function bodyOf(f: ChangeForm): {
  body: {
    reason: string;
    scope: string | null;
    estimateDeltaLines: DeltaLine[];
    approvalDeadline: string | null;
  } | null;
  errors: Record<string, string>;
} {
  const errors: Record<string, string> = {};
  if (!f.reason.trim()) errors['reason'] = 'say why the change is needed';
  if (f.lines.length === 0) errors['estimateDeltaLines'] = 'add at least one line of effort';
  const lines = f.lines.map((l, n) => {
    const r = readEffort(l.effort, { signed: true });
    if (r.message) errors[`estimateDeltaLines.${n}.minutes`] = r.message;
    if (!l.role.trim()) errors[`estimateDeltaLines.${n}.role`] = 'say who does it';
    return { activity: l.activity, role: l.role.trim(), minutes: r.minutes ?? 0 };
  });
  const deadline = localInputValue(f.deadline);
  if (deadline.message) errors['approvalDeadline'] = deadline.message;
  if (Object.keys(errors).length) return { body: null, errors };
  return {
    body: {
      reason: f.reason.trim(),
      scope: f.scope.trim() || null,
      estimateDeltaLines: lines,
      approvalDeadline: deadline.value,
    },
    errors,
  };
}

/**
 * Drafts, edits and sends a change order of an engagement: why, a scope note, and the effort added
 * (negative lines reduce it). Saving shows the server's figures (the change in retainer units, the
 * estimate before and after, the balance impact); Send asks the customer's approving contacts. A sent
 * change order opens read-only, with Revise (which supersedes it); a decided one shows its evidence.
 */
export function ChangeOrderDialog({
  engagementId,
  changeOrder,
  opened,
  onClose,
}: {
  engagementId: string;
  changeOrder?: ChangeOrder | null;
  opened: boolean;
  onClose: () => void;
}) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={changeOrder ? `Change order ${changeOrder.number}` : 'New change order'}
      size="64rem"
    >
      {opened ? (
        <ChangeOrderBody
          key={changeOrder?.id ?? 'new'}
          engagementId={engagementId}
          initial={changeOrder ?? null}
          onClose={onClose}
        />
      ) : null}
    </Modal>
  );
}

function ChangeOrderBody({
  engagementId,
  initial,
  onClose,
}: {
  engagementId: string;
  initial: ChangeOrder | null;
  onClose: () => void;
}) {
  const canManage = useCanManageWorkOrders();
  const create = useCreateChangeOrder(engagementId);
  const update = useUpdateChangeOrder();
  const send = useSendChangeOrder();
  const [current, setCurrent] = useState<ChangeOrder | null>(initial);
  const [revising, setRevising] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [form, setForm] = useState<ChangeForm>(() => formOfChange(initial));
  const [tried, setTried] = useState(false);
  const contacts = useApprovingContacts(confirming && current ? current.customerId : null);

  const editable = canManage && (current === null || current.status === 'draft' || revising);
  const dirty = current === null || !sameForm(form, formOfChange(current));
  const local = bodyOf(form);
  const saveError = create.error ?? update.error;
  const server = isApiError(saveError) ? saveError.fieldErrors() : {};
  const errors = { ...server, ...(tried || !dirty ? local.errors : {}) };

  const setLine = (n: number, patch: Partial<LineRow>) =>
    setForm((f) => ({ ...f, lines: f.lines.map((l, i) => (i === n ? { ...l, ...patch } : l)) }));

  function save(e?: FormEvent) {
    e?.preventDefault();
    setTried(true);
    if (!local.body) return;
    const done = (c: ChangeOrder) => {
      setCurrent(c);
      setForm(formOfChange(c));
      setTried(false);
      setRevising(false);
    };
    if (!current) create.mutate({ ...local.body, scope: local.body.scope ?? undefined }, { onSuccess: done });
    else
      update.mutate(
        { id: current.id, revision: current.revision, patch: local.body },
        {
          onSuccess: (c) => {
            if (c.id !== current.id)
              notifications.show({
                color: 'blue',
                title: `${c.number} replaces ${current.number}`,
                message: `The links of ${current.number} no longer work. Send ${c.number} when it is ready.`,
              });
            done(c);
          },
        },
      );
  }

  function doSend() {
    if (!current) return;
    send.mutate(
      { id: current.id, revision: current.revision },
      {
        onSuccess: (c) => {
          notifications.show({
            color: 'green',
            title: `${c.number} sent`,
            message: 'The approving contacts have been emailed.',
          });
          setCurrent(c);
          setConfirming(false);
        },
      },
    );
  }

  if (confirming && current) {
    return (
      <Stack gap="md">
        <Text size="sm">
          Send change order <strong>{current.number}</strong> ({current.delta.total.display}) for approval.
        </Text>
        <SendSummary
          customerId={current.customerId}
          deadline={current.approvalDeadline}
          deadlineRule={current.approvalDeadlineDefault}
          units={current.delta.total}
          unitsLabel={
            current.delta.total.amount >= 0
              ? 'Added to the reservation on approval'
              : 'Released from the reservation on approval'
          }
          impact={current.balanceImpact}
          contacts={contacts}
        />
        {send.error ? <ErrorAlert error={send.error} title="Not sent" /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setConfirming(false)} disabled={send.isPending}>
            Back
          </Button>
          <SendButton contacts={contacts} onSend={doSend} loading={send.isPending} />
        </Group>
      </Stack>
    );
  }

  const figures = current ? (
    <ImpactCard
      title="Figures"
      figures={[
        { label: 'Estimate now', value: current.estimateBefore },
        { label: 'Change', value: current.delta.total, strong: true },
        { label: 'Estimate after', value: current.estimateAfter },
        { label: 'Consumed so far', value: current.consumed },
      ]}
      impact={current.balanceImpact}
      contractNumber={current.contractNumber}
      changeLabel="Change of the reservation"
      status={editable && dirty ? 'Unsaved changes: save the draft to update the figures.' : undefined}
      updating={create.isPending || update.isPending}
    />
  ) : (
    <Card withBorder>
      <Text size="sm" c="dimmed">
        Save the draft to see the change in retainer units and what approval would do to the balance.
      </Text>
    </Card>
  );

  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Stack gap="sm">
          {current ? (
            <Group gap="xs">
              <Text fw={700}>{current.number}</Text>
              <StatusBadge status={current.status} colors={versionStatusColors} />
              <Text size="sm" c="dimmed">
                {current.engagementNumber}
              </Text>
            </Group>
          ) : null}
          {current?.status === 'sent' && revising ? (
            <Alert
              color="orange"
              variant="light"
              icon={<IconAlertTriangle size={18} aria-hidden />}
              title={`Saving supersedes ${current.number}`}
            >
              <Text size="sm">
                Its approval links and reply addresses stop working at once; a new change order draft takes its place.
              </Text>
            </Alert>
          ) : null}
          {editable ? (
            <form onSubmit={save} noValidate aria-label="Change order">
              <Stack gap="sm">
                {saveError && Object.keys(server).length === 0 ? (
                  <ErrorAlert error={saveError} title="Not saved" />
                ) : null}
                <Textarea
                  label="Reason"
                  required
                  autosize
                  minRows={2}
                  value={form.reason}
                  onChange={(e) => setForm({ ...form, reason: e.currentTarget.value })}
                  error={errors['reason']}
                  data-autofocus
                />
                <Textarea
                  label="Scope note"
                  description="What changes in the work, if anything."
                  autosize
                  minRows={2}
                  value={form.scope}
                  onChange={(e) => setForm({ ...form, scope: e.currentTarget.value })}
                  error={errors['scope']}
                />
                <Text size="sm" fw={500}>
                  Effort added
                </Text>
                <Text size="xs" c="dimmed" mt={-8}>
                  Typed as +12h or -4h (negative lines reduce the estimate; it never drops below what was consumed).
                </Text>
                {form.lines.map((l, n) => (
                  <Group key={l.key} gap="xs" align="flex-start" wrap="nowrap">
                    <NativeSelect
                      aria-label={`Change line ${n + 1}: activity`}
                      data={activityOptions}
                      value={l.activity}
                      onChange={(e) => setLine(n, { activity: e.currentTarget.value as Activity })}
                      w={150}
                      style={{ flexShrink: 0 }}
                    />
                    <TextInput
                      aria-label={`Change line ${n + 1}: role`}
                      placeholder="forensic lead"
                      value={l.role}
                      onChange={(e) => setLine(n, { role: e.currentTarget.value })}
                      error={errors[`estimateDeltaLines.${n}.role`]}
                      style={{ flex: 1, minWidth: 120 }}
                    />
                    <TextInput
                      aria-label={`Change line ${n + 1}: effort`}
                      placeholder="+12h"
                      value={l.effort}
                      onChange={(e) => setLine(n, { effort: e.currentTarget.value })}
                      error={errors[`estimateDeltaLines.${n}.minutes`]}
                      w={100}
                      style={{ flexShrink: 0 }}
                      autoComplete="off"
                    />
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      mt={6}
                      aria-label={`Remove change line ${n + 1}`}
                      onClick={() => setForm({ ...form, lines: form.lines.filter((_, i) => i !== n) })}
                    >
                      <IconTrash size={16} aria-hidden />
                    </ActionIcon>
                  </Group>
                ))}
                {errors['estimateDeltaLines'] ? (
                  <Text size="sm" c="red.8">
                    {errors['estimateDeltaLines']}
                  </Text>
                ) : null}
                <Group>
                  <Button
                    variant="light"
                    size="xs"
                    leftSection={<IconPlus size={14} aria-hidden />}
                    onClick={() =>
                      setForm({
                        ...form,
                        lines: [...form.lines, { key: rowKey(), activity: 'analysis', role: '', effort: '' }],
                      })
                    }
                  >
                    Add line
                  </Button>
                </Group>
                <TextInput
                  type="datetime-local"
                  label="Approval deadline"
                  description={
                    form.deadline
                      ? 'In your time zone.'
                      : `Empty: ${current?.approvalDeadlineDefault ?? "the firm's default after sending"}.`
                  }
                  value={form.deadline}
                  onChange={(e) => setForm({ ...form, deadline: e.currentTarget.value })}
                  error={errors['approvalDeadline']}
                  w={260}
                />
                <Group justify="flex-end" mt="xs">
                  {revising ? (
                    <Button
                      variant="default"
                      onClick={() => {
                        setRevising(false);
                        setForm(formOfChange(current));
                      }}
                    >
                      Cancel revision
                    </Button>
                  ) : null}
                  <Button
                    type="submit"
                    variant={current?.status === 'draft' && !dirty ? 'default' : 'filled'}
                    loading={create.isPending || update.isPending}
                    disabled={!dirty}
                  >
                    {current === null
                      ? 'Save draft'
                      : revising
                        ? `Save as a new change order`
                        : dirty
                          ? 'Save changes'
                          : 'Saved'}
                  </Button>
                </Group>
              </Stack>
            </form>
          ) : current ? (
            <ChangeOrderFacts c={current} />
          ) : null}
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Stack gap="sm">
          {figures}
          {current?.decision ? <DecisionEvidence decision={current.decision} /> : null}
          {current?.contentHash ? (
            <Stack gap={4}>
              <Text size="sm" fw={600}>
                Content hash (SHA-256)
              </Text>
              <Code block style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
                {current.contentHash}
              </Code>
              <Anchor href={changeOrderPdfUrl(current.id)} size="sm">
                <Group gap={4}>
                  <IconDownload size={14} aria-hidden />
                  Download the PDF
                </Group>
              </Anchor>
            </Stack>
          ) : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Close
            </Button>
            {canManage && current?.status === 'sent' && !revising ? (
              <Button variant="default" onClick={() => setRevising(true)}>
                Revise
              </Button>
            ) : null}
            {canManage && current?.status === 'draft' ? (
              <Button
                onClick={() => {
                  send.reset();
                  setConfirming(true);
                }}
                disabled={dirty}
              >
                Send for approval
              </Button>
            ) : null}
          </Group>
        </Stack>
      </Grid.Col>
    </Grid>
  );
}

/** A sent or decided change order, read-only. */
function ChangeOrderFacts({ c }: { c: ChangeOrder }) {
  return (
    <Stack gap="xs">
      {c.statusReason ? (
        <Text size="xs" c="dimmed">
          {c.statusReason}
        </Text>
      ) : null}
      <Text size="sm">
        <strong>Reason:</strong> {c.reason}
      </Text>
      {c.scope ? (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          <strong>Scope:</strong> {c.scope}
        </Text>
      ) : null}
      <Table aria-label="Effort changed" fz="sm" verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Activity</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th ta="right">Effort</Table.Th>
            <Table.Th ta="right">Units</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {c.delta.lines.map((l, n) => (
            <Table.Tr key={n}>
              <Table.Td>{words(l.activity)}</Table.Td>
              <Table.Td>{l.role}</Table.Td>
              <Table.Td ta="right">{signedEffort(l.minutes)}</Table.Td>
              <Table.Td ta="right">
                <QuantityText value={l.amount} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="sm" c="dimmed">
        {c.sentAt ? (
          <>
            Sent <DateTime value={c.sentAt} />
          </>
        ) : (
          'Not sent'
        )}
        {c.approvalDeadline ? (
          <>
            {' '}
            · decide by <DateTime value={c.approvalDeadline} />
          </>
        ) : null}
        {c.decidedAt ? (
          <>
            {' '}
            · decided <DateTime value={c.decidedAt} />
          </>
        ) : null}
      </Text>
    </Stack>
  );
}

/**
 * For the engagement page: its change orders (what each adds, the estimate after, status, deadline),
 * each opening in the change-order dialog, and "New change order" for IR managers while the engagement
 * is open (a closed or cancelled engagement takes none).
 */
export function ChangeOrdersList({
  engagementId,
  open: engagementOpen = true,
}: {
  engagementId: string;
  open?: boolean;
}) {
  const list = useChangeOrders(engagementId);
  const canManage = useCanManageWorkOrders();
  const [open, setOpen] = useState<{ changeOrder: ChangeOrder | null } | null>(null);
  const items = list.data ?? [];

  return (
    <Card component="section" aria-labelledby="co-heading" withBorder>
      <Group justify="space-between" mb="sm">
        <Title order={2} fz="h4" id="co-heading">
          Change orders
        </Title>
        {canManage && engagementOpen ? (
          <Button
            size="xs"
            leftSection={<IconPlus size={14} aria-hidden />}
            onClick={() => setOpen({ changeOrder: null })}
          >
            New change order
          </Button>
        ) : null}
      </Group>
      <ListStates
        error={list.error}
        pending={list.isPending}
        isEmpty={items.length === 0}
        errorTitle="Could not load the change orders"
        onRetry={() => void list.refetch()}
        skeleton={<TableSkeleton columns={5} rows={2} />}
        empty={
          <EmptyState
            bare
            size="sm"
            title="No change orders"
            description="When the work needs more (or less) effort than approved, a change order asks the customer to approve the difference."
          />
        }
      >
        <DataTable
          label="Change orders"
          minWidth={640}
          columns={['Change order', 'Change', 'Estimate after', 'Status', 'Deadline']}
        >
          {items.map((c) => (
            <Table.Tr key={c.id}>
              <Table.Td>
                <Anchor component="button" type="button" fw={600} size="sm" onClick={() => setOpen({ changeOrder: c })}>
                  {c.number}
                </Anchor>
                <Text size="xs" c="dimmed" lineClamp={1}>
                  {c.reason}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" fw={600}>
                  <QuantityText value={c.delta.total} />
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">
                  <QuantityText value={c.estimateAfter} />
                </Text>
              </Table.Td>
              <Table.Td>
                <StatusBadge status={c.status} colors={versionStatusColors} />
                {c.balanceImpact?.refused && c.status !== 'approved' ? (
                  <Text size="xs" c="red.8">
                    needs a top-up
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{c.approvalDeadline ? <DateTime value={c.approvalDeadline} /> : '—'}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      </ListStates>
      <ChangeOrderDialog
        engagementId={engagementId}
        changeOrder={open?.changeOrder ?? null}
        opened={open !== null}
        onClose={() => setOpen(null)}
      />
    </Card>
  );
}
