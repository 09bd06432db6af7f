import { Badge, Button, Code, Group, Paper, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconFilter } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import type { AuditEvent } from '../../api/types.ts';
import { DateTime } from '../../components/DateTime.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { DataTable, PagedListStates } from '../../components/DataTable.tsx';
import { TableSkeleton } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useAudit, type AuditFilter } from './audit.api.ts';

const empty = { entityType: '', entityId: '', actorId: '', action: '', from: '', to: '' };
type Draft = typeof empty;

/** A datetime-local value (the reader's time zone) as an ISO instant; '' stays ''. */
const toInstant = (local: string): string => (local ? new Date(local).toISOString() : '');

function filterOf(draft: Draft): AuditFilter {
  const filter: AuditFilter = {};
  for (const k of ['entityType', 'entityId', 'actorId', 'action'] as const)
    if (draft[k].trim()) filter[k] = draft[k].trim();
  if (draft.from) filter.from = toInstant(draft.from);
  if (draft.to) filter.to = toInstant(draft.to);
  return filter;
}

function Json({ value }: { value: Record<string, unknown> | null }) {
  if (!value)
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  return <Code block>{JSON.stringify(value, null, 2)}</Code>;
}

function EventDetails({ e }: { e: AuditEvent }) {
  return (
    <Stack gap="sm" p="xs">
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <div>
          <Text size="xs" fw={600} mb={4}>
            Before
          </Text>
          <Json value={e.before} />
        </div>
        <div>
          <Text size="xs" fw={600} mb={4}>
            After
          </Text>
          <Json value={e.after} />
        </div>
      </SimpleGrid>
      <Group gap="lg">
        <Text size="xs" c="dimmed">
          Event <Code>{e.id}</Code>
        </Text>
        <Text size="xs" c="dimmed">
          Request <Code>{e.requestId ?? '—'}</Code>
        </Text>
        <Text size="xs" c="dimmed">
          IP <Code>{e.ip ?? '—'}</Code>
        </Text>
        {e.actorId ? (
          <Text size="xs" c="dimmed">
            Actor id <Code>{e.actorId}</Code>
          </Text>
        ) : null}
      </Group>
    </Stack>
  );
}

/** One audit event as a row, and its details under it when opened. */
function AuditRow({ e, open, onToggle }: { e: AuditEvent; open: boolean; onToggle: () => void }) {
  return (
    <>
      <Table.Tr>
        <Table.Td>
          <Text size="sm">
            <DateTime value={e.at} />
          </Text>
        </Table.Td>
        <Table.Td>
          <Text size="sm">{e.actorLabel}</Text>
          <Text size="xs" c="dimmed">
            {e.actorType}
          </Text>
        </Table.Td>
        <Table.Td>
          <Code>{e.action}</Code>
        </Table.Td>
        <Table.Td>
          <Text size="sm">{e.entityType}</Text>
          <Text size="xs" c="dimmed" ff="monospace">
            {e.entityId}
          </Text>
        </Table.Td>
        <Table.Td>
          <Badge variant="outline" color="gray" tt="none" radius="sm">
            {e.channel}
          </Badge>
        </Table.Td>
        <Table.Td>
          <Button
            size="compact-sm"
            variant="subtle"
            aria-expanded={open}
            aria-label={`${open ? 'Hide' : 'Show'} details of ${e.action} at ${e.at}`}
            onClick={onToggle}
          >
            {open ? 'Hide' : 'Details'}
          </Button>
        </Table.Td>
      </Table.Tr>
      {open ? (
        <Table.Tr>
          <Table.Td colSpan={6} bg="gray.0">
            <EventDetails e={e} />
          </Table.Td>
        </Table.Tr>
      ) : null}
    </>
  );
}

/** Settings → Audit log (admin): every change, who made it, when and through which channel. */
export function AuditPage() {
  const [draft, setDraft] = useState<Draft>(empty);
  const [filter, setFilter] = useState<AuditFilter>({});
  const [open, setOpen] = useState<string | null>(null);
  const list = useAudit(filter);
  const set = (k: keyof Draft) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setDraft({ ...draft, [k]: e.currentTarget.value });

  function apply(e: FormEvent) {
    e.preventDefault();
    setFilter(filterOf(draft));
  }

  const filtered = Object.keys(filter).length > 0;
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change to IMR Desk, newest first. The log is append-only: nobody, administrators included, can edit or delete an entry."
      />
      <Stack gap="md">
        <Paper withBorder p="md">
          <form onSubmit={apply} aria-label="Filter the audit log">
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
              <TextInput label="Action" placeholder="user.created" value={draft.action} onChange={set('action')} />
              <TextInput label="Entity type" placeholder="user" value={draft.entityType} onChange={set('entityType')} />
              <TextInput label="Entity id" placeholder="usr_…" value={draft.entityId} onChange={set('entityId')} />
              <TextInput label="Actor id" placeholder="usr_…" value={draft.actorId} onChange={set('actorId')} />
              <TextInput label="From" type="datetime-local" value={draft.from} onChange={set('from')} />
              <TextInput label="To" type="datetime-local" value={draft.to} onChange={set('to')} />
            </SimpleGrid>
            <Group justify="flex-end" mt="md" gap="sm">
              {filtered ? (
                <Button
                  variant="default"
                  onClick={() => {
                    setDraft(empty);
                    setFilter({});
                  }}
                >
                  Clear filters
                </Button>
              ) : null}
              <Button type="submit" leftSection={<IconFilter size={16} aria-hidden />}>
                Apply filters
              </Button>
            </Group>
          </form>
        </Paper>

        <PagedListStates
          list={list}
          errorTitle="Could not load the audit log"
          skeleton={<TableSkeleton columns={5} rows={8} />}
          empty={
            <EmptyState
              title={filtered ? 'No events match these filters' : 'No events yet'}
              description={
                filtered ? 'Widen the time range or clear a filter.' : 'Changes will be recorded here as they happen.'
              }
            />
          }
        >
          <DataTable
            label="Audit events"
            minWidth={820}
            columns={[
              { label: 'Time', width: 180 },
              'Actor',
              'Action',
              'Entity',
              'Channel',
              { label: 'Details', width: 100, hidden: true },
            ]}
          >
            {list.items.map((e) => (
              <AuditRow key={e.id} e={e} open={open === e.id} onToggle={() => setOpen(open === e.id ? null : e.id)} />
            ))}
          </DataTable>
        </PagedListStates>
      </Stack>
    </>
  );
}
