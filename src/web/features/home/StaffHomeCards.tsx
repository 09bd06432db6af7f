import { Anchor, Badge, Group, SimpleGrid, Text } from '@mantine/core';
import {
  IconAlarm,
  IconBriefcase,
  IconCalendarOff,
  IconCalendarWeek,
  IconChecklist,
  IconClockExclamation,
  IconLifebuoy,
  IconScale,
} from '@tabler/icons-react';
import { Link } from 'react-router';
import { bookingModeLabels } from '../../../shared/contracts/staffing.ts';
import { dayLabel } from '../../../shared/dates.ts';
import { DateTime } from '../../components/DateTime.tsx';
import { QuantityText } from '../../components/QuantityText.tsx';
import { requestTitle, slaKindLabels, slaStatusColors, slaStatusLabels } from '../requests/requests.labels.ts';
import { ApprovalRow, EngagementRow, HomeCard, RequestRow, SHOWN } from './HomeParts.tsx';
import { useHome, type HomeApproval, type TriageRequest } from './home.api.ts';

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Whom to call about a request, as the board names him: name and phone, or what is known of them. */
const requesterOf = (r: TriageRequest): string =>
  [r.requesterName, r.requesterPhone].filter((part): part is string => Boolean(part)).join(', ');

/** Where staff open an EWO or a change order (a change order lives on its engagement's page). */
const approvalTo = (a: HomeApproval) =>
  a.kind === 'work_order' ? `/work-orders/${a.id}` : `/engagements/${a.engagementId ?? ''}`;

/** The IR manager's cards: triage queue, SLA targets at risk, approvals waiting, engagements without a booking. */
export function ManagerCards() {
  const query = useHome();
  const m = query.data?.manager;
  const triage = m?.triage ?? [];
  const atRisk = m?.atRisk ?? [];
  const waiting = m?.awaitingCustomer ?? [];
  const unbooked = m?.unbooked ?? [];
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
      <HomeCard
        title="Triage queue"
        link={{ to: '/requests', label: 'Board' }}
        query={query}
        count={triage.length}
        empty={{
          icon: <IconLifebuoy size={22} stroke={1.5} aria-hidden />,
          title: 'Nothing to triage',
          description: 'New requests appear here, the most severe and soonest due first.',
        }}
      >
        {triage.slice(0, SHOWN).map((r) => (
          <div key={r.id} data-request={r.id}>
            <RequestRow request={r} to={`/requests/${r.id}`} showCustomer />
            <Text size="xs">
              {r.owner ? `Owner: ${r.owner.name}` : 'No owner yet'}
              {requesterOf(r) ? ` · Requester: ${requesterOf(r)}` : ''}
            </Text>
          </div>
        ))}
      </HomeCard>
      <HomeCard
        title="SLA targets at risk"
        link={{ to: '/reports/sla', label: 'SLA report' }}
        query={query}
        count={atRisk.length}
        empty={{
          icon: <IconAlarm size={22} stroke={1.5} aria-hidden />,
          title: 'No target at risk',
          description: 'Response targets close to their due time, or past it, are listed here.',
        }}
      >
        {atRisk.slice(0, SHOWN).map((x) => (
          <div key={`${x.requestId}-${x.kind}`}>
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Anchor component={Link} to={`/requests/${x.requestId}`} size="sm" fw={600}>
                {`${x.requestNumber} · ${capital(requestTitle({ ...x, kind: x.severity ? 'emergency' : 'proactive' }))}`}
              </Anchor>
              <Badge variant="light" color={slaStatusColors[x.status]} size="sm" style={{ flexShrink: 0 }}>
                {slaStatusLabels[x.status]}
              </Badge>
            </Group>
            <Text size="xs" c="dimmed">
              {x.customerName} · {slaKindLabels[x.kind].toLowerCase()} due <DateTime value={x.dueAt} />
            </Text>
          </div>
        ))}
      </HomeCard>
      <HomeCard
        title="Waiting for the customer"
        link={{ to: '/work-orders', label: 'Work orders' }}
        query={query}
        count={waiting.length}
        empty={{
          icon: <IconChecklist size={22} stroke={1.5} aria-hidden />,
          title: 'No approval pending',
          description: 'Work orders and change orders sent and not yet decided are listed here.',
        }}
      >
        {waiting.slice(0, SHOWN).map((a) => (
          <ApprovalRow key={a.id} approval={a} to={approvalTo(a)} showCustomer />
        ))}
      </HomeCard>
      <HomeCard
        title="Engagements without a booking"
        link={{ to: '/timeline', label: 'Timeline' }}
        query={query}
        count={unbooked.length}
        empty={{
          icon: <IconCalendarOff size={22} stroke={1.5} aria-hidden />,
          title: 'Every engagement is staffed',
          description: 'Scheduled or running engagements with no booking from now on are listed here.',
        }}
      >
        {unbooked.slice(0, SHOWN).map((e) => (
          <EngagementRow key={e.id} engagement={e} to={`/engagements/${e.id}`} showCustomer />
        ))}
      </HomeCard>
    </SimpleGrid>
  );
}

