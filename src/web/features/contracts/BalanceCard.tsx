import {
  Badge,
  Box,
  Card,
  Collapse,
  Group,
  Progress,
  SimpleGrid,
  Skeleton,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconAlertTriangle, IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { Balance, Quantity } from '../../api/types.ts';
import { CalendarDate } from '../../components/DateTime.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { QuantityText } from '../../components/QuantityText.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { contractStatusColors } from './contract-labels.ts';
import { useBalance } from './contracts.api.ts';

function Stat({
  label,
  children,
  hint,
  testId,
}: {
  label: string;
  children: ReactNode;
  hint?: ReactNode;
  testId?: string;
}) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase" lts={0.3}>
        {label}
      </Text>
      <Text component="div" size="lg" fw={600} data-testid={testId}>
        {children}
      </Text>
      {hint ? (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      ) : null}
    </div>
  );
}

const daysLeftText = (balance: Balance): string =>
  balance.status === 'expired' || balance.status === 'terminated'
    ? `Term ${balance.status === 'expired' ? 'ended' : 'terminated'}`
    : balance.daysLeft === 0
      ? 'Last day of the term'
      : `${balance.daysLeft} ${balance.daysLeft === 1 ? 'day' : 'days'} left`;

/** The colour of the consumption bar: calm below 75 %, amber to 90 %, red beyond. */
const consumedColor = (pct: number) => (pct >= 90 ? 'red' : pct >= 75 ? 'orange' : 'brand');

function Breakdown({ b }: { b: Balance }) {
  const rows: [string, Quantity, boolean][] = [
    ['Granted', b.granted, true],
    ['Topped up', b.toppedUp, true],
    ['Rolled over in', b.rolledOverIn, true],
    ['Adjusted', b.adjusted, true],
    ['Consumed', b.consumed, false],
    ['Minimum true-ups', b.minimumTrueUps, false],
    ['Expired', b.expired, false],
    ['Rolled over out', b.rolledOverOut, false],
  ];
  return (
    <Box component="dl" m={0} aria-label="How the balance adds up">
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" verticalSpacing="xs">
        {rows.map(([label, q, adds]) => (
          <div key={label}>
            <Text component="dt" size="xs" c="dimmed">
              {adds ? '+' : '−'} {label}
            </Text>
            <Text component="dd" m={0} size="sm" fw={500}>
              <QuantityText value={q} />
            </Text>
          </div>
        ))}
      </SimpleGrid>
    </Box>
  );
}

/** The four figures under the bar: consumed, reserved, burn rate, and when the balance runs out at that rate. */
function BalanceStats({ b }: { b: Balance }) {
  const runsOutEarly = b.forecastDepletionDate !== null && b.forecastDepletionDate < b.termEnd && b.status === 'active';
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="lg" mt="lg">
      <Stat label="Consumed" testId="balance-consumed">
        <QuantityText value={b.consumed} />
      </Stat>
      <Stat label="Reserved" testId="balance-reserved">
        <QuantityText value={b.reserved} />
      </Stat>
      <Stat label="Burn rate" hint="per month, last 90 days">
        <QuantityText value={b.burnRatePerMonth} />
      </Stat>
      <Stat
        label="Runs out"
        hint={
          b.forecastDepletionDate === null
            ? 'no consumption yet'
            : runsOutEarly
              ? 'before the term ends, at this rate'
              : 'at the current burn rate'
        }
      >
        {b.forecastDepletionDate === null ? (
          'Not forecast'
        ) : (
          <Group gap={6} wrap="nowrap" c={runsOutEarly ? 'orange' : undefined}>
            {runsOutEarly ? <IconAlertTriangle size={18} aria-label="Warning" /> : null}
            <CalendarDate value={b.forecastDepletionDate} />
          </Group>
        )}
      </Stat>
    </SimpleGrid>
  );
}

/**
 * The answer to "how much do we have left?": available first and large, then balance, reserved and
 * consumption, the term end with the days left, the burn rate and when the balance runs out at that
 * rate. Every figure is the server's display string.
 */
