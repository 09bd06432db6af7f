import { Alert, Anchor, Badge, Button, Card, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { IconLock, IconPlayerPause, IconX } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { useSession } from '../../app/session.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RateCardCard } from '../../components/RateCardCard.tsx';
import { useCustomer } from '../customers/customers.api.ts';
import { DetailStates } from '../customers/FormParts.tsx';
import { DeliverablesSection } from '../deliverables/DeliverablesSection.tsx';
import { ExpensesSection } from '../expenses/ExpensesSection.tsx';
import { BackLink } from '../requests/FormFooter.tsx';
import { readerTimeZone } from '../requests/format.ts';
import { ChangeOrdersList } from '../workorders/ChangeOrders.tsx';
import { BurnChart } from './BurnChart.tsx';
import { ClosingDialog, type ClosingOperation } from './CloseDialog.tsx';
import { EffortSection } from './EffortSection.tsx';
import { PlanDatesButton, StatusMoveButtons } from './EngagementActions.tsx';
import { EngagementStatusBadge, PlannedRange } from './EngagementParts.tsx';
import { ClosingSummary, FiguresCard } from './FiguresCard.tsx';
import { engagementManagerRoles } from '../../../shared/engagements.ts';
import { TeamCard } from './TeamCard.tsx';
import { BookingsCard } from './BookingsCard.tsx';
import { LocationButton } from './LocationButton.tsx';
import { EngagementSuggestionsCard } from '../staffing-suggest/SuggestionsCard.tsx';
import { todayIn } from './effort-form.ts';
import { useEngagement } from './engagements.api.ts';
import { canCancel, canClose, deliveryModeLabels, isOpenEngagement } from './engagements.labels.ts';
import type { Engagement } from './engagements.types.ts';

/** Roles that open the customer, contract and request pages, and read change orders. */
const officeRoles = ['admin', 'ir_manager', 'account_manager'] as const;

function Facts({ engagement: e, linked }: { engagement: Engagement; linked: boolean }) {
  const link = (to: string, label: string) =>
    linked ? (
      <Anchor component={Link} to={to} inherit>
        {label}
      </Anchor>
    ) : (
      label
    );
  return (
    <Group gap="xs" component="span" wrap="wrap">
      <EngagementStatusBadge status={e.status} inline />
      <Badge component="span" variant="outline" color={e.kind === 'emergency' ? 'red' : 'blue'} tt="none">
        {e.kind === 'emergency' ? 'Emergency' : 'Proactive'}
      </Badge>
      <Text span size="sm">
        {link(`/customers/${e.customerId}`, e.customerName)}
      </Text>
      <Text span size="sm" c="dimmed" aria-hidden>
        ·
      </Text>
      <Text span size="sm">
        Contract {link(`/contracts/${e.contractId}`, e.contractNumber)}
      </Text>
      {linked ? (
        <>
          <Text span size="sm" c="dimmed" aria-hidden>
            ·
          </Text>
          <Text span size="sm">
            {link(`/requests/${e.requestId}`, 'The request')}
          </Text>
        </>
      ) : null}
    </Group>
  );
}

function ScheduleCard({ engagement: e, canManage }: { engagement: Engagement; canManage: boolean }) {
  const open = isOpenEngagement(e.status);
  return (
    <Card component="section" aria-labelledby="schedule-heading" h="100%">
      <Group justify="space-between" mb="sm">
        <Title order={2} fz="h4" id="schedule-heading">
          Schedule
        </Title>
        {canManage && open ? (
          <Group gap="xs">
            <PlanDatesButton engagement={e} />
            <LocationButton engagement={e} />
          </Group>
        ) : null}
      </Group>
      <Stack gap="xs">
        <PlannedRange start={e.plannedStart} end={e.plannedEnd} />
        <Text size="sm">
          {deliveryModeLabels[e.deliveryMode]}
          {e.siteIds.length ? `, ${e.siteIds.length} ${e.siteIds.length === 1 ? 'site' : 'sites'}` : ''}
        </Text>
        <Text size="xs" c="dimmed">
          {e.scheduleSequence > 0 || e.plannedStart
            ? "The customer's approving contacts and the requester have a calendar invitation; changing the dates sends them an update. Consultants get an invitation with each booking."
            : "Setting the dates sends the customer's approving contacts and the requester a calendar invitation. Consultants get an invitation with each booking."}
        </Text>
      </Stack>
    </Card>
  );
}

function Actions({
  engagement: e,
  onOperation,
}: {
  engagement: Engagement;
  onOperation: (op: ClosingOperation) => void;
}) {
  return (
    <>
      <StatusMoveButtons engagement={e} />
      {canClose(e.status) ? (
        <Button variant="default" leftSection={<IconLock size={16} aria-hidden />} onClick={() => onOperation('close')}>
          Close…
        </Button>
      ) : null}
      {canCancel(e.status) ? (
        <Button
          variant="outline"
          color="red"
          leftSection={<IconX size={16} aria-hidden />}
          onClick={() => onOperation('cancel')}
        >
          Cancel engagement…
        </Button>
      ) : null}
    </>
  );
}

function EngagementView({ engagement: e, back }: { engagement: Engagement; back: ReactNode }) {
  const { user } = useSession();
  const canManage = (engagementManagerRoles as readonly string[]).includes(user.role);
  const linked = (officeRoles as readonly string[]).includes(user.role);
  const customer = useCustomer(e.customerId);
  const today = todayIn(customer.data?.timeZone ?? readerTimeZone());
  const [operation, setOperation] = useState<ClosingOperation | null>(null);

  return (
    <>
      {back}
      <PageHeader
        title={`${e.number}: ${e.title}`}
        description={<Facts engagement={e} linked={linked} />}
        actions={canManage ? <Actions engagement={e} onOperation={setOperation} /> : undefined}
      />
      <Stack gap="lg">
        {e.status === 'on_hold' ? (
          <Alert color="yellow" variant="light" icon={<IconPlayerPause size={18} aria-hidden />} title="On hold">
            <Text size="sm">
              {e.statusReason ?? 'No reason was given.'} Effort can still be logged;{' '}
              {canManage ? 'resume' : 'an IR manager resumes'} the engagement when work continues.
            </Text>
          </Alert>
        ) : null}
        {e.closing ? <ClosingSummary closing={e.closing} /> : null}
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, lg: 6 }}>
            <FiguresCard engagement={e} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 6 }}>
            <BurnChart engagement={e} today={customer.data ? today : undefined} timeZone={customer.data?.timeZone} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <ScheduleCard engagement={e} canManage={canManage} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 7 }}>
            <TeamCard engagement={e} canManage={canManage} />
          </Grid.Col>
          <Grid.Col span={12}>
            <BookingsCard engagementId={e.id} canManage={canManage} emergency={e.kind === 'emergency'} />
          </Grid.Col>
          <Grid.Col span={12}>
            <RateCardCard rateCard={e.rateCard} />
          </Grid.Col>
          {canManage && isOpenEngagement(e.status) ? (
            <Grid.Col span={12}>
              <EngagementSuggestionsCard engagementId={e.id} />
            </Grid.Col>
          ) : null}
        </Grid>
        <EffortSection engagement={e} today={today} />
        {linked ? <ChangeOrdersList engagementId={e.id} open={isOpenEngagement(e.status)} /> : null}
        <ExpensesSection engagementId={e.id} />
        <DeliverablesSection engagementId={e.id} />
      </Stack>
      {canManage ? <ClosingDialog engagement={e} operation={operation} onClose={() => setOperation(null)} /> : null}
    </>
  );
}

/**
 * Staff → one engagement: status and its moves, figures, burn vs estimate, schedule, team, effort with the
 * quick form and corrections, change orders, expenses and deliverables; close and cancel with a preview.
 */
export function EngagementPage() {
  const { id = '' } = useParams();
  const query = useEngagement(id);
  const back = <BackLink to="/engagements">Engagements</BackLink>;
  return (
    <DetailStates query={query} back={back} home="/engagements" errorTitle="Could not load the engagement">
      {(e) => <EngagementView engagement={e} back={back} />}
    </DetailStates>
  );
}
