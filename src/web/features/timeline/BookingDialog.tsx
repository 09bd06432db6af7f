import { Alert, Button, Group, List, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCalendarOff } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import {
  bookingModeLabels,
  bookingModeValues,
  bookingStatusLabels,
  bookingStatusValues,
  type BookingMode,
  type BookingStatus,
} from '../../../shared/contracts/staffing.ts';
import { isApiError } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useBookingMutations, useOpenEngagements } from './timeline.api.ts';
import { conflictsOf, fromLocalInput, ONE_DAY, periodLabel, toLocalInput } from './timeline.layout.ts';
import type { TimelineBooking, TimelineConsultant } from './TimelineGrid.tsx';

/** What the dialog opens on: a new booking (maybe prefilled), or an existing one to move or cancel. */
export type DialogSubject =
  | { kind: 'new'; consultantId?: string; engagementId?: string; start?: number; end?: number }
  | { kind: 'existing'; booking: TimelineBooking };

/** A refused booking as clearly as the API says it: the 409's message and each conflicting period. */
function Refusal({ error }: { error: unknown }) {
  if (isApiError(error) && error.code === 'BOOKING_CONFLICT') {
    const conflicts = conflictsOf(error.details);
    return (
      <Alert
        color="red"
        variant="light"
        title="Double booking refused"
        role="alert"
        icon={<IconCalendarOff size={18} />}
      >
        <Text size="sm">{error.detail}</Text>
        {conflicts.length > 0 ? (
          <List size="sm" mt="xs">
            {conflicts.map((conflict, index) => (
              <List.Item key={index}>
                {conflict.kind === 'time_off'
                  ? 'Time off'
                  : `Booking ${conflict.engagementNumber ?? ''}${conflict.status ? ` (${conflict.status})` : ''}`}
                : {periodLabel(conflict.start, conflict.end)}
              </List.Item>
            ))}
          </List>
        ) : null}
      </Alert>
    );
  }
  return <ErrorAlert error={error} title="The booking was not saved" />;
}

/** Where a new booking starts and ends by default: as given, or from now for a working day. */
function initialPeriod(subject: DialogSubject): { start: number; end: number } {
  if (subject.kind === 'existing')
    return { start: Date.parse(subject.booking.start), end: Date.parse(subject.booking.end) };
  const start = subject.start ?? Date.now();
  return { start, end: subject.end ?? start + 8 * 60 * 60 * 1000 };
}

