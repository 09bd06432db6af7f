import { Alert, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { Quantity } from '../../api/types.ts';
import { DateTime } from '../../components/DateTime.tsx';
import { QuantityText } from '../../components/QuantityText.tsx';
import { ConsumptionBar } from './EngagementParts.tsx';
import { isOpenEngagement, pricingModeLabels } from './engagements.labels.ts';
import type { Engagement, EngagementClosing } from './engagements.types.ts';

/** One figure: a label, the value, and a line saying what it means. */
export function Figure({
  label,
  value,
  help,
  testId,
}: {
  label: string;
  value: ReactNode;
  help?: ReactNode;
  testId?: string;
}) {
  return (
    <Stack gap={2} data-figure={testId ?? label}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fw={600} fz="lg">
        {value}
      </Text>
      {help ? (
        <Text size="xs" c="dimmed">
          {help}
        </Text>
      ) : null}
    </Stack>
  );
}

const quantityText = (value: Quantity) => <QuantityText value={value} />;

/** Estimate, reservation, consumption, held effort and the minimum: the figures an IR manager watches. */
export function FiguresCard({ engagement: e }: { engagement: Engagement }) {
  const fixed = e.pricingMode === 'fixed';
  return (
    <Card component="section" aria-labelledby="figures-heading" h="100%">
      <Group justify="space-between" mb="sm">
        <Title order={2} fz="h4" id="figures-heading">
          Figures
        </Title>
        <Text size="sm" c="dimmed">
          {pricingModeLabels[e.pricingMode]}
        </Text>
      </Group>
      <Stack gap="md">
        <ConsumptionBar consumed={e.consumed} estimate={e.estimate} label="Consumed of the estimate" size="md" />
        <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="md" verticalSpacing="md">
          <Figure
            label="Estimate"
            value={quantityText(e.estimate)}
            help={<>Held past {quantityText(e.estimateLimit)} (estimate + tolerance)</>}
          />
          <Figure label="Reserved" value={quantityText(e.reserved)} help="Still held for this work on the retainer" />
          <Figure
            label="Consumed"
            value={quantityText(e.consumed)}
            help={`${e.percentOfEstimate.toLocaleString(undefined, { maximumFractionDigits: 1 })} % of the estimate`}
          />
          <Figure
            label="Held"
            value={quantityText(e.held)}
            help={
              e.held.amount > 0
                ? 'Effort past the estimate, waiting for a change order'
                : 'Nothing waiting for a change order'
            }
          />
          <Figure
            label="Minimum billable"
            value={quantityText(e.minimumBillable)}
            help="Trued up at close when consumption is below it"
          />
          {fixed && e.fixedPrice ? (
            <Figure
              label="Fixed price"
              value={quantityText(e.fixedPrice)}
              help="Consumed when the engagement closes; effort is recorded, not drawn"
            />
          ) : (
            <Figure label="Pricing" value="Time and materials" help="Billable effort is drawn as it is logged" />
          )}
        </SimpleGrid>
        {e.held.amount > 0 && isOpenEngagement(e.status) ? (
          <Alert color="orange" variant="light" title="Effort is held">
            <Text size="sm">
              {quantityText(e.held)} of billable effort went past the estimate plus tolerance. It is recorded but not
              drawn; an approved change order posts it. Held effort still unbilled at close is written off.
            </Text>
          </Alert>
        ) : null}
      </Stack>
    </Card>
  );
}

/** What the close (or cancel) posted, kept on the engagement. */
export function ClosingSummary({ closing: c }: { closing: EngagementClosing }) {
  const closed = c.operation === 'close';
  return (
    <Alert
      color="gray"
      variant="light"
      icon={<IconLock size={18} aria-hidden />}
      title={closed ? 'Closed' : 'Cancelled'}
      role="status"
    >
      <Stack gap="xs">
        <Text size="sm">
          {closed ? 'Closed' : 'Cancelled'} <DateTime value={c.at} />
          {c.by ? ` by ${c.by}` : ''}. It takes no more effort; a later correction is a contract adjustment with a
          reason.
          {c.reason ? ` Reason: ${c.reason}` : ''}
        </Text>
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="md">
          {c.fixedPrice.amount > 0 ? <Figure label="Fixed price consumed" value={quantityText(c.fixedPrice)} /> : null}
          {c.changeOrders.map((co) => (
            <Figure key={co.number} label={`Change order ${co.number}`} value={quantityText(co.amount)} />
          ))}
          <Figure
            label="Minimum true-up"
            value={quantityText(c.trueUp)}
            help={
              c.waived
                ? `Shortfall of ${c.shortfall.display} waived by ${c.waived.by}: ${c.waived.reason}`
                : c.shortfall.amount > 0
                  ? 'The shortfall below the minimum'
                  : 'Consumption reached the minimum'
            }
          />
          <Figure
            label="Held effort written off"
            value={quantityText(c.writtenOff)}
            help={
              c.writtenOffEntries ? `${c.writtenOffEntries} ${c.writtenOffEntries === 1 ? 'entry' : 'entries'}` : 'None'
            }
          />
          <Figure
            label="Released"
            testId="released"
            value={quantityText(c.released)}
            help={
              c.expired.amount > 0
                ? `${c.expired.display} of it expired at once (the contract had expired)`
                : 'Back in the available balance'
            }
          />
        </SimpleGrid>
      </Stack>
    </Alert>
  );
}
