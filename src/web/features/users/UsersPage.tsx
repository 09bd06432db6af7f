import { Badge, Button, Group, NativeSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconSearch, IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { roleLabels, roles } from '../../../shared/roles.ts';
import type { User } from '../../api/types.ts';
import { useSession } from '../../app/session.ts';
import { DateTime } from '../../components/DateTime.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { DataTable, PagedListStates } from '../../components/DataTable.tsx';
import { errorMessage } from '../../components/ErrorAlert.tsx';
import { TableSkeleton } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { SignInPolicyCard } from './SignInPolicyCard.tsx';
import { CreateUserDialog, DisableUserDialog, EditUserDialog } from './UserDialogs.tsx';
import { useUpdateUser, useUsers } from './users.api.ts';

const roleOptions = [{ value: '', label: 'All roles' }, ...roles.map((r) => ({ value: r, label: roleLabels[r] }))];
const statusOptions = [
  { value: '', label: 'All statuses' },
  { value: 'active', label: 'Active' },
  { value: 'invited', label: 'Invited' },
  { value: 'disabled', label: 'Disabled' },
];

/** One account: name and email (and "you"), role, organisation, status, created, Edit and Enable or Disable. */
function UserRow({
  u,
  isMe,
  enabling,
  onEdit,
  onEnable,
  onDisable,
}: {
  u: User;
  isMe: boolean;
  enabling: boolean;
  onEdit: (user: User) => void;
  onEnable: (user: User) => void;
  onDisable: (user: User) => void;
}) {
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={600}>
          {u.name}
          {isMe ? (
            <Badge ml={6} size="xs" variant="outline" tt="none">
              you
            </Badge>
          ) : null}
        </Text>
        <Text size="xs" c="dimmed">
          {u.email}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{roleLabels[u.role]}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{u.organizationName}</Text>
        <Text size="xs" c="dimmed">
          {u.organizationKind === 'provider' ? 'Your firm' : 'Customer'}
        </Text>
      </Table.Td>
      <Table.Td>
        <StatusBadge status={u.status} />
      </Table.Td>
      <Table.Td>
        <Text size="sm">
          <DateTime value={u.createdAt} />
        </Text>
      </Table.Td>
      <Table.Td>
        <Group gap={6} justify="flex-end" wrap="nowrap">
          <Button size="compact-sm" variant="default" onClick={() => onEdit(u)} aria-label={`Edit ${u.name}`}>
            Edit
          </Button>
          {u.status === 'disabled' ? (
            <Button
              size="compact-sm"
              variant="default"
              onClick={() => onEnable(u)}
              aria-label={`Enable ${u.name}`}
              loading={enabling}
            >
              Enable
            </Button>
          ) : isMe ? null : (
            <Button size="compact-sm" variant="default" onClick={() => onDisable(u)} aria-label={`Disable ${u.name}`}>
              Disable
            </Button>
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

/** Settings → Users (admin): every account, staff and customers, with create, edit, disable and enable. */
export function UsersPage() {
  const { user: me } = useSession();
  const [role, setRole] = useState('');
  const [status, setStatus] = useState('');
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const list = useUsers({ role, status, q });
  const update = useUpdateUser();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const [disabling, setDisabling] = useState<User | null>(null);
  const filtered = Boolean(role || status || q);

  function enable(user: User) {
    update.mutate(
      { id: user.id, patch: { status: 'active' } },
      {
        onSuccess: (r) =>
          notifications.show({
            color: 'green',
            title: 'User enabled',
            message:
              r.status === 'invited' ? `${r.name} still has to choose a password.` : `${r.name} can sign in again.`,
          }),
        onError: (e) =>
          notifications.show({ color: 'red', title: 'Could not enable the user', message: errorMessage(e) }),
      },
    );
  }

  return (
    <>
      <PageHeader
        title="Users"
        description="Accounts of your firm's staff and of customer contacts. Disabling an account signs it out everywhere and revokes its API tokens."
        actions={
          <Button leftSection={<IconUserPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
            Create user
          </Button>
        }
      />
      <Stack gap="md">
        <SignInPolicyCard />
        <Group gap="sm" align="flex-end" wrap="wrap">
          <TextInput
            label="Search"
            placeholder="Name or email"
            leftSection={<IconSearch size={16} aria-hidden />}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            w={260}
          />
          <NativeSelect
            label="Role"
            data={roleOptions}
            value={role}
            onChange={(e) => setRole(e.currentTarget.value)}
            w={220}
          />
          <NativeSelect
            label="Status"
            data={statusOptions}
            value={status}
            onChange={(e) => setStatus(e.currentTarget.value)}
            w={160}
          />
        </Group>

        <PagedListStates
          list={list}
          errorTitle="Could not load the users"
          skeleton={<TableSkeleton columns={5} />}
          empty={
            <EmptyState
              title={filtered ? 'No users match these filters' : 'No users yet'}
              description={
                filtered
                  ? 'Change or clear the filters to see more.'
                  : 'Create the first account for a member of your team.'
              }
            />
          }
        >
          <DataTable
            label="Users"
            minWidth={760}
            columns={['Name', 'Role', 'Organisation', 'Status', 'Created', { label: 'Actions', hidden: true }]}
          >
            {list.items.map((u) => (
              <UserRow
                key={u.id}
                u={u}
                isMe={u.id === me.id}
                enabling={update.isPending && update.variables?.id === u.id}
                onEdit={setEditing}
                onEnable={enable}
                onDisable={setDisabling}
              />
            ))}
          </DataTable>
        </PagedListStates>
      </Stack>
      <CreateUserDialog opened={creating} onClose={() => setCreating(false)} />
      <EditUserDialog user={editing} onClose={() => setEditing(null)} />
      <DisableUserDialog user={disabling} onClose={() => setDisabling(null)} />
    </>
  );
}
