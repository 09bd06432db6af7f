import { Anchor, Button, Group, Table, Text } from '@mantine/core';
import { IconMapPin, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import type { Customer, Site } from '../../api/types.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { useSites } from './customers.api.ts';
import { ListSection } from './ListSection.tsx';
import { SiteDialog } from './SiteDialog.tsx';

const coordinates = (site: Site) =>
  site.latitude === null || site.longitude === null ? '—' : `${site.latitude.toFixed(4)}, ${site.longitude.toFixed(4)}`;

/** The sites tab: offices and data centres with their coordinates and time zones; Add site, Edit. */
export function Sites({ customer, canEdit }: { customer: Customer; canEdit: boolean }) {
  const query = useSites(customer.id);
  const [editing, setEditing] = useState<Site | null>(null);
  const [adding, setAdding] = useState(false);
  const addButton = canEdit ? (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setAdding(true)}>
      Add site
    </Button>
  ) : null;
  return (
    <ListSection
      query={query}
      what="sites"
      addButton={addButton}
      columns={4}
      empty={
        <EmptyState
          icon={<IconMapPin size={28} stroke={1.5} aria-hidden />}
          title="No sites yet"
          description="Offices and data centres where consultants may work on site, with their time zones."
          action={addButton}
        />
      }
      dialogs={
        <SiteDialog
          customerId={customer.id}
          customerTimeZone={customer.timeZone}
          site={editing}
          opened={adding || editing !== null}
          onClose={() => {
            setAdding(false);
            setEditing(null);
          }}
        />
      }
    >
      {(items) => (
        <DataTable
          label="Sites"
          minWidth={760}
          columns={['Name', 'Address', 'Coordinates', 'Time zone', { label: 'Actions', hidden: true }]}
        >
          {items.map((s) => (
            <Table.Tr key={s.id}>
              <Table.Td>
                <Text size="sm" fw={600}>
                  {s.name}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
                  {s.address || '—'}
                </Text>
              </Table.Td>
              <Table.Td>
                {s.latitude !== null && s.longitude !== null ? (
                  <Anchor
                    size="sm"
                    href={`https://www.openstreetmap.org/?mlat=${s.latitude}&mlon=${s.longitude}#map=15/${s.latitude}/${s.longitude}`}
                    target="_blank"
                    rel="noopener noreferrer"
                  >
                    {coordinates(s)}
                  </Anchor>
                ) : (
                  <Text size="sm" c="dimmed">
                    —
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{s.timeZone}</Text>
              </Table.Td>
              <Table.Td>
                {canEdit ? (
                  <Group justify="flex-end">
                    <Button
                      size="compact-sm"
                      variant="default"
                      onClick={() => setEditing(s)}
                      aria-label={`Edit ${s.name}`}
                    >
                      Edit
                    </Button>
                  </Group>
                ) : null}
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}
    </ListSection>
  );
}
