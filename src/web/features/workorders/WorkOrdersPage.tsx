import { Anchor, Button, Group, NativeSelect, Stack, Table, Text } from '@mantine/core';
import { IconFilePlus, IconFileText } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { DataTable, PagedListStates } from '../../components/DataTable.tsx';
import { DateTime } from '../../components/DateTime.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { TableSkeleton } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QuantityText } from '../../components/QuantityText.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { useCustomerOptions } from '../requests/requests.api.ts';
import { DraftWorkOrderDialog } from './DraftWorkOrder.tsx';
import { useCanManageWorkOrders, useWorkOrders } from './workorders.api.ts';
import { versionStatusColors, workOrderStatusOptions } from './workorders.labels.ts';
import type { WorkOrder } from './workorders.types.ts';

/** One work order in the list: number and title, customer, version, status, reservation, deadline. */
function WorkOrderRow({ w }: { w: WorkOrder }) {
  return (
    <Table.Tr>
      <Table.Td>
        <Anchor component={Link} to={`/work-orders/${w.id}`} fw={600} size="sm">
          {w.number}
        </Anchor>
        <Text size="xs" c="dimmed" lineClamp={1}>
          {w.title}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{w.customerName}</Text>
        <Text size="xs" c="dimmed">
          {w.contractNumber}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{w.version}</Text>
      </Table.Td>
      <Table.Td>
        <StatusBadge status={w.status} colors={versionStatusColors} />
      </Table.Td>
      <Table.Td>
        <Text size="sm" fw={600}>
          <QuantityText value={w.reservation} />
        </Text>
        {w.balanceImpact?.refused ? (
          <Text size="xs" c="red.8">
            needs a top-up
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        <Text size="sm">
          {w.approvalDeadline ? (
            <DateTime value={w.approvalDeadline} />
          ) : w.status === 'draft' ? (
            <Text span size="xs" c="dimmed">
              {w.approvalDeadlineDefault}
            </Text>
          ) : (
            '—'
          )}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}

/** Staff → Work orders: every EWO with its current version, filtered by status and customer; "Draft a work order". */
export function WorkOrdersPage() {
  const [status, setStatus] = useState('');
  const [customerId, setCustomerId] = useState('');
  const list = useWorkOrders({ status, customerId });
  const customers = useCustomerOptions();
  const canManage = useCanManageWorkOrders();
  const [drafting, setDrafting] = useState(false);
  const filtered = Boolean(status || customerId);

  return (
    <>
      <PageHeader
        title="Work orders"
        description="Engagement Work Orders: drafted on the scoping call, approved in writing by the customer's point of contact, then an engagement."
        actions={
          canManage ? (
            <Button leftSection={<IconFilePlus size={16} aria-hidden />} onClick={() => setDrafting(true)}>
              Draft a work order
            </Button>
          ) : undefined
        }
      />
      <Stack gap="md">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <NativeSelect
            label="Status"
            data={workOrderStatusOptions}
            value={status}
            onChange={(e) => setStatus(e.currentTarget.value)}
            w={200}
          />
          <NativeSelect
            label="Customer"
            data={[
              { value: '', label: customers.isPending ? 'Loading customers…' : 'All customers' },
              ...(customers.data ?? []).map((c) => ({ value: c.id, label: c.name })),
            ]}
            value={customerId}
            onChange={(e) => setCustomerId(e.currentTarget.value)}
            w={260}
          />
        </Group>
        <PagedListStates
          list={list}
          errorTitle="Could not load the work orders"
          skeleton={<TableSkeleton columns={6} />}
          empty={
            <EmptyState
              icon={<IconFileText size={28} stroke={1.5} aria-hidden />}
              title={filtered ? 'No work orders match these filters' : 'No work orders yet'}
              description={
                filtered
                  ? 'Change or clear the filters to see more.'
                  : 'Draft one from a request once the scoping call says what is needed.'
              }
              action={
                !filtered && canManage ? (
                  <Button variant="light" onClick={() => setDrafting(true)}>
                    Draft a work order
                  </Button>
                ) : undefined
              }
            />
          }
        >
          <DataTable
            label="Work orders"
            minWidth={860}
            columns={['Work order', 'Customer', 'Version', 'Status', 'Reserves', 'Deadline']}
          >
            {list.items.map((w) => (
              <WorkOrderRow key={w.id} w={w} />
            ))}
          </DataTable>
        </PagedListStates>
      </Stack>
      <DraftWorkOrderDialog opened={drafting} onClose={() => setDrafting(false)} />
    </>
  );
}
