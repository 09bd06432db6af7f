import { Anchor, Badge, Box, Flex, Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { TableSkeleton } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { BackLink } from '../requests/FormFooter.tsx';
import type { WorkOrderDoc } from './document.ts';
import { VersionHistory } from './VersionHistory.tsx';
import { useWorkOrderVersions } from './workorders.api.ts';
import { statusHints, versionStatusColors } from './workorders.labels.ts';
import type { WorkOrder } from './workorders.types.ts';

/** The page's main column and, beside it from medium screens on (above it on small ones), a narrow column of figures that stays in view. */
export function WithSide({
  side,
  sticky = true,
  children,
}: {
  side: ReactNode;
  sticky?: boolean;
  children: ReactNode;
}) {
  return (
    <Flex direction={{ base: 'column', md: 'row-reverse' }} gap="md" align={{ base: 'stretch', md: 'flex-start' }}>
      <Box
        w={{ base: '100%', md: 320 }}
        pos={sticky ? { base: 'static', md: 'sticky' } : undefined}
        top={76}
        style={{ flexShrink: 0 }}
      >
        {side}
      </Box>
      <Box style={{ flex: 1, minWidth: 0 }}>{children}</Box>
    </Flex>
  );
}

/** The page's header: number and title, status, version, customer and request; the actions of the state. */
export function Header({ w, actions, readOnly }: { w: WorkOrder; actions?: ReactNode; readOnly?: boolean }) {
  return (
    <>
      <BackLink to="/work-orders">Work orders</BackLink>
      <PageHeader title={`${w.number}: ${w.title}`} actions={actions} />
      <Stack gap={4} mt={-12} mb="lg">
        <Group gap="xs">
          <StatusBadge status={w.status} colors={versionStatusColors} />
          <Badge variant="outline" color="gray" tt="none">
            Version {w.version}
          </Badge>
          {w.kind === 'emergency' ? (
            <Badge color="red" variant="light" tt="none">
              Emergency{w.severity ? ` ${w.severity}` : ''}
            </Badge>
          ) : (
            <Badge variant="light" tt="none">
              Proactive
            </Badge>
          )}
          <Text span size="sm" c="dimmed">
            {w.customerName} · retainer {w.contractNumber} ·{' '}
            <Anchor component={Link} to={`/requests/${w.requestId}`} size="sm">
              request
            </Anchor>
          </Text>
        </Group>
        <Text size="sm" c="dimmed">
          {readOnly && w.status === 'draft'
            ? 'Draft: an IR manager is writing it. This is what sending it now would freeze.'
            : statusHints[w.status]}
        </Text>
      </Stack>
    </>
  );
}

/** The figures of a work order beside it: fixed price, estimate, minimum billable, reservation. */
export const figuresOf = (workOrder: WorkOrder) => [
  ...(workOrder.pricingMode === 'fixed' && workOrder.fixedPrice
    ? [{ label: 'Fixed price', value: workOrder.fixedPrice }]
    : []),
  { label: workOrder.pricingMode === 'fixed' ? 'Effort estimate' : 'Estimate', value: workOrder.estimate.total },
  { label: 'Minimum billable', value: workOrder.minimumBillable },
  { label: 'Reserved on approval', value: workOrder.reservation, strong: true },
];

/** The Versions tab: the version history, or its loading and error states. */
export function Versions({ w, draftDoc }: { w: WorkOrder; draftDoc: WorkOrderDoc | null }) {
  const versions = useWorkOrderVersions(w.id);
  if (versions.error)
    return (
      <ErrorAlert error={versions.error} title="Could not load the versions" onRetry={() => void versions.refetch()} />
    );
  if (!versions.data) return <TableSkeleton columns={6} rows={2} />;
  return <VersionHistory workOrderId={w.id} versions={versions.data} draftDoc={draftDoc} />;
}
