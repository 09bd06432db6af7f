import { Anchor, Button, Card, Group, Modal, Table, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { DataTable, ListStates } from '../../components/DataTable.tsx';
import { DateTime } from '../../components/DateTime.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { TableSkeleton } from '../../components/Loading.tsx';
import { QuantityText } from '../../components/QuantityText.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { ChangeOrderBody } from './ChangeOrderBody.tsx';
import { useCanManageWorkOrders, useChangeOrders } from './workorders.api.ts';
import { versionStatusColors } from './workorders.labels.ts';
import type { ChangeOrder } from './workorders.types.ts';

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
