import { Badge, Card, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { useParams } from 'react-router';
import { quantity } from '../../../../shared/units.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { QuantityText } from '../../../components/QuantityText.tsx';
import { DetailStates } from '../../customers/FormParts.tsx';
import { DeliverablesSection } from '../../deliverables/DeliverablesSection.tsx';
import { BurnChart } from '../../engagements/BurnChart.tsx';
import { ConsumptionBar, EngagementStatusBadge, PlannedDays } from '../../engagements/EngagementParts.tsx';
import { useEngagement } from '../../engagements/engagements.api.ts';
import { pricingModeLabels } from '../../engagements/engagements.labels.ts';
import type { Engagement } from '../../engagements/engagements.types.ts';
import { ExpensesSection } from '../../expenses/ExpensesSection.tsx';
import { BackLink } from '../../requests/FormFooter.tsx';
import { localToday } from '../../timesheet/sheet.ts';
import { EffortByActivity } from './EffortByActivity.tsx';

/** Estimate, consumed, what is left, held effort and what closing did, as the customer reads them. */
function FiguresCard({ engagement: e }: { engagement: Engagement }) {
  const left = e.estimate.amount - e.consumed.amount;
  return (
    <Card component="section" aria-labelledby="figures-heading">
      <Title order={2} fz="h4" id="figures-heading" mb="sm">
        Estimate and consumption
      </Title>
      <Stack gap="md">
        <ConsumptionBar
          consumed={e.consumed}
          estimate={e.estimate}
          label={`Consumed of the estimate of ${e.title}`}
          size="md"
        />
        <Group gap="xl" wrap="wrap">
          <Stack gap={0}>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              Estimate
            </Text>
            <Text fw={700}>
              <QuantityText value={e.estimate} />
            </Text>
          </Stack>
          <Stack gap={0}>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              Consumed
            </Text>
            <Text fw={700}>
              <QuantityText value={e.consumed} />
            </Text>
          </Stack>
          <Stack gap={0}>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              {left < 0 ? 'Over the estimate' : 'Left of the estimate'}
            </Text>
            <Text fw={700} c={left < 0 ? 'red.8' : undefined}>
              {quantity(Math.abs(left), e.estimate.unit).display}
            </Text>
          </Stack>
          {e.held.amount > 0 ? (
            <Stack gap={0}>
              <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                Held
              </Text>
              <Text fw={700} c="orange.9">
                <QuantityText value={e.held} />
              </Text>
            </Stack>
          ) : null}
        </Group>
        <Text size="xs" c="dimmed">
          {e.pricingMode === 'fixed'
            ? `Fixed price${e.fixedPrice ? ` of ${e.fixedPrice.display}` : ''}: it is drawn from your retainer when the engagement closes.`
            : 'Time and materials: approved work draws your retainer down as it is logged.'}
          {e.minimumBillable.amount > 0 ? ` The minimum billable effort is ${e.minimumBillable.display}.` : ''}
          {e.held.amount > 0
            ? ' Held effort is past the estimate plus tolerance: it is not drawn unless your point of contact approves a change order.'
            : ''}
        </Text>
        {e.closing ? (
          <Text size="sm">
            {e.closing.operation === 'close' ? 'Closed' : 'Cancelled'}:{' '}
            {e.closing.fixedPrice.amount ? `fixed price ${e.closing.fixedPrice.display}, ` : ''}
            {e.closing.changeOrders.map((co) => `change order ${co.number} ${co.amount.display}, `).join('')}
            {e.closing.trueUp.amount ? `minimum true-up ${e.closing.trueUp.display}, ` : ''}
            {e.closing.writtenOff.amount
              ? `${e.closing.writtenOff.display} of held effort written off (not billed), `
              : ''}
            {e.closing.released.display} released back to your available balance.
          </Text>
        ) : null}
      </Stack>
    </Card>
  );
}

function EngagementView({ engagement: e, back }: { engagement: Engagement; back: React.ReactNode }) {
  return (
    <>
      {back}
      <PageHeader
        title={e.title}
        description={
          <Group gap="xs" component="span" wrap="wrap">
            <EngagementStatusBadge status={e.status} inline />
            <Badge component="span" variant="outline" color={e.kind === 'emergency' ? 'red' : 'blue'} tt="none">
              {e.kind === 'emergency' ? 'Emergency' : 'Proactive'}
            </Badge>
            <Text span size="sm">
              {e.number} · {pricingModeLabels[e.pricingMode]} · retainer {e.contractNumber}
            </Text>
          </Group>
        }
      />
      <Stack gap="lg">
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, lg: 5 }}>
            <Stack gap="lg">
              <FiguresCard engagement={e} />
              <Card component="section" aria-labelledby="planned-heading">
                <Title order={2} fz="h4" id="planned-heading" mb="xs">
                  Planned
                </Title>
                <PlannedDays start={e.plannedStart} end={e.plannedEnd} />
                {e.team.length ? (
                  <Text size="sm" c="dimmed" mt={4}>
                    Team: {e.team.map((m) => m.name).join(', ')}
                  </Text>
                ) : null}
              </Card>
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 7 }}>
            <BurnChart engagement={e} today={localToday()} timeZone={undefined} />
          </Grid.Col>
        </Grid>
        <EffortByActivity engagementId={e.id} />
        <DeliverablesSection engagementId={e.id} />
        <ExpensesSection engagementId={e.id} />
      </Stack>
    </>
  );
}

/** Portal → one engagement: consumed vs estimate over time, effort by activity, deliverables, approved expenses. */
export function PortalEngagementPage() {
  const { id = '' } = useParams();
  const query = useEngagement(id);
  const back = <BackLink to="/portal/engagements">Engagements</BackLink>;
  return (
    <DetailStates query={query} back={back} home="/portal/engagements" errorTitle="Could not load the engagement">
      {(e) => <EngagementView engagement={e} back={back} />}
    </DetailStates>
  );
}
