import { Alert, Button, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useSession } from '../../../app/session.ts';
import { CalendarDate, DateTime } from '../../../components/DateTime.tsx';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { CardsSkeleton } from '../../../components/Loading.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { NotFoundPage } from '../../../app/ErrorPages.tsx';
import {
  KindBadge,
  RequestFacts,
  RequestNotices,
  RequestColumns,
  RequestStatusBadge,
  ScopingCallsList,
  SlaTargetsCard,
} from '../RequestParts.tsx';
import { WithdrawButton } from '../RequestActions.tsx';
import { BackLink } from '../FormFooter.tsx';
import { useRequestPage } from '../useRequestPage.ts';
import { canWithdraw, requestTitle, slaKindLabels } from '../requests.labels.ts';
import type { ServiceRequestDetail } from '../requests.types.ts';
import { HotlineHint } from './PortalNewRequestPage.tsx';
import { mayRequest } from './portal.roles.ts';

/** Shown once, right after sending: what happens next, and by when. */
function Confirmation({ request: r }: { request: ServiceRequestDetail }) {
  if (r.kind === 'emergency') {
    return (
      <Alert
        color="green"
        variant="light"
        icon={<IconCircleCheck size={20} aria-hidden />}
        title="We have your emergency request"
        role="status"
      >
        <Stack gap="xs">
          <Text size="sm">
            Your IR firm has been alerted. These are the response times of your contract, counted from{' '}
            <DateTime value={r.receivedAt} />:
          </Text>
          {r.slaTargets.length ? (
            <List size="sm" spacing={2}>
              {r.slaTargets.map((t) => (
                <List.Item key={t.kind}>
                  <strong>{slaKindLabels[t.kind]}</strong> by <DateTime value={t.dueAt} />
                </List.Item>
              ))}
            </List>
          ) : (
            <Text size="sm">An IR manager will call you back.</Text>
          )}
          <HotlineHint />
        </Stack>
      </Alert>
    );
  }
  return (
    <Alert
      color="green"
      variant="light"
      icon={<IconCircleCheck size={20} aria-hidden />}
      title="We have your request"
      role="status"
    >
      <Text size="sm">
        An IR manager will contact you to book a free scoping call. Desired start:{' '}
        <CalendarDate value={r.desiredStart} /> (earliest allowed: <CalendarDate value={r.earliestStart} />
        ). Scoping is never charged to your retainer.
      </Text>
    </Alert>
  );
}

/** Portal → one request: status, response times (live), details, scoping calls and what happened so far. */
export function PortalRequestPage() {
  const { user } = useSession();
  const { query, created, notFound } = useRequestPage();

  if (notFound) return <NotFoundPage home="/portal" />;
  const request = query.data;
  return (
    <>
      <BackLink to="/portal/requests">All requests</BackLink>
      <PageHeader
        title={request ? `Request: ${requestTitle(request)}` : 'Request'}
        description={
          request ? (
            <Group gap="xs" component="span">
              <KindBadge request={request} />
              <RequestStatusBadge status={request.status} />
              <Text span size="sm" c="dimmed">
                {request.number}
              </Text>
            </Group>
          ) : undefined
        }
        actions={
          request && mayRequest(user.role) && canWithdraw(request.status) ? (
            <WithdrawButton request={request} />
          ) : undefined
        }
      />
      {query.error ? (
        <ErrorAlert error={query.error} title="Could not load the request" onRetry={() => void query.refetch()} />
      ) : null}
      {query.isPending ? <CardsSkeleton count={2} /> : null}
      {request ? (
        <Stack gap="lg">
          {created ? <Confirmation request={request} /> : null}
          <RequestNotices request={request} />
          {request.kind === 'emergency' ? <SlaTargetsCard request={request} /> : null}
          <RequestColumns request={request}>
            <RequestFacts request={request} showCustomer={false} />
            <Card>
              <Title order={2} fz="h4" mb="md">
                Scoping calls
              </Title>
              <ScopingCallsList
                calls={request.scopingCalls}
                empty="An IR manager books a free scoping call with you; the invitation arrives by email."
              />
            </Card>
          </RequestColumns>
          {mayRequest(user.role) ? null : (
            <Text size="sm" c="dimmed">
              You can read this request; requesters and your point of contact can change it.
            </Text>
          )}
          <Group>
            <Button variant="default" component={Link} to="/portal/requests">
              Back to requests
            </Button>
          </Group>
        </Stack>
      ) : null}
    </>
  );
}