/** The consultant's cards: my engagements, my week's bookings, working days without time logged. */
export function ConsultantCards() {
  const query = useHome();
  const c = query.data?.consultant;
  const engagements = c?.engagements ?? [];
  const week = c?.week ?? [];
  const missing = c?.daysWithoutTime ?? [];
  return (
    <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
      <HomeCard
        title="My engagements"
        link={{ to: '/engagements', label: 'All' }}
        query={query}
        count={engagements.length}
        empty={{
          icon: <IconBriefcase size={22} stroke={1.5} aria-hidden />,
          title: 'No engagement yet',
          description: 'Engagements whose team you are on are listed here; an IR manager adds you to a team.',
        }}
      >
        {engagements.slice(0, SHOWN).map((e) => (
          <EngagementRow key={e.id} engagement={e} to={`/engagements/${e.id}`} showCustomer />
        ))}
      </HomeCard>
      <HomeCard
        title="My week"
        link={{ to: '/timeline', label: 'Timeline' }}
        query={query}
        count={week.length}
        empty={{
          icon: <IconCalendarWeek size={22} stroke={1.5} aria-hidden />,
          title: 'No booking in the next seven days',
          description: 'Your bookings of the coming week appear here once an IR manager books you.',
        }}
      >
        {week.slice(0, SHOWN).map((b) => (
          <div key={b.id}>
            <Anchor component={Link} to={`/engagements/${b.engagementId}`} size="sm" fw={600}>
              {b.engagementNumber} · {b.engagementTitle}
            </Anchor>
            <Text size="xs" c="dimmed">
              {bookingModeLabels[b.mode]}
              {b.siteName ? ` at ${b.siteName}` : ''} · <DateTime value={b.start} /> to <DateTime value={b.end} />
            </Text>
          </div>
        ))}
      </HomeCard>
      <HomeCard
        title="Days without time logged"
        link={{ to: '/timesheet', label: 'Timesheet' }}
        query={query}
        count={missing.length}
        empty={{
          icon: <IconClockExclamation size={22} stroke={1.5} aria-hidden />,
          title: 'Your time is up to date',
          description: 'Working days of the last two weeks with no time logged would be listed here.',
        }}
      >
        <Text size="sm">
          {missing.length === 1 ? 'One working day' : `${missing.length} working days`} of the last two weeks have no
          time logged:
        </Text>
        <Group gap={6}>
          {missing.map((d) => (
            <Badge key={d} variant="light" color="orange" size="sm">
              {dayLabel(d)}
            </Badge>
          ))}
        </Group>
      </HomeCard>
    </SimpleGrid>
  );
}

/** The account manager's card: retainers near a consumption alert threshold or the end of their term. */
export function ContractAlertsCard() {
  const query = useHome();
  const contracts = query.data?.accountManager?.contracts ?? [];
  return (
    <HomeCard
      title="Retainers to follow up"
      link={{ to: '/customers', label: 'Customers' }}
      query={query}
      count={contracts.length}
      empty={{
        icon: <IconScale size={22} stroke={1.5} aria-hidden />,
        title: 'No retainer needs attention',
        description: 'Retainers close to an alert threshold or within 90 days of their term end are listed here.',
      }}
    >
      {contracts.slice(0, SHOWN).map((c) => (
        <div key={c.id}>
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <Anchor component={Link} to={`/contracts/${c.id}`} size="sm" fw={600}>
              {c.customerName} · {c.number}
            </Anchor>
            <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
              <QuantityText value={c.available} /> left
            </Text>
          </Group>
          <Text size="xs" c="dimmed">
            {Math.round(c.percentConsumed)} % consumed
            {c.threshold !== null ? ` (alert at ${c.threshold} %)` : ''} · term ends {dayLabel(c.termEnd)}, in{' '}
            {c.daysLeft} days
            {c.termEndNear ? ' — time to talk about renewal' : ''}
          </Text>
        </div>
      ))}
    </HomeCard>
  );
}