export function BalanceView({
  b,
  heading,
  headingAction,
}: {
  b: Balance;
  heading?: ReactNode;
  headingAction?: ReactNode;
}) {
  const [open, { toggle }] = useDisclosure(false);
  return (
    <Card aria-label={`Balance of contract ${b.contractNumber}`} component="section">
      <Group justify="space-between" align="flex-start" mb="md" wrap="wrap" gap="xs">
        <Group gap="sm">
          {heading ?? (
            <Title order={2} fz="h4">
              Balance
            </Title>
          )}
          <StatusBadge status={b.status} colors={contractStatusColors} />
        </Group>
        {headingAction}
      </Group>
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="lg">
        <div>
          <Text size="sm" c="dimmed" fw={500}>
            Available
          </Text>
          <Text
            fz={44}
            fw={700}
            lh={1.1}
            data-testid="balance-available"
            c={b.available.amount < 0 ? 'red' : undefined}
          >
            <QuantityText value={b.available} negativeColor={false} />
          </Text>
          <Text size="sm" c="dimmed" mt={4}>
            Balance <QuantityText value={b.balance} />
            {b.reserved.amount ? (
              <>
                , of which <QuantityText value={b.reserved} /> reserved for approved work
              </>
            ) : (
              '; nothing reserved for approved work'
            )}
          </Text>
        </div>
        <Group gap="xs" wrap="wrap">
          <Text size="sm" c="dimmed">
            Term ends{' '}
            <Text span fw={600} c="var(--mantine-color-text)">
              <CalendarDate value={b.termEnd} />
            </Text>
          </Text>
          <Badge
            size="lg"
            variant="light"
            color={b.status === 'active' ? (b.daysLeft <= 30 ? 'orange' : 'brand') : 'gray'}
            tt="none"
            data-testid="balance-days-left"
          >
            {daysLeftText(b)}
          </Badge>
        </Group>
      </Group>

      <Box mt="lg">
        <Group justify="space-between" mb={6}>
          <Text size="sm" fw={500}>
            {b.percentConsumed.toFixed(b.percentConsumed % 1 ? 1 : 0)}% consumed
          </Text>
          <Text size="xs" c="dimmed">
            Term <CalendarDate value={b.termStart} /> – <CalendarDate value={b.termEnd} />
          </Text>
        </Group>
        <Progress
          value={Math.min(100, b.percentConsumed)}
          color={consumedColor(b.percentConsumed)}
          size="lg"
          radius="xl"
          aria-label="Share of the retainer consumed"
        />
      </Box>

      <BalanceStats b={b} />

      <UnstyledButton
        onClick={toggle}
        mt="lg"
        aria-expanded={open}
        aria-controls={`breakdown-${b.contractId}`}
        c="brand.7"
        fz="sm"
        fw={500}
      >
        <Group gap={4}>
          {open ? <IconChevronDown size={16} aria-hidden /> : <IconChevronRight size={16} aria-hidden />}How the balance
          adds up
        </Group>
      </UnstyledButton>
      <Collapse expanded={open} id={`breakdown-${b.contractId}`}>
        <Box pt="sm">
          <Breakdown b={b} />
        </Box>
      </Collapse>
    </Card>
  );
}

/** A balance card placeholder of the same shape. */
export function BalanceSkeleton() {
  return (
    <Card aria-busy="true" aria-label="Loading the balance">
      <Skeleton height={20} width={120} mb="md" />
      <Skeleton height={44} width={220} mb="xs" />
      <Skeleton height={14} width="60%" mb="lg" />
      <Skeleton height={12} mb="lg" />
      <SimpleGrid cols={4}>
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} height={40} />
        ))}
      </SimpleGrid>
    </Card>
  );
}

/** GET /contracts/{id}/balance as a card, with its loading and error states. */
export function BalanceCard({
  contractId,
  heading,
  headingAction,
}: {
  contractId: string;
  heading?: ReactNode;
  headingAction?: ReactNode;
}) {
  const query = useBalance(contractId);
  if (query.error)
    return <ErrorAlert error={query.error} title="Could not load the balance" onRetry={() => void query.refetch()} />;
  if (query.isPending) return <BalanceSkeleton />;
  return <BalanceView b={query.data} heading={heading} headingAction={headingAction} />;
}
