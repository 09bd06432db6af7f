import { Badge, Group, Modal, Stack, Text, UnstyledButton } from '@mantine/core';
import { useNavigate } from 'react-router';
import { isApiError } from '../../api/client.ts';
import { DateTime } from '../../components/DateTime.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { CardsSkeleton } from '../../components/Loading.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { useCreateWorkOrder, useDraftableRequests } from './workorders.api.ts';
import type { ServiceRequest } from './workorders.types.ts';

/**
 * Drafts the request's work order (prefilled by the server from the request, its catalog item and the
 * contract) and opens it; a request that has one already opens that one.
 */
export function useDraftAndOpen() {
  const create = useCreateWorkOrder();
  const navigate = useNavigate();
  return {
    create,
    draft: (requestId: string) =>
      create.mutate(requestId, {
        onSuccess: (w) => void navigate(`/work-orders/${w.id}`),
        onError: (e) => {
          const existing = isApiError(e) && e.code === 'CONFLICT' ? e.details['workOrderId'] : undefined;
          if (typeof existing === 'string') void navigate(`/work-orders/${existing}`);
        },
      }),
  };
}

const requestLabel = (
  request: Pick<ServiceRequest, 'kind' | 'severity' | 'incidentType' | 'catalogItemName'>,
): string =>
  request.kind === 'emergency'
    ? `${request.severity ?? ''} ${(request.incidentType ?? 'incident').replace(/_/g, ' ')}`.trim()
    : (request.catalogItemName ?? 'Proactive service');

/** "Draft a work order" from the list: choose one of the requests that can get one (received, scoping, drafting). */
export function DraftWorkOrderDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const requests = useDraftableRequests(opened);
  const { create, draft } = useDraftAndOpen();
  return (
    <Modal
      opened={opened}
      onClose={() => {
        create.reset();
        onClose();
      }}
      title="Draft a work order"
      size="lg"
    >
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          Choose the request. The draft is prefilled from it, its service (emergencies from the emergency template) and
          the contract.
        </Text>
        {create.error && !(isApiError(create.error) && create.error.code === 'CONFLICT') ? (
          <ErrorAlert error={create.error} title="Could not draft the work order" />
        ) : null}
        {requests.isPending ? (
          <CardsSkeleton count={2} />
        ) : requests.error ? (
          <ErrorAlert
            error={requests.error}
            title="Could not load the requests"
            onRetry={() => void requests.refetch()}
          />
        ) : requests.data.length === 0 ? (
          <EmptyState
            bare
            size="sm"
            title="No request awaits a work order"
            description="Requests that are received, being scoped or being drafted appear here."
          />
        ) : (
          <Stack gap={6} role="list" aria-label="Requests">
            {requests.data.map((r) => (
              <UnstyledButton
                key={r.id}
                role="listitem"
                onClick={() => draft(r.id)}
                disabled={create.isPending}
                aria-label={`Draft a work order for ${r.customerName}: ${requestLabel(r)}`}
                style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8, padding: '10px 12px' }}
              >
                <Group justify="space-between" wrap="nowrap">
                  <Stack gap={0}>
                    <Text fw={600} size="sm">
                      {r.customerName}: {requestLabel(r)}
                    </Text>
                    <Text size="xs" c="dimmed">
                      Received <DateTime value={r.receivedAt} /> · {r.contractNumber}
                    </Text>
                  </Stack>
                  <Group gap={6} wrap="nowrap">
                    {r.kind === 'emergency' ? (
                      <Badge color="red" variant="light" tt="none">
                        Emergency
                      </Badge>
                    ) : null}
                    <StatusBadge status={r.status} />
                  </Group>
                </Group>
              </UnstyledButton>
            ))}
          </Stack>
        )}
      </Stack>
    </Modal>
  );
}
