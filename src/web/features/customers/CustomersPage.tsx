import { Anchor, Button, Group, NativeSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconBuilding, IconPlus, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useSession } from '../../app/session.ts';
import { DataTable, PagedListStates } from '../../components/DataTable.tsx';
import { DateTime } from '../../components/DateTime.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { TableSkeleton } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { NewCustomerDialog } from './CustomerDialogs.tsx';
import { useCustomers } from './customers.api.ts';

const statusOptions = [
  { value: '', label: 'All statuses' },
  { value: 'active', label: 'Active' },
  { value: 'inactive', label: 'Inactive' },
];

/** May this role create customers (admin, account manager)? IR managers read only. */
export const canCreateCustomers = (role: string): boolean => role === 'admin' || role === 'account_manager';

/** Customers: every customer organisation by name, with its time zone and account team; "New customer". */
export function CustomersPage() {
  const { user } = useSession();
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const list = useCustomers({ q, status });
  const [creating, setCreating] = useState(false);
  const filtered = Boolean(q || status);
  const mayCreate = canCreateCustomers(user.role);
  const newButton = mayCreate ? (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
      New customer
    </Button>
  ) : null;

  return (
    <>
      <PageHeader
        title="Customers"
        description="Customer organisations with their contacts, sites, account team and retainer contracts."
        actions={newButton}
      />
      <Stack gap="md">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <TextInput
            label="Search"
            placeholder="Customer name"
            leftSection={<IconSearch size={16} aria-hidden />}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            w={280}
          />
          <NativeSelect
            label="Status"
            data={statusOptions}
            value={status}
            onChange={(e) => setStatus(e.currentTarget.value)}
            w={180}
          />
        </Group>
        <PagedListStates
          list={list}
          errorTitle="Could not load the customers"
          skeleton={<TableSkeleton columns={5} />}
          empty={
            <EmptyState
              icon={<IconBuilding size={28} stroke={1.5} aria-hidden />}
              title={filtered ? 'No customers match these filters' : 'No customers yet'}
              description={
                filtered
                  ? 'Change or clear the filters to see more.'
                  : mayCreate
                    ? 'Add the first customer, then its contacts, sites and retainer contract.'
                    : 'Customers added by account managers will be listed here.'
              }
              action={filtered ? null : newButton}
            />
          }
        >
          <DataTable
            label="Customers"
            minWidth={760}
            columns={['Name', 'Time zone', 'Account team', 'Status', 'Since']}
          >
            {list.items.map((c) => (
              <Table.Tr key={c.id} className="imr-row-link" onClick={() => void navigate(`/customers/${c.id}`)}>
                <Table.Td>
                  <Anchor
                    component={Link}
                    to={`/customers/${c.id}`}
                    fw={600}
                    size="sm"
                    onClick={(e) => e.stopPropagation()}
                  >
                    {c.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{c.timeZone}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c={c.accountTeamMembers.length ? undefined : 'dimmed'}>
                    {c.accountTeamMembers.length ? c.accountTeamMembers.map((m) => m.name).join(', ') : 'No one yet'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <StatusBadge status={c.status} colors={{ inactive: 'gray' }} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    <DateTime value={c.createdAt} />
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        </PagedListStates>
      </Stack>
      <NewCustomerDialog opened={creating} onClose={() => setCreating(false)} />
    </>
  );
}
