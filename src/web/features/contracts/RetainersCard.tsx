import { Anchor, Card, Group, Progress, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconScale } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { Contract } from '../../api/types.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { QuantityText } from '../../components/QuantityText.tsx';
import { useBalance, useContracts } from './contracts.api.ts';

const SHOWN = 5;

function Row({ contract }: { contract: Contract }) {
  const query = useBalance(contract.id);
  const balance = query.data;
  return (
    <div>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Anchor component={Link} to={`/contracts/${contract.id}`} size="sm" fw={600} truncate>
          {contract.customerName}
        </Anchor>
        {balance ? (
          <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
            <QuantityText value={balance.available} />
          </Text>
        ) : (
          <Skeleton height={14} width={60} />
        )}
      </Group>
      {balance ? (
        <>
          <Progress
            value={Math.min(100, balance.percentConsumed)}
            size="xs"
            mt={4}
            color={balance.percentConsumed >= 90 ? 'red' : balance.percentConsumed >= 75 ? 'orange' : 'brand'}
            aria-label={`${contract.number}: ${Math.round(balance.percentConsumed)}% consumed`}
          />
          <Text size="xs" c="dimmed" mt={2}>
            {contract.number} · {Math.round(balance.percentConsumed)}% consumed · {balance.daysLeft} days left
          </Text>
        </>
      ) : query.error ? (
        <Text size="xs" c="red.8">
          Balance not available
        </Text>
      ) : null}
    </div>
  );
}

/** Dashboard: active retainers with what is available, how much is consumed and the days left in the term. */
export function RetainersCard() {
  const list = useContracts({ status: 'active' });
  const items = list.items.slice(0, SHOWN);
  return (
    <Card h="100%">
      <Group justify="space-between" mb="sm">
        <Title order={2} fz="h4">
          Retainers
        </Title>
        <Anchor component={Link} to="/customers" size="sm">
          Customers
        </Anchor>
      </Group>
      {list.error ? (
        <ErrorAlert error={list.error} title="Could not load the retainers" onRetry={list.refetch} />
      ) : null}
      {list.isPending ? <Skeleton height={60} /> : null}
      {!list.isPending && !list.error && items.length === 0 ? (
        <EmptyState
          bare
          size="sm"
          icon={<IconScale size={22} stroke={1.5} aria-hidden />}
          title="No active retainers"
          description="Active retainers, their balances and term ends will be summarised here."
        />
      ) : null}
      {items.length ? (
        <Stack gap="sm">
          {items.map((c) => (
            <Row key={c.id} contract={c} />
          ))}
          {list.items.length > SHOWN || list.hasMore ? (
            <Text size="xs" c="dimmed">
              and more: see each customer&apos;s contracts.
            </Text>
          ) : null}
        </Stack>
      ) : null}
    </Card>
  );
}
