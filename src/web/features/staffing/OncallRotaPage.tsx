import { Alert, Button, Card, Group, List, Modal, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCalendarOff } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import type { OncallShift } from '../../../shared/contracts/oncall.ts';
import { isApiError } from '../../api/client.ts';
import { DateTime } from '../../components/DateTime.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { TableSkeleton } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useOncallNow } from '../staffing-suggest/suggest.api.ts';
import { fromLocalInput, periodLabel, toLocalInput } from '../timeline/timeline.layout.ts';
import { useOncallMutations, useRotas, useShifts } from './oncall.api.ts';
import { useConsultants } from './staffing.api.ts';

const DAY = 24 * 60 * 60 * 1000;

/** From now to 14 days ahead, as the shifts query takes it. */
function nextFortnight(): { from: string; to: string } {
  const from = Date.now();
  return { from: new Date(from).toISOString(), to: new Date(from + 14 * DAY).toISOString() };
}

/** A refused shift as clearly as the API refuses it: the shifts it runs into, in the reader's zone. */
function ShiftRefusal({ error }: { error: unknown }) {
  if (isApiError(error) && error.code === 'ONCALL_SHIFT_OVERLAP') {
    const raw = error.details['conflicts'];
    const conflicts = Array.isArray(raw) ? (raw as OncallShift[]) : [];
    return (
      <Alert
        color="red"
        variant="light"
        role="alert"
        title="Overlapping shift refused"
        icon={<IconCalendarOff size={18} />}
      >
        <Text size="sm">Shifts of one rota never overlap: move or shorten one of them. This shift overlaps:</Text>
        {conflicts.length ? (
          <List size="sm" mt="xs">
            {conflicts.map((c) => (
              <List.Item key={c.id}>
                {c.name}: {periodLabel(c.start, c.end)} ({c.rotaName})
              </List.Item>
            ))}
          </List>
        ) : (
          <Text size="sm">another shift saved meanwhile; reload the rota and try again.</Text>
        )}
      </Alert>
    );
  }
  return <ErrorAlert error={error} title="The shift was not saved" />;
}

/** Add a shift to the rota, or move / reassign / annotate one (`shift` given). */
function ShiftForm({ rotaId, shift, onDone }: { rotaId: string; shift?: OncallShift; onDone?: () => void }) {
  const eligible = useConsultants({ onCall: 'true' });
  const { addShift, updateShift } = useOncallMutations();
  const saving = shift ? updateShift : addShift;
  const [userId, setUserId] = useState<string | null>(shift?.userId ?? null);
  const [start, setStart] = useState(shift ? toLocalInput(Date.parse(shift.start)) : '');
  const [end, setEnd] = useState(shift ? toLocalInput(Date.parse(shift.end)) : '');
  const [note, setNote] = useState(shift?.note ?? '');
  const [missing, setMissing] = useState<Record<string, string>>({});
  const apiFields = isApiError(saving.error) ? saving.error.fieldErrors() : {};
  const errors = { ...apiFields, ...missing };
  const people = (eligible.data ?? []).map((c) => ({
    value: c.userId,
    label: `${c.name} (${c.timeZone.replace(/_/g, ' ')})`,
  }));
  if (shift && !people.some((p) => p.value === shift.userId)) people.push({ value: shift.userId, label: shift.name });

  function submit(e: FormEvent) {
    e.preventDefault();
    const startIso = fromLocalInput(start);
    const endIso = fromLocalInput(end);
    const found: Record<string, string> = {};
    if (!userId) found['userId'] = 'Choose who holds the pager.';
    if (!startIso) found['start'] = 'Give the day and time the shift starts.';
    if (!endIso) found['end'] = 'Give the day and time the shift ends.';
    else if (startIso && endIso <= startIso) found['end'] = 'The shift must end after it starts.';
    setMissing(found);
    if (Object.keys(found).length || !userId || !startIso || !endIso) return saving.reset();
    const body = { userId, start: startIso, end: endIso, ...(note.trim() ? { note: note.trim() } : {}) };
    const onSuccess = () => {
      notifications.show({ color: 'green', message: shift ? 'Shift saved.' : 'Shift added.' });
      if (!shift) {
        setStart('');
        setEnd('');
        setNote('');
      }
      onDone?.();
    };
    if (shift) updateShift.mutate({ id: shift.id, body }, { onSuccess });
    else addShift.mutate({ rotaId, body }, { onSuccess });
  }

  return (
    <form onSubmit={submit} noValidate aria-label={shift ? 'Edit the shift' : 'Add a shift'}>
      <Stack gap="xs">
        {saving.error && !Object.keys(apiFields).length ? <ShiftRefusal error={saving.error} /> : null}
        <Group align="flex-start" wrap="wrap">
          <Select
            label="On call"
            placeholder={eligible.isPending ? 'Loading…' : 'Choose an eligible consultant'}
            data={people}
            value={userId}
            onChange={setUserId}
            searchable
            error={errors['userId']}
            w={280}
          />
          <TextInput
            type="datetime-local"
            label="From (your time)"
            value={start}
            onChange={(e) => setStart(e.currentTarget.value)}
            error={errors['start']}
          />
          <TextInput
            type="datetime-local"
            label="To (your time)"
            value={end}
            onChange={(e) => setEnd(e.currentTarget.value)}
            error={errors['end']}
          />
          <TextInput
            label="Note"
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            error={errors['note']}
          />
          <Button type="submit" mt={24} loading={saving.isPending}>
            {shift ? 'Save shift' : 'Add shift'}
          </Button>
        </Group>
        {eligible.data && eligible.data.length === 0 ? (
          <Text size="xs" c="dimmed">
            Nobody is eligible yet: mark a consultant’s profile “Eligible for the on-call rota” first.
          </Text>
        ) : null}
      </Stack>
    </form>
  );
}

