import { Anchor, Badge, Card, Group, Progress, Skeleton, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { DateTime } from '../../components/DateTime.tsx';
import { QuantityText } from '../../components/QuantityText.tsx';
import { engagementStatusLabels } from '../engagements/engagements.labels.ts';
import {
  requestStatusLabels,
  requestTitle,
  slaKindLabels,
  slaStatusColors,
  slaStatusLabels,
} from '../requests/requests.labels.ts';
import type { HomeApproval, HomeEngagement, HomeRequest } from './home.api.ts';

/** How many rows a card shows before "and N more". */
export const SHOWN = 6;

/**
 * One home card: a heading (with a link to the full list), then the loading skeleton, the error, the
 * empty state saying what to do, or the rows.
 */
export function HomeCard({
  title,
  link,
  query,
  count,
  empty,
  children,
}: {
  title: string;
  link?: { to: string; label: string };
  query: { isPending: boolean; error: unknown; refetch: () => unknown };
  count: number;
  empty: { icon: ReactNode; title: string; description: ReactNode };
  children: ReactNode;
}) {
  return (
    <Card h="100%" aria-label={title} component="section">
      <Group justify="space-between" mb="sm" wrap="nowrap">
        <Title order={2} fz="h4">
          {title}
        </Title>
        {link ? (
          <Anchor component={Link} to={link.to} size="sm">
            {link.label}
          </Anchor>
        ) : null}
      </Group>
      {query.error ? (
        <ErrorAlert error={query.error} title={`Could not load ${title.toLowerCase()}`} onRetry={query.refetch} />
      ) : null}
      {query.isPending ? <Skeleton height={60} /> : null}
      {!query.isPending && !query.error && count === 0 ? (
        <EmptyState bare size="sm" icon={empty.icon} title={empty.title} description={empty.description} />
      ) : null}
      {count > 0 ? (
        <Stack gap="sm">
          {children}
          {count > SHOWN ? (
            <Text size="xs" c="dimmed">
              and {count - SHOWN} more
            </Text>
          ) : null}
        </Stack>
      ) : null}
    </Card>
  );
}

/** A title that links when the reader may open the page. */
function TitleLink({ to, children }: { to: string | null; children: ReactNode }) {
  return to ? (
    <Anchor component={Link} to={to} size="sm" fw={600}>
      {children}
    </Anchor>
  ) : (
    <Text size="sm" fw={600}>
      {children}
    </Text>
  );
}

/** An open request: what it is, its status, its SLA state and the next target due. */
export function RequestRow({
  request,
  to,
  showCustomer,
}: {
  request: HomeRequest;
  to: string | null;
  showCustomer?: boolean;
}) {
  const title = requestTitle(request);
  return (
    <div>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <TitleLink to={to}>{`${request.number} · ${title.charAt(0).toUpperCase()}${title.slice(1)}`}</TitleLink>
        {request.slaStatus ? (
          <Badge variant="light" color={slaStatusColors[request.slaStatus]} size="sm" style={{ flexShrink: 0 }}>
            SLA {slaStatusLabels[request.slaStatus].toLowerCase()}
          </Badge>
        ) : null}
      </Group>
      <Text size="xs" c="dimmed">
        {showCustomer ? `${request.customerName} · ` : ''}
        {requestStatusLabels[request.status]} · received <DateTime value={request.receivedAt} />
        {request.nextDue ? (
          <>
            {' '}
            · {slaKindLabels[request.nextDue.kind].toLowerCase()} due <DateTime value={request.nextDue.dueAt} />
          </>
        ) : null}
      </Text>
    </div>
  );
}

/** An engagement with its consumption against the estimate as a bar. */
export function EngagementRow({
  engagement: e,
  to,
  showCustomer,
}: {
  engagement: HomeEngagement;
  to: string;
  showCustomer?: boolean;
}) {
  const pct = Math.round(e.percentOfEstimate);
  return (
    <div>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <TitleLink to={to}>
          {e.number} · {e.title}
        </TitleLink>
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {engagementStatusLabels[e.status]}
        </Text>
      </Group>
      <Progress
        value={Math.min(100, e.percentOfEstimate)}
        size="sm"
        mt={4}
        color={pct > 100 ? 'red' : pct >= 80 ? 'orange' : 'teal'}
        aria-label={`${e.number}: ${pct} percent of the estimate consumed`}
      />
      <Text size="xs" c="dimmed" mt={2}>
        {showCustomer ? `${e.customerName} · ` : ''}
        <QuantityText value={e.consumed} /> of <QuantityText value={e.estimate} /> estimated ({pct} %)
      </Text>
    </div>
  );
}

/** An EWO or change order waiting for the customer's decision, with when it was sent and the deadline. */
export function ApprovalRow({
  approval: a,
  to,
  showCustomer,
}: {
  approval: HomeApproval;
  to: string | null;
  showCustomer?: boolean;
}) {
  return (
    <div>
      <TitleLink to={to}>
        {a.kind === 'work_order' ? `Work order ${a.number}` : `Change order ${a.number} to ${a.engagementNumber ?? ''}`}
      </TitleLink>
      <Text size="xs" c="dimmed">
        {showCustomer ? `${a.customerName} · ` : ''}sent <DateTime value={a.sentAt} />
        {a.approvalDeadline ? (
          <>
            {' '}
            · decision due <DateTime value={a.approvalDeadline} />
          </>
        ) : null}
      </Text>
    </div>
  );
}
