import { Alert, Card, Divider, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { QuantityText } from '../../components/QuantityText.tsx';
import type { BalanceImpact, Quantity } from './workorders.types.ts';

function Row({
  label,
  value,
  strong,
  tone,
  testId,
}: {
  label: string;
  value: Quantity;
  strong?: boolean;
  tone?: 'red';
  testId?: string;
}) {
  return (
    <Group justify="space-between" wrap="nowrap" gap="sm">
      <Text size="sm" c={tone === 'red' ? 'red.8' : 'dimmed'} fw={strong ? 600 : undefined}>
        {label}
      </Text>
      <Text
        fz={strong ? 'lg' : 'md'}
        fw={strong ? 700 : 600}
        style={{ whiteSpace: 'nowrap' }}
        c={tone === 'red' ? 'red.8' : undefined}
        data-testid={testId}
      >
        <QuantityText value={value} negativeColor={false} />
      </Text>
    </Group>
  );
}

/**
 * What approval would do to the retainer, as the server computed it: available now, the change, what is
 * left after and whether the contract's overdraft policy would refuse it (red when it would).
 */
export function BalanceImpactView({
  impact,
  contractNumber,
  changeLabel = 'Less this reservation',
}: {
  impact: BalanceImpact;
  contractNumber: string;
  changeLabel?: string;
}) {
  const refused = impact.refused;
  return (
    <Stack gap={6} aria-label={`Balance impact on ${contractNumber}`} role="group">
      <Row label={`Available now (${contractNumber})`} value={impact.availableBefore} testId="impact-before" />
      <Row label={changeLabel} value={impact.change} />
      <Row
        label="Available after"
        value={impact.availableAfter}
        strong
        tone={refused || impact.availableAfter.amount < 0 ? 'red' : undefined}
        testId="impact-after"
      />
      <Text size="xs" c="dimmed">
        Overdraft policy: {impact.overdraftPolicy}
      </Text>
      {refused ? (
        <Alert
          color="red"
          variant="light"
          icon={<IconAlertTriangle size={18} aria-hidden />}
          title="Approval would be refused"
          p="xs"
        >
          <Text size="sm">
            {impact.shortfall ? (
              <>
                <QuantityText value={impact.shortfall} negativeColor={false} /> short
              </>
            ) : (
              'Not enough units'
            )}{' '}
            under the overdraft policy. Ask the account manager for a top-up before the customer approves; sending is
            still possible.
          </Text>
        </Alert>
      ) : null}
    </Stack>
  );
}

/**
 * The figures card beside the editor: estimate, what approval reserves, the balance impact, and whether
 * they reflect what is on screen (`status`, e.g. "Saving…" while a change is on its way).
 */
export function ImpactCard({
  title = 'Estimate and balance',
  figures,
  impact,
  contractNumber,
  changeLabel,
  status,
  updating,
  children,
}: {
  title?: string;
  changeLabel?: string;
  figures: { label: string; value: Quantity; strong?: boolean }[];
  impact: BalanceImpact | null;
  contractNumber: string;
  status?: ReactNode;
  updating?: boolean;
  children?: ReactNode;
}) {
  return (
    <Card component="section" aria-labelledby="impact-heading" withBorder>
      <Group justify="space-between" mb="sm" wrap="nowrap">
        <Title order={2} fz="h4" id="impact-heading">
          {title}
        </Title>
        {updating ? <Loader size="xs" aria-label="Updating the figures" /> : null}
      </Group>
      <Stack
        gap={6}
        style={{ opacity: updating ? 0.6 : 1, transition: 'opacity 120ms' }}
        aria-busy={updating || undefined}
        aria-live="polite"
      >
        {figures.map((f) => (
          <Row
            key={f.label}
            label={f.label}
            value={f.value}
            strong={f.strong}
            testId={f.strong ? 'reservation' : undefined}
          />
        ))}
        {impact ? (
          <>
            <Divider my={4} />
            <BalanceImpactView
              impact={impact}
              contractNumber={contractNumber}
              {...(changeLabel ? { changeLabel } : {})}
            />
          </>
        ) : null}
      </Stack>
      {status ? (
        <Text size="xs" c="dimmed" mt="sm" role="status">
          {status}
        </Text>
      ) : null}
      {children}
    </Card>
  );
}