// eslint-disable-next-line max-lines-per-function -- one form: its fields, the save, the move shortcuts and the cancellation
export function BookingDialog({
  subject,
  consultants,
  onClose,
}: {
  subject: DialogSubject;
  consultants: TimelineConsultant[];
  onClose: () => void;
}) {
  const existing = subject.kind === 'existing' ? subject.booking : null;
  const { create, move, cancel } = useBookingMutations();
  const engagements = useOpenEngagements();
  const [initial] = useState(() => initialPeriod(subject));
  const [engagementId, setEngagementId] = useState<string | null>(
    existing?.engagementId ?? (subject.kind === 'new' ? (subject.engagementId ?? null) : null),
  );
  const [consultantId, setConsultantId] = useState<string | null>(
    existing?.consultantId ?? (subject.kind === 'new' ? (subject.consultantId ?? null) : null),
  );
  const [start, setStart] = useState(toLocalInput(initial.start));
  const [end, setEnd] = useState(toLocalInput(initial.end));
  const [mode, setMode] = useState<BookingMode>(existing?.mode ?? 'remote');
  const [status, setStatus] = useState<BookingStatus>(existing?.status ?? 'confirmed');
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState<string | null>(null);
  const saving = existing ? move : create;
  const shift = (days: number) => {
    const a = fromLocalInput(start);
    const b = fromLocalInput(end);
    if (!a || !b) return;
    setStart(toLocalInput(Date.parse(a) + days * ONE_DAY));
    setEnd(toLocalInput(Date.parse(b) + days * ONE_DAY));
  };

  function submit(event: FormEvent) {
    event.preventDefault();
    const startIso = fromLocalInput(start);
    const endIso = fromLocalInput(end);
    if (!engagementId || !consultantId || !startIso || !endIso)
      return setMissing('Choose the engagement and the consultant, and give a start and an end.');
    setMissing(null);
    const done = (title: string) => () => {
      notifications.show({ color: 'green', title, message: 'The consultant gets the calendar invite by email.' });
      onClose();
    };
    if (existing)
      move.mutate(
        {
          engagementId,
          bookingId: existing.id,
          revision: existing.revision,
          start: startIso,
          end: endIso,
          mode,
          status,
        },
        { onSuccess: done('Booking moved') },
      );
    else
      create.mutate(
        { engagementId, consultantId, start: startIso, end: endIso, mode, status },
        { onSuccess: done('Booked') },
      );
  }

  const engagementOptions = existing
    ? [{ value: existing.engagementId, label: `${existing.engagementNumber}: ${existing.engagementTitle}` }]
    : (engagements.data?.items ?? []).map((e) => ({ value: e.id, label: `${e.number}: ${e.title}` }));
  return (
    <Modal
      opened
      onClose={onClose}
      title={existing ? `Booking on ${existing.engagementNumber}` : 'New booking'}
      size="lg"
    >
      <form onSubmit={submit} noValidate aria-label={existing ? 'Move the booking' : 'New booking'}>
        <Stack gap="sm">
          {saving.error ? <Refusal error={saving.error} /> : null}
          {missing ? (
            <Alert color="red" variant="light" role="alert">
              {missing}
            </Alert>
          ) : null}
          {engagements.error ? <ErrorAlert error={engagements.error} title="Could not load the engagements" /> : null}
          <Select
            label="Engagement"
            data={engagementOptions}
            value={engagementId}
            onChange={setEngagementId}
            disabled={!!existing}
            searchable
            placeholder={engagements.isPending ? 'Loading…' : 'Pick an engagement'}
          />
          <Select
            label="Consultant"
            data={consultants.map((c) => ({ value: c.userId, label: `${c.name} (${c.timeZone.replace(/_/g, ' ')})` }))}
            value={consultantId}
            onChange={setConsultantId}
            disabled={!!existing}
            searchable
          />
          <Group grow align="flex-start">
            <TextInput
              type="datetime-local"
              label="Start (your time)"
              value={start}
              onChange={(e) => setStart(e.currentTarget.value)}
            />
            <TextInput
              type="datetime-local"
              label="End (your time)"
              value={end}
              onChange={(e) => setEnd(e.currentTarget.value)}
            />
          </Group>
          {existing ? (
            <Group gap="xs">
              <Button size="xs" variant="default" onClick={() => shift(-1)}>
                One day earlier
              </Button>
              <Button size="xs" variant="default" onClick={() => shift(1)}>
                One day later
              </Button>
            </Group>
          ) : null}
          <Group grow>
            <Select
              label="Mode"
              data={bookingModeValues.map((value) => ({ value, label: bookingModeLabels[value] }))}
              value={mode}
              onChange={(value) => value && setMode(value as BookingMode)}
              allowDeselect={false}
            />
            <Select
              label="Status"
              data={bookingStatusValues.map((value) => ({ value, label: bookingStatusLabels[value] }))}
              value={status}
              onChange={(value) => value && setStatus(value as BookingStatus)}
              allowDeselect={false}
            />
          </Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Close
            </Button>
            <Button type="submit" loading={saving.isPending}>
              {existing ? 'Save the move' : 'Book'}
            </Button>
          </Group>
        </Stack>
      </form>
      {existing ? (
        <Stack gap="xs" mt="lg">
          <Text fw={600}>Cancel this booking</Text>
          {cancel.error ? <ErrorAlert error={cancel.error} title="The booking was not cancelled" /> : null}
          <TextInput label="Reason (optional)" value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
          <Group justify="flex-end">
            <Button
              color="red"
              variant="light"
              loading={cancel.isPending}
              onClick={() =>
                cancel.mutate(
                  { engagementId: existing.engagementId, bookingId: existing.id, reason: reason.trim() },
                  {
                    onSuccess: () => {
                      notifications.show({
                        color: 'green',
                        title: 'Booking cancelled',
                        message: 'The consultant gets the calendar cancellation.',
                      });
                      onClose();
                    },
                  },
                )
              }
            >
              Cancel booking
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}
