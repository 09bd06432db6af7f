import { Alert, Anchor, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconFilePlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { isApiError } from '../../api/client.ts';
import { DateTime } from '../../components/DateTime.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { CardsSkeleton } from '../../components/Loading.tsx';
import { QuantityText } from '../../components/QuantityText.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { useRequest } from '../requests/requests.api.ts';
import { useDraftAndOpen } from './DraftWorkOrder.tsx';
import { draftableStatuses, useCanManageWorkOrders, useRequestWorkOrder } from './workorders.api.ts';
import { versionStatusColors } from './workorders.labels.ts';

/**
 * For the request page: the request's work order (number, version, status, what it reserves, the
 * balance after) with a link to it, or a "Draft work order" button when it has none and may get one.
 */
export function WorkOrderPanel({ requestId }: { requestId: string }) {
  const wo = useRequestWorkOrder(requestId);
  const request = useRequest(requestId);
  const canManage = useCanManageWorkOrders();
  const { create, draft } = useDraftAndOpen();
  const workOrder = wo.data;
  const draftable = request.data ? (draftableStatuses as readonly string[]).includes(request.data.status) : false;

  return (
    <Card component="section" aria-labelledby="wo-panel-heading" withBorder>
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Title order={2} fz="h4" id="wo-panel-heading">
          Work order
        </Title>
        {workOrder ? <StatusBadge status={workOrder.status} colors={versionStatusColors} /> : null}
      </Group>
      {wo.isPending ? (
        <CardsSkeleton count={1} />
      ) : wo.error ? (
        <ErrorAlert error={wo.error} title="Could not load the work order" onRetry={() => void wo.refetch()} />
      ) : workOrder ? (
        <Stack gap={6}>
          <div>
            <Anchor component={Link} to={`/work-orders/${workOrder.id}`} fw={600}>
              {workOrder.number}
            </Anchor>
            <Text size="sm">{workOrder.title}</Text>
          </div>
          <Text size="sm" c="dimmed">
            Version {workOrder.version}
            {workOrder.sentAt ? (
              <>
                {' '}
                · sent <DateTime value={workOrder.sentAt} />
              </>
            ) : null}
            {workOrder.approvalDeadline && workOrder.status === 'sent' ? (
              <>
                {' '}
                · decide by <DateTime value={workOrder.approvalDeadline} />
              </>
            ) : null}
          </Text>
          <Group gap="lg">
            <div>
              <Text size="xs" c="dimmed">
                Reserved on approval
              </Text>
              <Text fw={700}>
                <QuantityText value={workOrder.reservation} />
              </Text>
            </div>
            {workOrder.balanceImpact ? (
              <div>
                <Text size="xs" c="dimmed">
                  Available after
                </Text>
                <Text fw={700} c={workOrder.balanceImpact.refused ? 'red.8' : undefined}>
                  <QuantityText value={workOrder.balanceImpact.availableAfter} negativeColor={false} />
                </Text>
              </div>
            ) : null}
          </Group>
          {workOrder.balanceImpact?.refused ? (
            <Alert color="red" variant="light" p="xs">
              <Text size="sm">Approval would be refused: {workOrder.balanceImpact.shortfall?.display} short.</Text>
            </Alert>
          ) : null}
          {workOrder.engagementId ? (
            <Anchor component={Link} to={`/engagements/${workOrder.engagementId}`} size="sm">
              Open the engagement
            </Anchor>
          ) : null}
        </Stack>
      ) : (
        <Stack gap="xs">
          <Text size="sm" c="dimmed">
            {draftable
              ? 'No work order yet. Drafting is free: nothing is drawn from the retainer before the customer approves.'
              : 'No work order for this request.'}
          </Text>
          {create.error && !(isApiError(create.error) && create.error.code === 'CONFLICT') ? (
            <ErrorAlert error={create.error} title="Could not draft the work order" />
          ) : null}
          {draftable && canManage ? (
            <Group>
              <Button
                leftSection={<IconFilePlus size={16} aria-hidden />}
                onClick={() => draft(requestId)}
                loading={create.isPending}
              >
                Draft work order
              </Button>
            </Group>
          ) : null}
        </Stack>
      )}
    </Card>
  );
}
