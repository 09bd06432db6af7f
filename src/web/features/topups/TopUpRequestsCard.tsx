import { Button, Card, Group, Modal, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCirclePlus } from '@tabler/icons-react';
import { useState, type FormEvent, type ReactNode } from 'react';
import type { Contract } from '../../api/types.ts';
import { useSession } from '../../app/session.ts';
import { DateTime } from '../../components/DateTime.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { FormActions } from '../customers/FormParts.tsx';
import { useOfferedPackages } from './packages.api.ts';
import { RequestTopUpDialog } from './RequestTopUpDialog.tsx';
import { topUpStatusLabels, useAskTopUp, useTopUpAction, useTopUpRequests, type TopUpRequest } from './topups.api.ts';

const statusColors = { pending: 'yellow', accepted: 'green', declined: 'red', withdrawn: 'gray' };

/**
 * A contract's top-up requests. In the portal the point of contact asks for more hours and withdraws a
 * pending request; on the staff page the account team (`canDecide`) accepts or declines it.
 */
export function TopUpRequestsCard({
  contract,
  area,
  canDecide = false,
}: {
  contract: Contract;
  area: 'staff' | 'portal';
  canDecide?: boolean;
}) {
  const { user } = useSession();
  const list = useTopUpRequests(contract.id);
  const ask = useAskTopUp(contract.id);
  const action = useTopUpAction(contract.id);
  const [asking, setAsking] = useState(false);
  const [declining, setDeclining] = useState<TopUpRequest | null>(null);
  const canAsk = area === 'portal' && user.role === 'customer_approver' && contract.status === 'active';
  const offered = useOfferedPackages(contract.id, canAsk);
  const items = list.data?.items ?? [];
  const shown = area === 'staff' ? items.filter((r) => r.status === 'pending') : items;
  if (area === 'staff' && shown.length === 0 && !list.error) return null;

  const accept = (r: TopUpRequest) =>
    action.mutate(
      { id: r.id, action: 'accept' },
      {
        onSuccess: (done) =>
          notifications.show({
            color: 'green',
            title: 'Top-up posted',
            message: `${done.amount.display} on ${done.contractNumber} (PO ${done.purchaseOrder}). Balance ${done.topUp?.balanceAfter.display ?? ''}. The customer is told.`,
          }),
      },
    );
  const withdraw = (r: TopUpRequest) =>
    action.mutate(
      { id: r.id, action: 'withdraw' },
      {
        onSuccess: () => notifications.show({ title: 'Request withdrawn', message: `${r.amount.display} withdrawn.` }),
      },
    );

  return (
    <Card withBorder component="section" aria-labelledby="topup-requests-heading">
      <Group justify="space-between" mb="sm">
        <Title order={2} fz="h4" id="topup-requests-heading">
          {area === 'staff' ? 'Pending top-up requests' : 'Top-up requests'}
        </Title>
        {canAsk ? (
          <Button leftSection={<IconCirclePlus size={16} aria-hidden />} onClick={() => setAsking(true)}>
            Request more {contract.unit === 'hours' ? 'hours' : 'units'}
          </Button>
        ) : null}
      </Group>
      {list.error ? <ErrorAlert error={list.error} title="Could not load the top-up requests" /> : null}
      {action.error ? <ErrorAlert error={action.error} title="Nothing was changed" /> : null}
      {shown.length === 0 ? (
        <Text size="sm" c="dimmed">
          {list.isPending ? 'Loading…' : 'No top-up requests yet.'}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Requested</Table.Th>
                <Table.Th>Amount</Table.Th>
                <Table.Th>Purchase order</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>
                  <span className="visually-hidden">Actions</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((r) => (
                <RequestRow
                  key={r.id}
                  r={r}
                  actions={
                    r.status !== 'pending' ? null : area === 'staff' && canDecide ? (
                      <Group gap="xs" justify="flex-end" wrap="nowrap">
                        <Button size="xs" onClick={() => accept(r)} loading={action.isPending}>
                          Accept
                        </Button>
                        <Button size="xs" variant="default" onClick={() => setDeclining(r)}>
                          Decline
                        </Button>
                      </Group>
                    ) : area === 'portal' && user.role === 'customer_approver' ? (
                      <Button size="xs" variant="default" onClick={() => withdraw(r)} loading={action.isPending}>
                        Withdraw
                      </Button>
                    ) : null
                  }
                />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <RequestTopUpDialog
        opened={asking}
        onClose={() => setAsking(false)}
        unit={contract.unit}
        contractNumber={contract.number}
        packages={offered.data?.items ?? []}
        ask={ask}
        onAsked={(r) =>
          notifications.show({
            color: 'green',
            title: 'Request sent',
            message: `${r.package ? `${r.package.name} (${r.amount.display})` : r.amount.display} requested. Your account team has been told.`,
          })
        }
      />
      <DeclineDialog contractId={contract.id} request={declining} onClose={() => setDeclining(null)} />
    </Card>
  );
}

/** One request: when and by whom, the amount, the purchase order (and note), the status, and its actions. */
function RequestRow({ r, actions }: { r: TopUpRequest; actions: ReactNode }) {
  return (
    <Table.Tr data-testid="topup-request-row">
      <Table.Td>
        <DateTime value={r.requestedAt} />
        <Text size="xs" c="dimmed">
          by {r.requestedBy}
          {r.source?.number ? ` for ${r.source.number}` : ''}
        </Text>
      </Table.Td>
      <Table.Td>
        {r.amount.display}
        {r.package ? (
          <Text size="xs" c="dimmed">
            {r.package.name}
          </Text>
        ) : null}
        {r.price ? (
          <Text size="xs" c="dimmed">
            {r.price.display}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        {r.purchaseOrder}
        {r.note ? (
          <Text size="xs" c="dimmed">
            {r.note}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        <StatusBadge status={r.status} colors={statusColors} label={topUpStatusLabels[r.status]} />
        {r.status === 'declined' && r.declineReason ? (
          <Text size="xs" c="dimmed">
            {r.declineReason}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>{actions}</Table.Td>
    </Table.Tr>
  );
}

function DeclineDialog({
  contractId,
  request,
  onClose,
}: {
  contractId: string;
  request: TopUpRequest | null;
  onClose: () => void;
}) {
  const action = useTopUpAction(contractId);
  const [reason, setReason] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!request || action.isPending) return;
    action.mutate({ id: request.id, action: 'decline', reason: reason.trim() }, { onSuccess: onClose });
  };
  return (
    <Modal opened={request !== null} onClose={onClose} title="Decline the top-up request">
      <form onSubmit={submit} noValidate aria-label="Decline the top-up request">
        <Stack gap="md">
          {action.error ? <ErrorAlert error={action.error} title="Nothing was changed" /> : null}
          <Textarea
            label="Reason"
            required
            autosize
            minRows={2}
            description="The customer reads it."
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            data-autofocus
          />
          <FormActions onCancel={onClose} submit="Decline" loading={action.isPending} color="red" />
        </Stack>
      </form>
    </Modal>
  );
}
