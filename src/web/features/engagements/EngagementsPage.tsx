import { Anchor, Group, SegmentedControl, Stack, Switch, Table, Text } from '@mantine/core';
import { IconBriefcase } from '@tabler/icons-react';
import { Link, useSearchParams } from 'react-router';
import { useSession } from '../../app/session.ts';
import { DataTable, PagedListStates } from '../../components/DataTable.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { TableSkeleton } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ConsumptionBar, EngagementStatusBadge, PlannedDays } from './EngagementParts.tsx';
import { useEngagements } from './engagements.api.ts';
import { openEngagementStatuses } from './engagements.labels.ts';
import type { EngagementSummary } from './engagements.types.ts';
import { CustomerFilter } from '../requests/CustomerFilter.tsx';

const views = {
  open: { label: 'Open', status: openEngagementStatuses.join(',') },
  closed: { label: 'Closed', status: 'closed' },
  cancelled: { label: 'Cancelled', status: 'cancelled' },
  all: { label: 'All', status: '' },
} as const;
type View = keyof typeof views;
const isView = (v: string | null): v is View => v !== null && v in views;

/** The team of one row, as the list carries it. */
function TeamCell({ team }: { team: EngagementSummary['team'] }) {
  if (team.length === 0)
    return (
      <Text size="sm" c="dimmed">
        Nobody yet
      </Text>
    );
  return <Text size="sm">{team.map((m) => m.name).join(', ')}</Text>;
}

function EngagementRow({ e }: { e: EngagementSummary }) {
  return (
    <Table.Tr data-engagement={e.id}>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Anchor component={Link} to={`/engagements/${e.id}`} fw={600} size="sm">
          {e.number}
        </Anchor>
        <Text size="xs" c="dimmed">
          {e.kind === 'emergency' ? 'Emergency' : 'Proactive'}
          {e.pricingMode === 'fixed' ? ' · fixed price' : ''}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{e.title}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{e.customerName}</Text>
        <Text size="xs" c="dimmed">
          {e.contractNumber}
        </Text>
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <EngagementStatusBadge status={e.status} />
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <PlannedDays start={e.plannedStart} end={e.plannedEnd} />
      </Table.Td>
      <Table.Td>
        <ConsumptionBar consumed={e.consumed} estimate={e.estimate} label={`Consumed of the estimate of ${e.number}`} />
      </Table.Td>
      <Table.Td>
        <TeamCell team={e.team} />
      </Table.Td>
    </Table.Tr>
  );
}

/**
 * Staff → Engagements: approved work being staffed, delivered and closed. Open ones by default; by status,
 * customer and "mine". Consultants see only the engagements whose team they are on (the server decides).
 */
export function EngagementsPage() {
  const { user } = useSession();
  const consultant = user.role === 'consultant';
  const [params, setParams] = useSearchParams();
  const view: View = isView(params.get('view')) ? (params.get('view') as View) : 'open';
  const customerId = params.get('customerId') ?? '';
  const mine = !consultant && params.get('mine') === 'true';
  const list = useEngagements({ status: views[view].status, customerId, mine: mine ? 'true' : '' });
  const filtered = view !== 'open' || Boolean(customerId) || mine;

  function set(name: string, value: string) {
    const next = new URLSearchParams(params);
    if (value && !(name === 'view' && value === 'open')) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  }

  const columns = [
    'Number',
    'Title',
    'Customer',
    { label: 'Status', width: 120 },
    'Planned',
    { label: 'Consumed of estimate', width: 190 },
    'Team',
  ];

  return (
    <>
      <PageHeader
        title="Engagements"
        description={
          consultant
            ? 'The engagements whose team you are on: log your effort, expenses and deliverables there.'
            : "Approved work orders being staffed, delivered and closed. Each one draws its customer's retainer down as effort is logged."
        }
      />
      <Stack gap="md">
        <Group gap="md" align="flex-end" wrap="wrap">
          <Stack gap={4}>
            <Text size="sm" fw={500} id="engagement-view-label">
              Status
            </Text>
            <SegmentedControl
              aria-labelledby="engagement-view-label"
              value={view}
              onChange={(v) => set('view', v)}
              data={(Object.keys(views) as View[]).map((v) => ({ value: v, label: views[v].label }))}
            />
          </Stack>
          <CustomerFilter value={customerId} onChange={(v) => set('customerId', v ?? '')} />
          {consultant ? null : (
            <Switch
              label="Only engagements I am on"
              checked={mine}
              onChange={(e) => set('mine', e.currentTarget.checked ? 'true' : '')}
              mb={8}
            />
          )}
        </Group>
        <PagedListStates
          list={list}
          errorTitle="Could not load the engagements"
          skeleton={<TableSkeleton columns={6} />}
          empty={
            <EmptyState
              icon={<IconBriefcase size={28} stroke={1.5} aria-hidden />}
              title={
                filtered
                  ? 'No engagements match these filters'
                  : consultant
                    ? 'You are on no open engagement'
                    : 'No open engagements'
              }
              description={
                filtered
                  ? 'Change or clear the filters to see more.'
                  : consultant
                    ? 'When an IR manager adds you to the team of an engagement, it appears here.'
                    : "An engagement starts when a customer's point of contact approves a work order; it appears here at once."
              }
            />
          }
        >
          <DataTable label="Engagements" minWidth={1000} columns={columns}>
            {list.items.map((e) => (
              <EngagementRow key={e.id} e={e} />
            ))}
          </DataTable>
        </PagedListStates>
      </Stack>
    </>
  );
}
