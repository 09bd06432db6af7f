import { Anchor, SimpleGrid } from '@mantine/core';
import { IconBriefcase, IconChecklist, IconLifebuoy } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useSession } from '../../app/session.ts';
import { ApprovalRow, EngagementRow, HomeCard, RequestRow, SHOWN } from './HomeParts.tsx';
import { useHome } from './home.api.ts';

/** The portal home's open work: requests with their SLA state, engagements under way, approvals waiting. */
export function PortalHomeCards() {
  const { user } = useSession();
  const query = useHome();
  const home = query.data?.customer;
  const requests = home?.openRequests ?? [];
  const engagements = home?.engagements ?? [];
  const approvals = home?.approvals ?? [];
  const mayRequest = user.role === 'customer_approver' || user.role === 'customer_requester';
  const mayApprove = user.role === 'customer_approver';
  return (
    <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
      <HomeCard
        title="Open requests"
        link={mayRequest ? { to: '/portal/requests', label: 'All requests' } : undefined}
        query={query}
        count={requests.length}
        empty={{
          icon: <IconLifebuoy size={22} stroke={1.5} aria-hidden />,
          title: 'No open requests',
          description: mayRequest ? (
            <>
              Need help?{' '}
              <Anchor component={Link} to="/portal/requests/new" inherit>
                Request a service
              </Anchor>{' '}
              or call the hotline for an emergency.
            </>
          ) : (
            'Requests your organisation opens are listed here with their response times.'
          ),
        }}
      >
        {requests.slice(0, SHOWN).map((r) => (
          <RequestRow key={r.id} request={r} to={mayRequest ? `/portal/requests/${r.id}` : null} />
        ))}
      </HomeCard>
      <HomeCard
        title="Engagements in progress"
        link={{ to: '/portal/engagements', label: 'All engagements' }}
        query={query}
        count={engagements.length}
        empty={{
          icon: <IconBriefcase size={22} stroke={1.5} aria-hidden />,
          title: 'No engagements in progress',
          description: 'Once you approve a work order, its engagement and how much of the estimate is used show here.',
        }}
      >
        {engagements.slice(0, SHOWN).map((e) => (
          <EngagementRow key={e.id} engagement={e} to={`/portal/engagements/${e.id}`} />
        ))}
      </HomeCard>
      <HomeCard
        title="Waiting for your approval"
        link={mayApprove ? { to: '/portal/approvals', label: 'All approvals' } : undefined}
        query={query}
        count={approvals.length}
        empty={{
          icon: <IconChecklist size={22} stroke={1.5} aria-hidden />,
          title: 'Nothing to approve',
          description: 'Work orders and change orders your IR firm sends for approval appear here.',
        }}
      >
        {approvals.slice(0, SHOWN).map((a) => (
          <ApprovalRow key={a.id} approval={a} to={mayApprove ? `/portal/approvals/${a.kind}/${a.id}` : null} />
        ))}
      </HomeCard>
    </SimpleGrid>
  );
}
