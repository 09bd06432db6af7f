import {
  Alert,
  Badge,
  Card,
  Grid,
  Group,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { IconAlertTriangle, IconCalendarEvent } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { CalendarDate, DateTime, formatDateTime } from '../../components/DateTime.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { formatInZone, readerTimeZone } from './format.ts';
import {
  channelLabels,
  clocksStopped,
  flagLabels,
  incidentTypeLabels,
  requestStatusColors,
  requestStatusLabels,
  scopingOutcomeLabels,
  severityInfo,
  slaKindLabels,
  slaStatusColors,
  slaStatusLabels,
  targetDuration,
} from './requests.labels.ts';
import type {
  RequestStatus,
  ScopingCall,
  ServiceRequest,
  ServiceRequestDetail,
  SlaStatus,
  SlaTarget,
} from './requests.types.ts';
import { liveSlaStatus, slaCountdown } from './sla.live.ts';
import { useNow } from './useNow.ts';
import { RequestTimeline } from './RequestTimeline.tsx';

export function RequestStatusBadge({ status }: { status: RequestStatus }) {
  return <StatusBadge status={status} colors={requestStatusColors} label={requestStatusLabels[status]} />;
}

export function SlaStatusBadge({ status }: { status: SlaStatus }) {
  return <StatusBadge status={status} colors={slaStatusColors} label={slaStatusLabels[status]} />;
}

export function KindBadge({ request: r }: { request: Pick<ServiceRequest, 'kind' | 'severity'> }) {
  return r.kind === 'emergency' ? (
    <Badge color={r.severity ? severityInfo[r.severity].color : 'red'} variant="filled" radius="sm" tt="none">
      Emergency{r.severity ? ` ${r.severity}` : ''}
    </Badge>
  ) : (
    <Badge color="brand" variant="light" radius="sm" tt="none">
      Proactive
    </Badge>
  );
}

/** One SLA target as a live line: a status badge and "Initial contact: due in 37 min", coloured by its status right now. */
export function SlaChip({ target, requestStatus }: { target: SlaTarget; requestStatus: RequestStatus }) {
  const now = useNow();
  const stopped = clocksStopped(requestStatus);
  const status = liveSlaStatus(target, now, stopped);
  const text = slaCountdown(target, now, stopped);
  return (
    <Tooltip
      label={`${slaKindLabels[target.kind]} due ${formatDateTime(target.dueAt)}${target.metAt ? `, met ${formatDateTime(target.metAt)}` : ''}`}
      withArrow
    >
      <Group
        gap={6}
        wrap="nowrap"
        data-sla-kind={target.kind}
        data-sla-status={status}
        tabIndex={0}
        style={{ borderRadius: 4 }}
      >
        <Badge
          color={slaStatusColors[status]}
          variant={status === 'breached' ? 'filled' : 'light'}
          radius="sm"
          tt="none"
          size="sm"
          miw={78}
          style={{ flexShrink: 0 }}
        >
          {slaStatusLabels[status]}
        </Badge>
        <Text size="xs" style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
          <Text span inherit fw={600}>
            {slaKindLabels[target.kind]}
          </Text>
          : {text}
        </Text>
      </Group>
    </Tooltip>
  );
}

/** The live SLA chips of a request, or a dash when it has no targets (proactive work has none). */
export function SlaChips({ request: r }: { request: Pick<ServiceRequest, 'slaTargets' | 'status'> }) {
  if (r.slaTargets.length === 0)
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  return (
    <Stack gap={4} align="flex-start">
      {r.slaTargets.map((t) => (
        <SlaChip key={t.kind} target={t} requestStatus={r.status} />
      ))}
    </Stack>
  );
}

/** The SLA targets of a request: due time, live status and countdown, when met; `action` adds a staff button per row. */
export function SlaTargetsCard({
  request: r,
  action,
}: {
  request: ServiceRequest;
  action?: (target: SlaTarget) => ReactNode;
}) {
  const now = useNow();
  const stopped = clocksStopped(r.status);
  return (
    <Card>
      <Title order={2} fz="h4" mb="xs">
        SLA targets
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        Clocks started when the request was received (<DateTime value={r.receivedAt} />) and run around the clock.
        {stopped ? ' The request has ended: open targets no longer count.' : ''}
      </Text>
      {r.slaTargets.length === 0 ? (
        <Text size="sm">No response targets apply to this request.</Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table aria-label="SLA targets">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Target</Table.Th>
                <Table.Th>Due</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Met</Table.Th>
                {action ? (
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                ) : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {r.slaTargets.map((t) => {
                const status = liveSlaStatus(t, now, stopped);
                return (
                  <Table.Tr key={t.kind} data-sla-row={t.kind}>
                    <Table.Td>
                      <Text size="sm" fw={600}>
                        {slaKindLabels[t.kind]}
                      </Text>
                      <Text size="xs" c="dimmed">
                        within {targetDuration(t.targetMinutes)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        <DateTime value={t.dueAt} />
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <SlaStatusBadge status={status} />
                        <Text
                          size="sm"
                          c={status === 'breached' ? 'red' : status === 'at_risk' ? 'orange' : undefined}
                          style={{ fontVariantNumeric: 'tabular-nums' }}
                          data-testid={`countdown-${t.kind}`}
                        >
                          {slaCountdown(t, now, stopped)}
                        </Text>
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        <DateTime value={t.metAt} empty="not yet" />
                      </Text>
                    </Table.Td>
                    {action ? <Table.Td ta="right">{action(t)}</Table.Td> : null}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}

/** What the flags of a request mean (advisory, not covered, no active retainer), as the server words it. */
export function RequestNotices({ request: r }: { request: Pick<ServiceRequest, 'notices'> }) {
  if (r.notices.length === 0) return null;
  return (
    <Stack gap="sm">
      {r.notices.map((n) => (
        <Alert
          key={n.code}
          color={n.code === 'advisory' ? 'yellow' : 'orange'}
          variant="light"
          icon={<IconAlertTriangle size={18} aria-hidden />}
          title={flagLabels[n.code]}
        >
          <Text size="sm">{n.message}</Text>
        </Alert>
      ))}
    </Stack>
  );
}

const supportLabels = { full: 'Full', advisory: 'Advisory only', not_covered: 'Not covered' } as const;

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

/** The facts of a request: who asked, how, under which contract, and the kind's own fields. */
export function RequestFacts({ request: request, showCustomer }: { request: ServiceRequest; showCustomer: boolean }) {
  return (
    <Card>
      <Title order={2} fz="h4" mb="md">
        Details
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="md" verticalSpacing="md">
        {showCustomer ? <Fact label="Customer">{request.customerName}</Fact> : null}
        <Fact label="Contract">{request.contractNumber}</Fact>
        <Fact label="Received">
          <DateTime value={request.receivedAt} /> via {channelLabels[request.channel].toLowerCase()}
        </Fact>
        <Fact label="Requester">{request.requesterName ?? 'not recorded'}</Fact>
        {request.kind === 'emergency' ? (
          <>
            <Fact label="Incident type">{request.incidentType ? incidentTypeLabels[request.incidentType] : '—'}</Fact>
            <Fact label="Severity">{request.severity ? severityInfo[request.severity].label : '—'}</Fact>
            <Fact label="On site needed">{request.onsiteRequired ? 'Yes' : 'No'}</Fact>
            <Fact label="Level of support">{request.supportLevel ? supportLabels[request.supportLevel] : '—'}</Fact>
          </>
        ) : (
          <>
            <Fact label="Service">{request.catalogItemName ?? '—'}</Fact>
            <Fact label="Desired start">
              <CalendarDate value={request.desiredStart} />
            </Fact>
            <Fact label="Earliest allowed start">
              <CalendarDate value={request.earliestStart} />
              {request.leadTimeDays !== null ? (
                <Text span size="xs" c="dimmed">
                  {' '}
                  ({request.leadTimeDays} days&apos; lead time, {request.timeZone})
                </Text>
              ) : null}
            </Fact>
            <Fact label="On site needed">{request.onsiteRequired ? 'Yes' : 'No'}</Fact>
          </>
        )}
        {request.statusReason ? <Fact label="Reason">{request.statusReason}</Fact> : null}
      </SimpleGrid>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase" mt="lg">
        Description
      </Text>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
        {request.description}
      </Text>
    </Card>
  );
}

/** A scoping call's time for the reader (their zone) and, when it differs, in the customer's zone. */
export function CallTime({ call }: { call: Pick<ScopingCall, 'startsAt' | 'durationMinutes' | 'timeZone'> }) {
  const mine = readerTimeZone();
  return (
    <Stack gap={0}>
      <Text size="sm" fw={600}>
        {formatInZone(call.startsAt, mine)} · {call.durationMinutes} min
      </Text>
      {call.timeZone !== mine ? (
        <Text size="xs" c="dimmed">
          {formatInZone(call.startsAt, call.timeZone)} ({call.timeZone})
        </Text>
      ) : null}
    </Stack>
  );
}

/** The scoping calls of a request; `actions` adds staff buttons to each call. */
export function ScopingCallsList({
  calls,
  actions,
  empty,
}: {
  calls: ScopingCall[];
  actions?: (call: ScopingCall) => ReactNode;
  empty: string;
}) {
  if (calls.length === 0)
    return (
      <EmptyState
        bare
        size="sm"
        icon={<IconCalendarEvent size={22} stroke={1.5} aria-hidden />}
        title="No scoping calls"
        description={empty}
      />
    );
  return (
    <Stack gap="sm">
      {calls.map((c) => (
        <Card
          key={c.id}
          withBorder
          padding="md"
          data-call={c.id}
          aria-label={`Scoping call ${formatInZone(c.startsAt, readerTimeZone())}`}
        >
          <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
            <Stack gap={6}>
              <Group gap="xs">
                <CallTime call={c} />
                <StatusBadge status={c.status} colors={{ scheduled: 'blue', held: 'green', cancelled: 'gray' }} />
              </Group>
              <Text size="sm">
                With {c.attendees.map((a) => a.name).join(', ')}; organiser {c.organizer.name}
              </Text>
              {c.joinInfo ? (
                <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
                  Join: {c.joinInfo}
                </Text>
              ) : null}
              {c.outcome ? (
                <Text size="sm">
                  Outcome: <strong>{scopingOutcomeLabels[c.outcome]}</strong>
                  {c.outcomeReason ? ` — ${c.outcomeReason}` : ''}
                </Text>
              ) : null}
              {c.notes ? (
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  Notes: {c.notes}
                </Text>
              ) : null}
            </Stack>
            {actions ? <Group gap={6}>{actions(c)}</Group> : null}
          </Group>
        </Card>
      ))}
    </Stack>
  );
}

/** The body of a request page: details and scoping calls on the left, the timeline beside them. */
export function RequestColumns({ request, children }: { request: ServiceRequestDetail; children: ReactNode }) {
  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Stack gap="lg">{children}</Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <RequestTimeline request={request} />
      </Grid.Col>
    </Grid>
  );
}
