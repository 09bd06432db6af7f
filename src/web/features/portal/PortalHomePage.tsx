import { Button, SimpleGrid, Stack, Title } from '@mantine/core';
import { IconListDetails, IconScale } from '@tabler/icons-react';
import { Link } from 'react-router';
import { roleLabels } from '../../../shared/roles.ts';
import type { Contract } from '../../api/types.ts';
import { useSession } from '../../app/session.ts';
import { ListStates } from '../../components/DataTable.tsx';
import { EmptyCard } from '../../components/EmptyCard.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { BalanceCard, BalanceSkeleton } from '../contracts/BalanceCard.tsx';
import { BalanceChart } from '../contracts/BalanceChart.tsx';
import { useBalance, useContracts } from '../contracts/contracts.api.ts';
import { AccountTeamCard, HotlineNotice } from './FirmContact.tsx';
import { StatementsCard } from '../statements/StatementsCard.tsx';
import { PortalHomeCards } from '../home/PortalHomeCards.tsx';

/** One active retainer: its balance first (available, term end, days left), then the chart. */
function Retainer({ contract }: { contract: Contract }) {
  const balance = useBalance(contract.id);
  return (
    <Stack gap="md">
      <BalanceCard
        contractId={contract.id}
        heading={
          <Title order={2} fz="h3">
            Retainer {contract.number}
          </Title>
        }
        headingAction={
          <Button
            component={Link}
            to={`/portal/contracts/${contract.id}`}
            variant="light"
            leftSection={<IconListDetails size={16} aria-hidden />}
          >
            View the ledger
          </Button>
        }
      />
      <BalanceChart contract={contract} balance={balance.data} />
    </Stack>
  );
}

/** The portal's home: how much of each active retainer is left, at a glance, then open work (GET /home) and statements. */
export function PortalHomePage() {
  const { user } = useSession();
  const contracts = useContracts({ status: 'active' });
  return (
    <>
      <PageHeader
        title={`Welcome, ${user.name.split(/\s+/)[0] ?? user.name}`}
        description={
          <>
            You are signed in to the portal of <strong>{user.organizationName}</strong> as{' '}
            {roleLabels[user.role].toLowerCase()}.
          </>
        }
      />
      <Stack gap="xl">
        <ListStates
          error={contracts.error}
          pending={contracts.isPending}
          isEmpty={contracts.items.length === 0}
          errorTitle="Could not load your retainer"
          onRetry={contracts.refetch}
          skeleton={<BalanceSkeleton />}
          empty={
            <EmptyCard
              heading="Retainer balance"
              icon={<IconScale size={22} stroke={1.5} aria-hidden />}
              title="No active retainer"
              description="When your retainer contract is active, its balance, term end and history are shown here."
            />
          }
        >
          <Stack gap="xl">
            {contracts.items.map((c) => (
              <Retainer key={c.id} contract={c} />
            ))}
          </Stack>
        </ListStates>
        <PortalHomeCards />
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <StatementsCard contracts={contracts.items} />
        </SimpleGrid>
        <AccountTeamCard />
      </Stack>
      <HotlineNotice />
    </>
  );
}
