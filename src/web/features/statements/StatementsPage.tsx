import { Card, Stack, Title } from '@mantine/core';
import { IconFileInvoice } from '@tabler/icons-react';
import { ListStates } from '../../components/DataTable.tsx';
import { EmptyCard } from '../../components/EmptyCard.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useContracts } from '../contracts/contracts.api.ts';
import { StatementPreviewCard } from './StatementPreviewCard.tsx';
import { StatementsTable } from './StatementsTable.tsx';

/** Retainer statements in the customer portal: each contract's statements, their figures and PDFs. */
export function StatementsPage() {
  const contracts = useContracts({});
  return (
    <>
      <PageHeader
        title="Statements"
        description="Monthly statements of your retainer: balance, consumption and what is left of the term."
      />
      <ListStates
        error={contracts.error}
        pending={contracts.isPending}
        isEmpty={contracts.items.length === 0}
        errorTitle="Could not load your retainers"
        onRetry={contracts.refetch}
        empty={
          <EmptyCard
            heading="Statements"
            icon={<IconFileInvoice size={22} stroke={1.5} aria-hidden />}
            title="No statements yet"
            description="Your first statement will appear here after the first statement day of your retainer."
          />
        }
      >
        <Stack gap="xl">
          {contracts.items
            .filter((c) => c.status !== 'draft')
            .map((c) => (
              <Card key={c.id} withBorder>
                <Title order={2} fz="h4" mb="sm">
                  Retainer {c.number}
                </Title>
                <Stack gap="md">
                  <StatementsTable contractId={c.id} customerId={c.customerId} staff={false} />
                  {c.status === 'active' && <StatementPreviewCard contractId={c.id} contractNumber={c.number} />}
                </Stack>
              </Card>
            ))}
        </Stack>
      </ListStates>
    </>
  );
}
