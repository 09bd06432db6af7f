import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { IconCircleCheck, IconPencil } from '@tabler/icons-react';
import { useState } from 'react';
import { NotFoundPage } from '../../app/ErrorPages.tsx';
import { useSession } from '../../app/session.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { CardsSkeleton } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EditRequestDialog, MilestoneDialog, RejectButton, WithdrawButton } from './RequestActions.tsx';
import { TriageCard } from './TriageCard.tsx';
import {
  KindBadge,
  RequestFacts,
  RequestNotices,
  RequestColumns,
  RequestStatusBadge,
  SlaTargetsCard,
} from './RequestParts.tsx';
import { WorkOrderPanel } from '../workorders/WorkOrderPanel.tsx';
import { RequestSuggestionsCard } from '../staffing-suggest/RequestSuggestionsCard.tsx';
import { ScopingCallsCard } from './ScopingCalls.tsx';
import { BackLink } from './FormFooter.tsx';
import { useRequestPage } from './useRequestPage.ts';
import { canReject, canWithdraw, clocksStopped, requestTitle, slaKindLabels } from './requests.labels.ts';
import { isCorrectable } from '../../../shared/requests.ts';
import type { SlaKind } from './requests.types.ts';

/** Roles that correct requests, record milestones and book scoping calls (requests.policy.ts `manage`). */
export const requestManagers = ['admin', 'ir_manager'] as const;

/** Staff → one request: notices, live SLA targets with "record milestone", details, its work order, scoping calls, timeline; edit, reject, withdraw. */
export function RequestPage() {
  const { user } = useSession();
  const { query, created, notFound } = useRequestPage();
  const [editing, setEditing] = useState(false);
  const [milestone, setMilestone] = useState<SlaKind | null>(null);
  const canManage = (requestManagers as readonly string[]).includes(user.role);

  if (notFound) return <NotFoundPage />;
  const request = query.data;
  const actions =
    request && canManage ? (
      <>
        {isCorrectable(request.status) ? (
          <Button variant="default" leftSection={<IconPencil size={16} aria-hidden />} onClick={() => setEditing(true)}>
            Edit
          </Button>
        ) : null}
        {canReject(request.status) ? <RejectButton request={request} /> : null}
        {canWithdraw(request.status) ? <WithdrawButton request={request} /> : null}
      </>
    ) : undefined;

  return (
    <>
      <BackLink to="/requests">Requests board</BackLink>
      <PageHeader
        title={request ? `${request.customerName}: ${requestTitle(request)}` : 'Request'}
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
        actions={actions}
      />
      {query.error ? (
        <ErrorAlert error={query.error} title="Could not load the request" onRetry={() => void query.refetch()} />
      ) : null}
      {query.isPending ? <CardsSkeleton count={2} /> : null}
      {request ? (
        <Stack gap="lg">
          {created ? (
            <Alert
              color="green"
              variant="light"
              icon={<IconCircleCheck size={20} aria-hidden />}
              title="Request logged"
              role="status"
            >
              <Text size="sm">
                {request.kind === 'emergency' ? 'The SLA clocks started at the time the call or email came in. ' : ''}
                {request.notices.length
                  ? 'Read the notices below before you call the customer back.'
                  : 'Full support under the contract: nothing else to watch out for.'}
              </Text>
            </Alert>
          ) : null}
          <RequestNotices request={request} />
          {canManage && !clocksStopped(request.status) ? <TriageCard request={request} /> : null}
          {request.kind === 'emergency' ? (
            <SlaTargetsCard
              request={request}
              action={
                canManage && !clocksStopped(request.status)
                  ? (t) => (
                      <Button
                        size="compact-sm"
                        variant={t.metAt ? 'subtle' : 'light'}
                        onClick={() => setMilestone(t.kind)}
                        aria-label={`${t.metAt ? 'Correct' : 'Record'} ${slaKindLabels[t.kind].toLowerCase()}`}
                      >
                        {t.metAt ? 'Correct' : 'Record'}
                      </Button>
                    )
                  : undefined
              }
            />
          ) : null}
          {canManage && request.kind === 'emergency' && !clocksStopped(request.status) ? (
            <RequestSuggestionsCard requestId={request.id} />
          ) : null}
          <RequestColumns request={request}>
            <RequestFacts request={request} showCustomer />
            <WorkOrderPanel requestId={request.id} />
            <ScopingCallsCard request={request} canManage={canManage} />
          </RequestColumns>
          <EditRequestDialog request={request} opened={editing} onClose={() => setEditing(false)} />
          <MilestoneDialog request={request} kind={milestone} onClose={() => setMilestone(null)} />
        </Stack>
      ) : null}
    </>
  );
}
