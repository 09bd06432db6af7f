import { Anchor, Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { IconChecklist } from '@tabler/icons-react';
import { Link } from 'react-router';
import { DateTime } from '../../components/DateTime.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { CardsSkeleton } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QuantityText } from '../../components/QuantityText.tsx';
import { usePendingApprovals } from './approvals.api.ts';

/** The portal's list of work orders and change orders awaiting a decision, soonest deadline first. */
export function PortalApprovalsPage() {
  const query = usePendingApprovals();
  return (
    <>
      <PageHeader
        title="Approvals"
        description="Work orders and change orders your IR firm asks your organisation to approve."
      />
      {query.isPending ? (
        <CardsSkeleton count={2} />
      ) : query.error ? (
        <ErrorAlert error={query.error} title="Approvals could not be loaded" onRetry={() => void query.refetch()} />
      ) : query.data.items.length === 0 ? (
        <EmptyState
          icon={<IconChecklist size={28} stroke={1.5} aria-hidden />}
          title="Nothing awaits a decision"
          description="When your IR firm sends a work order or a change order, it appears here and in your email."
        />
      ) : (
        <Stack gap="sm">
          {query.data.items.map((a) => (
            <Paper key={a.id} withBorder p="md" radius="md">
              <Group justify="space-between" align="flex-start" wrap="wrap">
                <Stack gap={2}>
                  <Anchor component={Link} to={`/portal/approvals/${a.subject}/${a.id}`} fw={600} fz="lg">
                    {a.title}
                  </Anchor>
                  <Text size="sm" c="dimmed">
                    {a.subject === 'work_order'
                      ? `Work order ${a.number}, version ${a.version}`
                      : `Change order ${a.number}`}{' '}
                    · decide by <DateTime value={a.approvalDeadline} />
                  </Text>
                </Stack>
                <Stack gap={2} align="flex-end">
                  <Text fw={700} fz="lg">
                    <QuantityText value={a.units} />
                  </Text>
                  {a.balance?.refused ? (
                    <Badge color="orange" variant="light" tt="none">
                      Needs a top-up
                    </Badge>
                  ) : a.balance ? (
                    <Text size="xs" c="dimmed">
                      left after: {a.balance.availableAfter.display}
                    </Text>
                  ) : null}
                </Stack>
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
    </>
  );
}
