import { Anchor, Card, Group, SimpleGrid, Skeleton, Text, Title } from '@mantine/core';
import { IconLifebuoy } from '@tabler/icons-react';
import { Link } from 'react-router';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useRequests, useRequestsRefresh } from './requests.api.ts';
import { openStatuses } from './requests.labels.ts';

const OPEN = openStatuses.join(',');

function Figure({ label, value, color, to }: { label: string; value: string; color?: string; to: string }) {
  return (
    <Anchor component={Link} to={to} underline="never" c="inherit">
      <Text fz={28} fw={700} lh={1.1} c={color}>
        {value}
      </Text>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
    </Anchor>
  );
}

/** Dashboard: open requests, how many are emergencies, and how many SLA targets are at risk or breached right now. */
export function OpenRequestsCard() {
  const list = useRequests({ status: OPEN });
  useRequestsRefresh();
  const items = list.items;
  const more = list.hasMore ? '+' : '';
  const count = (pred: (r: (typeof items)[number]) => boolean) => `${items.filter(pred).length}${more}`;
  return (
    <Card h="100%">
      <Group justify="space-between" mb="sm">
        <Title order={2} fz="h4">
          Open requests
        </Title>
        <Anchor component={Link} to="/requests" size="sm">
          Board
        </Anchor>
      </Group>
      {list.error ? <ErrorAlert error={list.error} title="Could not load the requests" onRetry={list.refetch} /> : null}
      {list.isPending ? <Skeleton height={60} /> : null}
      {!list.isPending && !list.error && items.length === 0 ? (
        <EmptyState
          bare
          size="sm"
          icon={<IconLifebuoy size={22} stroke={1.5} aria-hidden />}
          title="No open requests"
          description="New and in-scoping requests, with their SLA clocks, will be listed here."
        />
      ) : null}
      {items.length ? (
        <SimpleGrid cols={2} spacing="md" verticalSpacing="md">
          <Figure label="open" value={`${items.length}${more}`} to="/requests" />
          <Figure label="emergencies" value={count((r) => r.kind === 'emergency')} to="/requests?kind=emergency" />
          <Figure
            label="SLA at risk"
            value={count((r) => r.slaStatus === 'at_risk')}
            color="orange.8"
            to="/requests?slaStatus=at_risk"
          />
          <Figure
            label="SLA breached"
            value={count((r) => r.slaStatus === 'breached')}
            color="red.8"
            to="/requests?slaStatus=breached"
          />
        </SimpleGrid>
      ) : null}
    </Card>
  );
}
