import { Button, Card, DataList, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconPencil } from '@tabler/icons-react';
import { roleLabels } from '../../../shared/roles.ts';
import type { Customer } from '../../api/types.ts';
import { DateTime } from '../../components/DateTime.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';

/** The overview tab: the customer's facts and its account team. */
export function Overview({ customer, canEdit, onEdit }: { customer: Customer; canEdit: boolean; onEdit: () => void }) {
  return (
    <Stack gap="md">
      <Card>
        <Group justify="space-between" mb="md">
          <Title order={2} fz="h4">
            Customer
          </Title>
          {canEdit ? (
            <Button variant="default" leftSection={<IconPencil size={16} aria-hidden />} onClick={onEdit}>
              Edit customer
            </Button>
          ) : null}
        </Group>
        <DataList labelWidth={180}>
          <DataList.Item>
            <DataList.ItemLabel>Name</DataList.ItemLabel>
            <DataList.ItemValue>{customer.name}</DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>Time zone</DataList.ItemLabel>
            <DataList.ItemValue>{customer.timeZone}</DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>Status</DataList.ItemLabel>
            <DataList.ItemValue>
              <StatusBadge status={customer.status} />
            </DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>Customer since</DataList.ItemLabel>
            <DataList.ItemValue>
              <DateTime value={customer.createdAt} />
            </DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>Last changed</DataList.ItemLabel>
            <DataList.ItemValue>
              <DateTime value={customer.updatedAt} /> (revision {customer.revision})
            </DataList.ItemValue>
          </DataList.Item>
        </DataList>
      </Card>
      <Card>
        <Title order={2} fz="h4" mb="md">
          Account team
        </Title>
        {customer.accountTeamMembers.length === 0 ? (
          <EmptyState
            bare
            size="sm"
            title="No account team yet"
            description={
              canEdit
                ? 'Edit the customer to add account managers and IR managers.'
                : 'An administrator or account manager can add the team.'
            }
          />
        ) : (
          <Table aria-label="Account team" highlightOnHover={false}>
            <Table.Tbody>
              {customer.accountTeamMembers.map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {m.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {m.email}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{roleLabels[m.role]}</Text>
                  </Table.Td>
                  <Table.Td>{m.status === 'active' ? null : <StatusBadge status={m.status} />}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
    </Stack>
  );
}
