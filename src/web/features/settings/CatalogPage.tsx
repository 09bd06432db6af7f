import { Badge, Button, Group, Modal, NativeSelect, Stack, Switch, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useSession } from '../../app/session.ts';
import { DataTable, PagedListStates } from '../../components/DataTable.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { errorMessage } from '../../components/ErrorAlert.tsx';
import { TableSkeleton } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { deliverableLabels } from '../requests/requests.labels.ts';
import type { CatalogItem } from '../requests/requests.types.ts';
import { RequirementsEditor } from '../staffing/RequirementsEditor.tsx';
import { TopUpPackagesSection } from '../topups/TopUpPackagesSection.tsx';
import { CatalogItemDialog } from './CatalogItemDialog.tsx';
import { useCatalog, useUpdateCatalogItem } from './settings.api.ts';

const kindOptions = [
  { value: '', label: 'All kinds' },
  { value: 'proactive', label: 'Proactive' },
  { value: 'emergency', label: 'Emergency' },
];
const activeOptions = [
  { value: '', label: 'Active and inactive' },
  { value: 'true', label: 'Active' },
  { value: 'false', label: 'Inactive' },
];

/** One service of the catalog: name and scope, sizes, lead time, deliverables, offered switch, Edit. */
function CatalogRow({
  i,
  canEdit,
  canStaff,
  toggling,
  onToggle,
  onEdit,
  onStaffing,
}: {
  i: CatalogItem;
  canEdit: boolean;
  canStaff: boolean;
  toggling: boolean;
  onToggle: (item: CatalogItem, on: boolean) => void;
  onEdit: (item: CatalogItem) => void;
  onStaffing: (item: CatalogItem) => void;
}) {
  return (
    <Table.Tr>
      <Table.Td maw={360}>
        <Group gap={6}>
          <Text size="sm" fw={600}>
            {i.name}
          </Text>
          {i.kind === 'emergency' ? (
            <Badge color="red" variant="light" size="sm" tt="none">
              Emergency
            </Badge>
          ) : null}
        </Group>
        <Text size="xs" c="dimmed" lineClamp={2}>
          {i.description}
        </Text>
      </Table.Td>
      <Table.Td>
        {i.sizes.length ? (
          i.sizes.map((s) => (
            <Text key={s.code} size="xs">
              {s.code}: {s.estimate.display}
              {s.fixedPriceInUnits ? ` · ${s.fixedPriceInUnits.display}` : ''}
            </Text>
          ))
        ) : (
          <Text size="xs" c="dimmed">
            Time and materials
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{i.leadTimeDays} days</Text>
      </Table.Td>
      <Table.Td>
        <Text size="xs">{i.deliverables.map((d) => deliverableLabels[d]).join(', ') || '—'}</Text>
      </Table.Td>
      <Table.Td>
        <Switch
          aria-label={`${i.name} offered to customers`}
          checked={i.active}
          disabled={!canEdit || toggling}
          onChange={(e) => onToggle(i, e.currentTarget.checked)}
        />
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap">
          {canEdit ? (
            <Button size="compact-sm" variant="default" onClick={() => onEdit(i)} aria-label={`Edit ${i.name}`}>
              Edit
            </Button>
          ) : null}
          {canStaff ? (
            <Button
              size="compact-sm"
              variant="default"
              onClick={() => onStaffing(i)}
              aria-label={`Staffing requirements of ${i.name}`}
            >
              Staffing
            </Button>
          ) : null}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

/** Settings → Service catalog: the services customers choose from, with sizes and lead times; admins add, edit and switch them off. */
export function CatalogPage() {
  const { user } = useSession();
  const canEdit = user.role === 'admin';
  const canStaff = user.role === 'admin' || user.role === 'ir_manager';
  const [staffing, setStaffing] = useState<CatalogItem | null>(null);
  const [kind, setKind] = useState('');
  const [active, setActive] = useState('');
  const list = useCatalog({ kind, active });
  const update = useUpdateCatalogItem();
  const [editing, setEditing] = useState<CatalogItem | null>(null);
  const [creating, setCreating] = useState(false);
  const filtered = Boolean(kind || active);

  function toggle(item: CatalogItem, on: boolean) {
    update.mutate(
      { id: item.id, patch: { active: on, revision: item.revision } },
      {
        onSuccess: (s) =>
          notifications.show({
            color: s.active ? 'green' : 'gray',
            title: s.active ? 'Service offered' : 'Service hidden',
            message: s.active
              ? `Customers can request ${s.name}.`
              : `Customers no longer see ${s.name}; requests already made keep it.`,
          }),
        onError: (e) =>
          notifications.show({ color: 'red', title: `Could not change ${item.name}`, message: errorMessage(e) }),
      },
    );
  }

  return (
    <>
      <PageHeader
        title="Service catalog"
        description="What customers can ask for: standard scope, sizes with effort and fixed prices, deliverables and lead time."
        actions={
          canEdit ? (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
              Add service
            </Button>
          ) : undefined
        }
      />
      <Stack gap="md">
        <Group gap="sm" align="flex-end">
          <NativeSelect
            label="Kind"
            data={kindOptions}
            value={kind}
            onChange={(e) => setKind(e.currentTarget.value)}
            w={180}
          />
          <NativeSelect
            label="Offered"
            data={activeOptions}
            value={active}
            onChange={(e) => setActive(e.currentTarget.value)}
            w={200}
          />
        </Group>
        <PagedListStates
          list={list}
          errorTitle="Could not load the catalog"
          skeleton={<TableSkeleton columns={5} />}
          empty={
            <EmptyState
              title={filtered ? 'No services match these filters' : 'The catalog is empty'}
              description={filtered ? 'Change or clear the filters.' : 'Add the services customers can request.'}
            />
          }
        >
          <DataTable
            label="Service catalog"
            minWidth={900}
            columns={['Service', 'Sizes', 'Lead time', 'Deliverables', 'Offered', { label: 'Actions', hidden: true }]}
          >
            {list.items.map((i) => (
              <CatalogRow
                key={i.id}
                i={i}
                canEdit={canEdit}
                canStaff={canStaff}
                onStaffing={setStaffing}
                toggling={update.isPending && update.variables?.id === i.id}
                onToggle={toggle}
                onEdit={setEditing}
              />
            ))}
          </DataTable>
        </PagedListStates>
        <TopUpPackagesSection canEdit={user.role === 'admin' || user.role === 'account_manager'} />
      </Stack>
      <Modal
        opened={staffing !== null}
        onClose={() => setStaffing(null)}
        title={staffing ? `Staffing requirements: ${staffing.name}` : ''}
        size="lg"
      >
        {staffing ? (
          <RequirementsEditor subject={{ catalogItemId: staffing.id }} canEdit onSaved={() => setStaffing(null)} />
        ) : null}
      </Modal>
      <CatalogItemDialog
        opened={creating || editing !== null}
        item={editing}
        onClose={() => {
          setCreating(false);
          setEditing(null);
        }}
      />
    </>
  );
}
