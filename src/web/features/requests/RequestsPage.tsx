import { Anchor, Button, Group, NativeSelect, Stack, Table, Text } from '@mantine/core';
import { IconChartBar, IconPlus } from '@tabler/icons-react';
import { Link, useSearchParams } from 'react-router';
import { useSession } from '../../app/session.ts';
import { DataTable, PagedListStates, type Column } from '../../components/DataTable.tsx';
import { DateTime } from '../../components/DateTime.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { TableSkeleton } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { KindBadge, RequestStatusBadge, SlaChips } from './RequestParts.tsx';
import { requestManagers } from './RequestPage.tsx';
import { useRequests, useRequestsRefresh } from './requests.api.ts';
import {
  channelLabels,
  flagLabels,
  openStatuses,
  requestStatusLabels,
  requestStatusList,
  requestTitle,
  slaStatusLabels,
  slaStatusList,
} from './requests.labels.ts';
import { CustomerFilter } from './CustomerFilter.tsx';
import type { ServiceRequest } from './requests.types.ts';

const OPEN = openStatuses.join(',');
const statusOptions = [
  { value: OPEN, label: 'Open (not decided yet)' },
  { value: 'all', label: 'All statuses' },
  ...requestStatusList.map((s) => ({ value: s, label: requestStatusLabels[s] })),
];
const kindOptions = [
  { value: '', label: 'Emergency and proactive' },
  { value: 'emergency', label: 'Emergency' },
  { value: 'proactive', label: 'Proactive' },
];
const sortOptions = [
  { value: '', label: 'Triage: severity, then SLA due' },
  { value: 'board', label: 'Emergencies, then oldest first' },
];
const slaOptions = [
  { value: '', label: 'Any SLA status' },
  ...slaStatusList.map((s) => ({ value: s, label: slaStatusLabels[s] })),
];

const columns: Column[] = [
  'Request',
  { label: 'Owner', width: 140 },
  'Customer',
  { label: 'Status', width: 150 },
  { label: 'SLA', width: 380 },
];

/** One request on the board: kind, title, when and how it came in (with the requester's phone), flags, owner, customer, status, SLA chips. */
function RequestRow({ r }: { r: ServiceRequest }) {
  return (
    <Table.Tr data-request={r.id}>
      <Table.Td>
        <Group gap={6} wrap="nowrap" mb={2}>
          <KindBadge request={r} />
        </Group>
        <Anchor component={Link} to={`/requests/${r.id}`} fw={600} size="sm">
          {requestTitle(r)}
        </Anchor>
        <Text size="xs" c="dimmed">
          {r.number} · <DateTime value={r.receivedAt} /> · {channelLabels[r.channel]}
          {r.requesterName ? ` · ${r.requesterName}` : ''}
          {r.requesterPhone ? ` · ${r.requesterPhone}` : ''}
        </Text>
        {r.flags.length ? (
          <Text size="xs" c="orange" fw={600}>
            {r.flags.map((f) => flagLabels[f]).join(' · ')}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        {r.owner ? (
          <Text size="sm">{r.owner.name}</Text>
        ) : (
          <Text size="sm" c="dimmed">
            No owner yet
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{r.customerName}</Text>
        <Text size="xs" c="dimmed">
          {r.contractNumber}
        </Text>
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <RequestStatusBadge status={r.status} />
      </Table.Td>
      <Table.Td>
        <SlaChips request={r} />
      </Table.Td>
    </Table.Tr>
  );
}

/** Staff → Requests: the board. Emergencies first with live SLA countdowns, then oldest first; read again every 30 s. */
export function RequestsPage() {
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? OPEN;
  const kind = params.get('kind') ?? '';
  const customerId = params.get('customerId') ?? '';
  const slaStatus = params.get('slaStatus') ?? '';
  const sort = params.get('sort') ?? '';
  const list = useRequests({
    status: status === 'all' ? '' : status,
    kind,
    customerId,
    slaStatus,
    sort: sort === 'board' ? 'board' : 'triage',
  });
  useRequestsRefresh();
  const canLog = (requestManagers as readonly string[]).includes(user.role);
  const filtered = status !== OPEN || Boolean(kind || customerId || slaStatus);

  function set(name: string, value: string) {
    const next = new URLSearchParams(params);
    if (value && !(name === 'status' && value === OPEN)) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  }

  return (
    <>
      <PageHeader
        title="Requests"
        description="The triage queue: emergencies first by severity (P1 first), then the earliest SLA due time. SLA countdowns tick live; the board is read again every 30 seconds."
        actions={
          <>
            <Button
              variant="default"
              component={Link}
              to="/reports/sla"
              leftSection={<IconChartBar size={16} aria-hidden />}
            >
              SLA report
            </Button>
            {canLog ? (
              <Button component={Link} to="/requests/new" leftSection={<IconPlus size={16} aria-hidden />}>
                Log a request
              </Button>
            ) : null}
          </>
        }
      />
      <Stack gap="md">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <NativeSelect
            label="Status"
            data={statusOptions}
            value={status}
            onChange={(e) => set('status', e.currentTarget.value)}
            w={220}
          />
          <NativeSelect
            label="Kind"
            data={kindOptions}
            value={kind}
            onChange={(e) => set('kind', e.currentTarget.value)}
            w={230}
          />
          <CustomerFilter value={customerId} onChange={(v) => set('customerId', v ?? '')} />
          <NativeSelect
            label="Order"
            data={sortOptions}
            value={sort}
            onChange={(e) => set('sort', e.currentTarget.value)}
            w={250}
          />
          <NativeSelect
            label="SLA status"
            data={slaOptions}
            value={slaStatus}
            onChange={(e) => set('slaStatus', e.currentTarget.value)}
            w={180}
          />
        </Group>
        <PagedListStates
          list={list}
          errorTitle="Could not load the requests"
          skeleton={<TableSkeleton columns={5} />}
          empty={
            <EmptyState
              title={filtered ? 'No requests match these filters' : 'No open requests'}
              description={
                filtered
                  ? 'Change or clear the filters to see more.'
                  : 'Requests from customers (portal, hotline, email or API) appear here the moment they arrive.'
              }
              action={
                canLog && !filtered ? (
                  <Button component={Link} to="/requests/new" variant="light">
                    Log a hotline or email request
                  </Button>
                ) : undefined
              }
            />
          }
        >
          <DataTable label="Requests" minWidth={1040} columns={columns}>
            {list.items.map((r) => (
              <RequestRow key={r.id} r={r} />
            ))}
          </DataTable>
        </PagedListStates>
      </Stack>
    </>
  );
}