/** Who is on call now, the next one, and the gaps of the next 14 days (every rota). */
function CoverageCard() {
  const q = useOncallNow();
  const now = q.data;
  return (
    <Card withBorder aria-label="Coverage">
      <Title order={2} fz="h4" mb="xs">
        Coverage of the next 14 days
      </Title>
      {q.error ? <ErrorAlert error={q.error} /> : null}
      {now ? (
        <Stack gap={6}>
          <Text size="sm">
            {now.current.length
              ? `On call now: ${now.current.map((s) => s.name).join(', ')}.`
              : 'Nobody is on call now: every IR manager is told of each new emergency.'}
          </Text>
          {now.coverage.gaps.length ? (
            <Alert
              color="yellow"
              variant="light"
              title="Gaps in the rota"
              icon={<IconAlertTriangle size={18} aria-hidden />}
            >
              {now.coverage.gaps.map((g) => (
                <Text key={g.start} size="sm">
                  Nobody on call {periodLabel(g.start, g.end)}.
                </Text>
              ))}
            </Alert>
          ) : (
            <Text size="sm" c="green">
              Every hour of the next 14 days is covered.
            </Text>
          )}
        </Stack>
      ) : null}
    </Card>
  );
}

function NewRotaForm({ onCreated }: { onCreated: (id: string) => void }) {
  const { createRota } = useOncallMutations();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [missing, setMissing] = useState('');
  const fields = isApiError(createRota.error) ? createRota.error.fieldErrors() : {};
  return (
    <form
      aria-label="New rota"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!name.trim()) return setMissing('Give the rota a name.');
        setMissing('');
        createRota.mutate(
          { name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}) },
          {
            onSuccess: (r) => {
              setName('');
              setDescription('');
              onCreated(r.id);
            },
          },
        );
      }}
    >
      <Stack gap="xs">
        {createRota.error && !Object.keys(fields).length ? (
          <ErrorAlert error={createRota.error} title="The rota was not created" />
        ) : null}
        <Group align="flex-start">
          <TextInput
            label="New rota"
            placeholder="Follow the sun"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={missing || fields['name']}
          />
          <TextInput
            label="Description"
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            error={fields['description']}
          />
          <Button type="submit" variant="default" mt={24} loading={createRota.isPending}>
            Create rota
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ShiftsTable({ shifts, onEdit }: { shifts: OncallShift[]; onEdit: (s: OncallShift) => void }) {
  const { removeShift } = useOncallMutations();
  return (
    <Table aria-label="Shifts" striped>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>On call</Table.Th>
          <Table.Th>From</Table.Th>
          <Table.Th>To</Table.Th>
          <Table.Th>Note</Table.Th>
          <Table.Th />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {shifts.map((s) => (
          <Table.Tr key={s.id}>
            <Table.Td>{s.name}</Table.Td>
            <Table.Td>
              <DateTime value={s.start} />
            </Table.Td>
            <Table.Td>
              <DateTime value={s.end} />
            </Table.Td>
            <Table.Td>{s.note || '—'}</Table.Td>
            <Table.Td>
              <Group gap={4} justify="flex-end" wrap="nowrap">
                <Button size="xs" variant="subtle" onClick={() => onEdit(s)} aria-label={`Edit the shift of ${s.name}`}>
                  Edit
                </Button>
                <Button
                  size="xs"
                  variant="subtle"
                  color="red"
                  aria-label={`Remove the shift of ${s.name}`}
                  loading={removeShift.isPending && removeShift.variables === s.id}
                  onClick={() =>
                    removeShift.mutate(s.id, {
                      onSuccess: () => notifications.show({ color: 'green', message: 'Shift removed.' }),
                    })
                  }
                >
                  Remove
                </Button>
              </Group>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** /oncall: the on-call rotas, their shifts of the next 14 days, adding and editing shifts, gaps (IR managers, admins). */
export function OncallRotaPage() {
  const rotas = useRotas();
  const [chosen, setChosen] = useState<string | null>(null);
  const [editing, setEditing] = useState<OncallShift | null>(null);
  const [range] = useState(nextFortnight);
  const rotaId = chosen ?? rotas.data?.find((r) => r.active)?.id ?? rotas.data?.[0]?.id ?? null;
  const rota = rotas.data?.find((r) => r.id === rotaId) ?? null;
  const shifts = useShifts(rotaId, range);
  return (
    <Stack>
      <PageHeader
        title="On-call rota"
        description="Who holds the pager for emergencies. Shifts of one rota never overlap; every hour of the next 14 days should be covered."
      />
      <CoverageCard />
      <Card withBorder>
        <Stack gap="sm">
          {rotas.error ? <ErrorAlert error={rotas.error} onRetry={() => void rotas.refetch()} /> : null}
          <Group align="flex-end" justify="space-between" wrap="wrap">
            <Select
              label="Rota"
              data={(rotas.data ?? []).map((r) => ({ value: r.id, label: r.active ? r.name : `${r.name} (inactive)` }))}
              value={rotaId}
              onChange={setChosen}
              allowDeselect={false}
              placeholder={rotas.isPending ? 'Loading…' : 'No rota yet'}
              w={280}
            />
            <NewRotaForm onCreated={setChosen} />
          </Group>
          {rota?.description ? (
            <Text size="sm" c="dimmed">
              {rota.description}
            </Text>
          ) : null}
          {rotaId ? (
            <>
              <Title order={2} fz="h4">
                Shifts of the next 14 days
              </Title>
              {shifts.error ? <ErrorAlert error={shifts.error} /> : null}
              {shifts.isPending ? (
                <TableSkeleton columns={5} />
              ) : (shifts.data ?? []).length === 0 ? (
                <EmptyState title="No shifts in the next 14 days" description="Add the first shift below." />
              ) : (
                <ShiftsTable shifts={shifts.data ?? []} onEdit={setEditing} />
              )}
              <Title order={3} fz="h5">
                Add a shift
              </Title>
              <ShiftForm key={rotaId} rotaId={rotaId} />
            </>
          ) : rotas.data ? (
            <EmptyState title="No rota yet" description="Create the first rota to plan who is on call." />
          ) : null}
        </Stack>
      </Card>
      {editing ? (
        <Modal opened onClose={() => setEditing(null)} title={`Shift of ${editing.name}`} size="xl">
          <ShiftForm rotaId={editing.rotaId} shift={editing} onDone={() => setEditing(null)} />
        </Modal>
      ) : null}
    </Stack>
  );
}
