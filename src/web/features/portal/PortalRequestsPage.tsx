import { Anchor, Button, Group, Stack, Table, Text } from '@mantine/core';
import { IconAlertTriangle, IconCalendarEvent, IconLifebuoy } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useSession } from '../../app/session.ts';
import { DataTable, PagedListStates } from '../../components/DataTable.tsx';
import { CalendarDate, DateTime } from '../../components/DateTime.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { TableSkeleton } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { mayRequest } from '../requests/portal/portal.roles.ts';
import { KindBadge, RequestStatusBadge, SlaChips } from '../requests/RequestParts.tsx';
import { useRequests, useRequestsRefresh } from '../requests/requests.api.ts';
import { requestTitle } from '../requests/requests.labels.ts';
import { CallTheHotline } from './FirmContact.tsx';

/** Portal → Requests: the organisation's requests with status and response times; requesters ask for help from here. */
export function PortalRequestsPage() {
  const { user } = useSession();
  const list = useRequests({});
  useRequestsRefresh();
  const canRequest = mayRequest(user.role);

  return (
    <>
      <PageHeader
        title="Requests"
        description={`Requests for help from ${user.organizationName}, emergencies first.`}
        actions={
          canRequest ? (
            <>
              <Button
                color="red"
                component={Link}
                to="/portal/requests/new"
                leftSection={<IconAlertTriangle size={18} aria-hidden />}
              >
                Emergency: get help now
              </Button>
              <Button
                variant="default"
                component={Link}
                to="/portal/requests/new?kind=proactive"
                leftSection={<IconCalendarEvent size={16} aria-hidden />}
              >
                Plan proactive work
              </Button>
            </>
          ) : undefined
        }
      />
      <Stack gap="md">
        <PagedListStates
          list={list}
          errorTitle="Could not load your requests"
          skeleton={<TableSkeleton columns={5} />}
          empty={
            <EmptyState
              icon={<IconLifebuoy size={28} stroke={1.5} aria-hidden />}
              title="No requests yet"
              description={
                canRequest ? (
                  <>
                    Ask for help in an emergency, or plan proactive work such as a tabletop exercise. In an emergency
                    you can also <CallTheHotline />.
                  </>
                ) : (
                  <>
                    Requests your organisation makes will be listed here with their status. In an emergency,{' '}
                    <CallTheHotline />.
                  </>
                )
              }
            />
          }
        >
          <DataTable
            label="Requests"
            minWidth={860}
            columns={['Request', 'Status', 'Response times', 'Received', 'Desired start']}
          >
            {list.items.map((r) => (
              <Table.Tr key={r.id} data-request={r.id}>
                <Table.Td>
                  <Group gap={6} mb={2}>
                    <KindBadge request={r} />
                  </Group>
                  <Anchor component={Link} to={`/portal/requests/${r.id}`} fw={600} size="sm">
                    {requestTitle(r)}
                  </Anchor>
                  {r.requesterName ? (
                    <Text size="xs" c="dimmed">
                      by {r.requesterName}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  <RequestStatusBadge status={r.status} />
                </Table.Td>
                <Table.Td>
                  <SlaChips request={r} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    <DateTime value={r.receivedAt} />
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    <CalendarDate value={r.desiredStart} />
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        </PagedListStates>
      </Stack>
    </>
  );
}
