import {
  Alert,
  Anchor,
  Button,
  Group,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  type MantineColor,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconInfoCircle, IconRefresh, IconSend } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { OutboxMessage, OutboxStatus, OutboxSummary } from '../../api/types.ts';
import { DataTable, PagedListStates } from '../../components/DataTable.tsx';
import { DateTime } from '../../components/DateTime.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { errorMessage } from '../../components/ErrorAlert.tsx';
import { TableSkeleton } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { outboxKey, useOutbox, useOutboxSummary, useRetryAll, useRetryMessage } from './outbox.api.ts';

const states: Record<OutboxStatus, { label: string; color: MantineColor; hint: string }> = {
  queued: { label: 'Queued', color: 'blue', hint: 'waiting for the first attempt' },
  sending: { label: 'Sending', color: 'cyan', hint: 'being sent right now' },
  failing: { label: 'Failing', color: 'orange', hint: 'attempts failed; retried automatically' },
  failed: { label: 'Failed', color: 'red', hint: 'refused for good; retry by hand' },
  delivered: { label: 'Delivered', color: 'green', hint: 'handed to the mail server' },
};
const order: OutboxStatus[] = ['queued', 'sending', 'failing', 'failed', 'delivered'];
const colors = Object.fromEntries(order.map((s) => [s, states[s].color]));
const isStatus = (v: string | null): v is OutboxStatus => v !== null && v in states;
/** How often the page asks again, so an outage and its end show without reloading. */
const REFRESH_MS = 15_000;

