import { Anchor, Button, Progress, Skeleton, Table, Text } from '@mantine/core';
import { IconFileCertificate, IconPlus } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';
import type { Contract } from '../../api/types.ts';
import { DataTable, PagedListStates } from '../../components/DataTable.tsx';
import { CalendarDate } from '../../components/DateTime.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { TableSkeleton } from '../../components/Loading.tsx';
import { QuantityText } from '../../components/QuantityText.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { contractStatusColors, unitLabels } from './contract-labels.ts';
import { useBalance, useContracts } from './contracts.api.ts';

/** Available of balance, and the share consumed, for one row (each row reads its own balance). */
function BalanceCells({ contract }: { contract: Contract }) {
  const query = useBalance(contract.id);
  if (query.isPending)
    return (
      <>
        <Table.Td>
          <Skeleton height={16} width={90} />
        </Table.Td>
        <Table.Td>
          <Skeleton height={16} width={120} />
        </Table.Td>
      </>
    );
  if (query.error)
    return (
      <Table.Td colSpan={2}>
        <Text size="sm" c="red.8">
          Balance not available
        </Text>
      </Table.Td>
    );
  const balance = query.data;
  return (
    <>
      <Table.Td>
        <Text size="sm" fw={600}>
          <QuantityText value={balance.available} />
        </Text>
        <Text size="xs" c="dimmed">
          of <QuantityText value={balance.balance} />
          {balance.reserved.amount ? (
            <>
              , <QuantityText value={balance.reserved} /> reserved
            </>
          ) : null}
        </Text>
      </Table.Td>
      <Table.Td miw={140}>
        <Text size="xs" mb={4}>
          {Math.round(balance.percentConsumed)}% consumed
        </Text>
        <Progress
          value={Math.min(100, balance.percentConsumed)}
          size="sm"
          color={balance.percentConsumed >= 90 ? 'red' : balance.percentConsumed >= 75 ? 'orange' : 'brand'}
          aria-label={`${contract.number}: share consumed`}
        />
      </Table.Td>
    </>
  );
}

/** A customer's contracts, newest term first as the API lists them, with status, term, unit and balance. */
export function ContractsTable({ customerId, onNew }: { customerId: string; onNew?: (() => void) | undefined }) {
  const list = useContracts({ customerId });
  const navigate = useNavigate();
  const newButton = onNew ? (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={onNew}>
      New contract
    </Button>
  ) : null;
  return (
    <PagedListStates
      list={list}
      errorTitle="Could not load the contracts"
      skeleton={<TableSkeleton columns={6} rows={2} />}
      empty={
        <EmptyState
          icon={<IconFileCertificate size={28} stroke={1.5} aria-hidden />}
          title="No contracts yet"
          description="A retainer contract holds the customer's hours or service units, its term and its ledger."
          action={newButton}
        />
      }
    >
      <DataTable
        label="Contracts"
        minWidth={880}
        columns={['Number', 'Status', 'Term', 'Unit', 'Available', 'Consumed']}
      >
        {list.items.map((c) => (
          <Table.Tr key={c.id} className="imr-row-link" onClick={() => void navigate(`/contracts/${c.id}`)}>
            <Table.Td>
              <Anchor
                component={Link}
                to={`/contracts/${c.id}`}
                fw={600}
                size="sm"
                onClick={(e) => e.stopPropagation()}
              >
                {c.number}
              </Anchor>
            </Table.Td>
            <Table.Td>
              <StatusBadge status={c.status} colors={contractStatusColors} />
            </Table.Td>
            <Table.Td>
              <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                <CalendarDate value={c.termStart} /> – <CalendarDate value={c.termEnd} />
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm">
                {unitLabels[c.unit]}
                {c.unitsPerHour ? ` (${c.unitsPerHour}/h)` : ''}
              </Text>
            </Table.Td>
            <BalanceCells contract={c} />
          </Table.Tr>
        ))}
      </DataTable>
    </PagedListStates>
  );
}
