import { Anchor, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { IconBriefcase } from '@tabler/icons-react';
import { Link, useSearchParams } from 'react-router';
import { DataTable, PagedListStates } from '../../components/DataTable.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { TableSkeleton } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ConsumptionBar, EngagementStatusBadge, PlannedDays } from '../engagements/EngagementParts.tsx';
import { useEngagements } from '../engagements/engagements.api.ts';
import { openEngagementStatuses, pricingModeLabels } from '../engagements/engagements.labels.ts';

const views = {
  open: { label: 'Open', status: openEngagementStatuses.join(','), empty: 'No open engagements' },
  done: { label: 'Closed and cancelled', status: 'closed,cancelled', empty: 'No closed engagements yet' },
  all: { label: 'All', status: '', empty: 'No engagements yet' },
} as const;
type View = keyof typeof views;
const isView = (v: string | null): v is View => v !== null && v in views;

/**
 * Portal → Engagements: the work the IR firm does for the customer's organisation, approved by its point
 * of contact: status, planned dates, and consumed against the estimate.
 */
export function PortalEngagementsPage() {
  const [params, setParams] = useSearchParams();
  const requested = params.get('view');
  const view: View = isView(requested) ? requested : 'all';
  const list = useEngagements({ status: views[view].status });

  return (
    <>
      <PageHeader
        title="Engagements"
        description="Work your IR firm is doing for your organisation, approved by your point of contact: how much of each estimate is used, reports and expenses."
      />
      <Stack gap="md">
        <SegmentedControl
          w="fit-content"
          aria-label="Which engagements"
          value={view}
          onChange={(v) => setParams(v === 'all' ? {} : { view: v })}
          data={(Object.keys(views) as View[]).map((v) => ({ value: v, label: views[v].label }))}
        />
        <PagedListStates
          list={list}
          errorTitle="Could not load your engagements"
          skeleton={<TableSkeleton columns={5} />}
          empty={
            <EmptyState
              icon={<IconBriefcase size={28} stroke={1.5} aria-hidden />}
              title={views[view].empty}
              description="When your point of contact approves a work order, the engagement appears here with its schedule, the effort used and its deliverables."
            />
          }
        >
          <DataTable
            label="Engagements"
            minWidth={760}
            columns={['Engagement', 'Status', 'Planned', 'Consumed of the estimate']}
          >
            {list.items.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/portal/engagements/${e.id}`} fw={600} size="sm">
                    {e.title}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {e.number} · {e.kind === 'emergency' ? 'Emergency' : 'Proactive'} ·{' '}
                    {pricingModeLabels[e.pricingMode].toLowerCase()} · retainer {e.contractNumber}
                  </Text>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <EngagementStatusBadge status={e.status} />
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <PlannedDays start={e.plannedStart} end={e.plannedEnd} />
                </Table.Td>
                <Table.Td>
                  <ConsumptionBar
                    consumed={e.consumed}
                    estimate={e.estimate}
                    label={`Consumed of the estimate of ${e.title}`}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        </PagedListStates>
      </Stack>
    </>
  );
}