function Counts({ summary, onPick }: { summary: OutboxSummary; onPick: (status: OutboxStatus) => void }) {
  return (
    <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="sm">
      {order.map((s) => (
        <Paper
          key={s}
          withBorder
          p="sm"
          component="button"
          type="button"
          onClick={() => onPick(s)}
          style={{ textAlign: 'left', cursor: 'pointer' }}
          aria-label={`${summary[s]} ${states[s].label.toLowerCase()}: show them`}
        >
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            {states[s].label}
          </Text>
          <Text
            fz={26}
            fw={700}
            c={s === 'failing' || s === 'failed' ? (summary[s] > 0 ? states[s].color : undefined) : undefined}
          >
            {summary[s]}
          </Text>
          <Text size="xs" c="dimmed">
            {states[s].hint}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}

/**
 * Retry actions, held by the page: a row or a notice may vanish once its message moves on (the worker
 * can deliver it before the list is read again), and the confirmation must still show.
 */
function useRetryActions() {
  const one = useRetryMessage();
  const all = useRetryAll();
  const failed = (e: unknown) =>
    notifications.show({ color: 'red', title: 'Could not retry', message: errorMessage(e) });
  return {
    retryOne: (message: OutboxMessage) =>
      one.mutate(message.id, {
        onSuccess: () =>
          notifications.show({
            color: 'green',
            title: 'Queued again',
            message: `“${message.subject}” goes out with the next delivery round.`,
          }),
        onError: failed,
      }),
    retryAll: (status: 'failed' | 'failing') =>
      all.mutate(status, {
        onSuccess: (r) =>
          notifications.show({
            color: 'green',
            title: 'Queued again',
            message: `${r.retried} message${r.retried === 1 ? '' : 's'} queued again for the next delivery round.`,
          }),
        onError: failed,
      }),
    pendingId: one.isPending ? one.variables : undefined,
    pendingAll: all.isPending ? all.variables : undefined,
  };
}
type RetryActions = ReturnType<typeof useRetryActions>;

function RetryAllButton({
  status,
  count,
  actions,
}: {
  status: 'failed' | 'failing';
  count: number;
  actions: RetryActions;
}) {
  if (count === 0) return null;
  return (
    <Button
      size="xs"
      variant={status === 'failed' ? 'filled' : 'default'}
      leftSection={<IconSend size={14} aria-hidden />}
      loading={actions.pendingAll === status}
      onClick={() => actions.retryAll(status)}
    >
      {count === 1 ? `Retry 1 ${status} message now` : `Retry all ${count} ${status} now`}
    </Button>
  );
}

function Notices({ summary, actions }: { summary: OutboxSummary; actions: RetryActions }) {
  const troubled = summary.failing + summary.failed;
  return (
    <>
      {summary.transport === 'mailbox' ? (
        <Alert variant="light" color="gray" icon={<IconInfoCircle size={18} aria-hidden />}>
          <Text size="sm">
            No SMTP server is configured (SMTP_URL): messages are delivered to the{' '}
            <Anchor component={Link} to="/mailbox">
              Mailbox
            </Anchor>
            .
          </Text>
        </Alert>
      ) : null}
      {troubled > 0 ? (
        <Alert
          variant="light"
          color="orange"
          icon={<IconAlertTriangle size={18} aria-hidden />}
          title={`${troubled} message${troubled === 1 ? '' : 's'} not delivered yet`}
        >
          <Text size="sm">
            Each failed attempt is in the server log as “mail delivery failed”. Check the mail server and SMTP_URL.
            Failing messages are retried automatically (10 s, then doubling up to an hour); after an outage, or once a
            refusal’s cause is fixed, retry them now.
          </Text>
          <Group gap="sm" mt="sm">
            <RetryAllButton status="failed" count={summary.failed} actions={actions} />
            <RetryAllButton status="failing" count={summary.failing} actions={actions} />
          </Group>
        </Alert>
      ) : null}
    </>
  );
}

function RetryButton({ m, actions }: { m: OutboxMessage; actions: RetryActions }) {
  return (
    <Button
      size="xs"
      variant={m.status === 'failed' ? 'filled' : 'default'}
      leftSection={<IconSend size={14} aria-hidden />}
      loading={actions.pendingId === m.id}
      aria-label={`Retry “${m.subject}” now`}
      onClick={() => actions.retryOne(m)}
    >
      Retry now
    </Button>
  );
}

function MessageRow({ m, actions }: { m: OutboxMessage; actions: RetryActions }) {
  const to = [...m.to, ...m.cc];
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm">
          <DateTime value={m.createdAt} />
        </Text>
      </Table.Td>
      <Table.Td>
        <Stack gap={2} align="flex-start">
          <StatusBadge status={m.status} colors={colors} label={states[m.status].label} />
          {m.attempts > 0 ? (
            <Text size="xs" c="dimmed">
              {m.attempts} attempt{m.attempts === 1 ? '' : 's'}
            </Text>
          ) : null}
        </Stack>
      </Table.Td>
      <Table.Td>
        <Text size="sm" fw={500}>
          {m.subject || '(no subject)'}
        </Text>
        {m.lastError ? (
          <Text size="xs" c="red.8" mt={2}>
            Last error: {m.lastError}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        <Text size="sm">
          {to.length > 2 ? `${to.slice(0, 2).join(', ')} and ${to.length - 2} more` : to.join(', ')}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">
          <DateTime value={m.nextAttemptAt} />
        </Text>
      </Table.Td>
      <Table.Td>
        {m.status === 'failed' || m.status === 'failing' ? <RetryButton m={m} actions={actions} /> : null}
      </Table.Td>
    </Table.Tr>
  );
}

/** Outbox (admin): every outgoing message's delivery state, the last error of failing ones, and retry. */
export function OutboxPage() {
  const [params, setParams] = useSearchParams();
  const raw = params.get('status');
  const status = isStatus(raw) ? raw : '';
  const list = useOutbox(status);
  const summary = useOutboxSummary();
  const actions = useRetryActions();
  const qc = useQueryClient();
  useEffect(() => {
    const timer = setInterval(() => void qc.invalidateQueries({ queryKey: outboxKey }), REFRESH_MS);
    return () => clearInterval(timer);
  }, [qc]);

  const pick = (status: OutboxStatus | '') => setParams(status ? { status: status } : {}, { replace: true });
  const count = (status: OutboxStatus) => (summary.data ? ` (${summary.data[status]})` : '');

  return (
    <>
      <PageHeader
        title="Outbox"
        description="Every email IMR Desk sends waits here until the mail server takes it. Failing messages show their last error and are retried automatically."
        actions={
          <Button
            variant="default"
            leftSection={<IconRefresh size={16} aria-hidden />}
            onClick={() => void qc.invalidateQueries({ queryKey: outboxKey })}
          >
            Refresh
          </Button>
        }
      />
      <Stack gap="md">
        {summary.data ? <Counts summary={summary.data} onPick={pick} /> : null}
        {summary.data ? <Notices summary={summary.data} actions={actions} /> : null}
        <Group>
          <Stack gap={4}>
            <Text size="sm" fw={500} id="outbox-status-label">
              Status
            </Text>
            <SegmentedControl
              aria-labelledby="outbox-status-label"
              value={status || 'all'}
              onChange={(v) => pick(v === 'all' ? '' : (v as OutboxStatus))}
              data={[
                { value: 'all', label: 'All' },
                ...order.map((s) => ({ value: s, label: `${states[s].label}${count(s)}` })),
              ]}
            />
          </Stack>
        </Group>
        <PagedListStates
          list={list}
          errorTitle="Could not load the outbox"
          skeleton={<TableSkeleton columns={6} />}
          empty={
            <EmptyState
              icon={<IconSend size={28} stroke={1.5} aria-hidden />}
              title={status ? `No ${states[status].label.toLowerCase()} messages` : 'No messages yet'}
              description={
                status
                  ? 'Nothing in this state right now.'
                  : 'Invitations, work orders, statements and alerts appear here as IMR Desk sends them.'
              }
            />
          }
        >
          <DataTable
            label="Outgoing messages"
            minWidth={900}
            columns={[
              { label: 'Written', width: 150 },
              { label: 'Status', width: 100 },
              'Subject and last error',
              { label: 'To', width: 200 },
              { label: 'Next attempt', width: 150 },
              { label: 'Actions', hidden: true, width: 120 },
            ]}
          >
            {list.items.map((m) => (
              <MessageRow key={m.id} m={m} actions={actions} />
            ))}
          </DataTable>
        </PagedListStates>
        <Alert variant="light" color="gray" icon={<IconInfoCircle size={18} aria-hidden />}>
          <Text size="sm">
            From the command line: <code>imr mail queue</code> (with <code>--status failing</code>) and{' '}
            <code>imr mail retry ID</code> (or <code>--all failed</code>).
          </Text>
        </Alert>
      </Stack>
    </>
  );
}
