import {
  Button,
  Card,
  Checkbox,
  Group,
  Modal,
  NativeSelect,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { IconCalendarPlus } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useSession } from '../../app/session.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useStaffDirectory } from '../users/staff.api.ts';
import { FormFooter } from './FormFooter.tsx';
import { isoToPicker, pickerToIso, readerTimeZone } from './format.ts';
import { ScopingCallsList } from './RequestParts.tsx';
import { splitError } from './RequestActions.tsx';
import { useBookScopingCall, useContactOptions, useCustomerOption, useUpdateScopingCall } from './requests.api.ts';
import { isCorrectable } from '../../../shared/requests.ts';
import type { ScopingCall, ServiceRequestDetail } from './requests.types.ts';
import { CancelCallForm, OutcomeForm } from './ScopingCallForms.tsx';
import { useNow } from './useNow.ts';

const durations = [15, 30, 45, 60, 90, 120].map((m) => ({ value: String(m), label: `${m} minutes` }));

/** The next quarter hour at least 15 minutes away: a sensible default start for a call. */
const nextSlot = (now: number): number => Math.ceil((now + 15 * 60_000) / (15 * 60_000)) * 15 * 60_000;

interface Person {
  id: string;
  name: string;
  detail: string;
}

/** Who may attend: the customer's contacts, and provider staff (the account team, you, and for admins every active staff member). */
function useAttendeeOptions(customerId: string): {
  contacts: Person[];
  staff: Person[];
  pending: boolean;
  error: unknown;
} {
  const { user } = useSession();
  const contacts = useContactOptions(customerId);
  const customer = useCustomerOption(customerId);
  const everyone = useStaffDirectory();
  const staff = new Map<string, Person>();
  staff.set(user.id, { id: user.id, name: user.name, detail: `${user.email} (you)` });
  for (const m of customer.data?.accountTeamMembers ?? [])
    if (m.status === 'active') staff.set(m.id, { id: m.id, name: m.name, detail: `${m.email}, account team` });
  for (const u of everyone.data ?? [])
    if (!staff.has(u.id)) staff.set(u.id, { id: u.id, name: u.name, detail: u.email });
  return {
    contacts: (contacts.data ?? []).map((c) => ({
      id: c.id,
      name: c.name,
      detail: [c.email, c.canApprove ? 'point of contact' : c.canRequest ? 'may request' : null]
        .filter(Boolean)
        .join(', '),
    })),
    staff: [...staff.values()],
    pending: contacts.isPending || customer.isPending,
    error: contacts.error ?? customer.error,
  };
}

function PeopleGroup({ label, people }: { label: string; people: Person[] }) {
  return (
    <Stack gap={6}>
      <Text size="sm" fw={600}>
        {label}
      </Text>
      {people.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nobody to choose.
        </Text>
      ) : null}
      {people.map((p) => (
        <Checkbox key={p.id} value={p.id} label={p.name} description={p.detail} />
      ))}
    </Stack>
  );
}

/** Book a call, or reschedule one (same form, the invitation is updated). */
function CallForm({
  request: r,
  call,
  onClose,
}: {
  request: ServiceRequestDetail;
  call: ScopingCall | null;
  onClose: () => void;
}) {
  const now = useNow();
  const book = useBookScopingCall();
  const update = useUpdateScopingCall();
  const options = useAttendeeOptions(r.customerId);
  const { user } = useSession();
  const [startsAt, setStartsAt] = useState<string | null>(() =>
    isoToPicker(call ? Date.parse(call.startsAt) : nextSlot(now)),
  );
  const [duration, setDuration] = useState(String(call?.durationMinutes ?? 30));
  const [attendees, setAttendees] = useState<string[]>(() =>
    call ? call.attendees.map((a) => a.id) : [user.id, ...(r.requesterContactId ? [r.requesterContactId] : [])],
  );
  const [joinInfo, setJoinInfo] = useState(call?.joinInfo ?? '');
  const [notes, setNotes] = useState('');
  const mutation = call ? update : book;
  const { fields, general } = splitError(mutation.error);

  function submit(e: FormEvent) {
    e.preventDefault();
    const body = {
      startsAt: startsAt ? pickerToIso(startsAt) : '',
      durationMinutes: Number(duration),
      attendees,
      joinInfo: joinInfo.trim(),
    };
    const done = (title: string) => () => {
      notifications.show({ color: 'green', title, message: 'Every attendee gets a calendar invitation by email.' });
      onClose();
    };
    if (call)
      update.mutate(
        { id: r.id, callId: call.id, patch: { ...body, revision: call.revision } },
        { onSuccess: done('Scoping call moved') },
      );
    else
      book.mutate(
        { id: r.id, body: { ...body, ...(notes.trim() ? { notes: notes.trim() } : {}) } },
        { onSuccess: done('Scoping call booked') },
      );
  }

  return (
    <form onSubmit={submit} noValidate aria-label={call ? 'Reschedule scoping call' : 'Book scoping call'}>
      <Stack gap="md">
        {general ? (
          <ErrorAlert error={general} title={call ? 'The call was not moved' : 'The call was not booked'} />
        ) : null}
        <Text size="sm" c="dimmed">
          Scoping calls are free: nothing is drawn from the retainer. The invitation shows the time in {r.timeZone}, the
          customer&apos;s zone.
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <DateTimePicker
            label="Starts"
            description={`Your time zone: ${readerTimeZone()}`}
            required
            value={startsAt}
            onChange={setStartsAt}
            valueFormat="D MMM YYYY, HH:mm"
            error={fields['startsAt']}
          />
          <NativeSelect
            label="Duration"
            data={durations}
            value={duration}
            onChange={(e) => setDuration(e.currentTarget.value)}
            error={fields['durationMinutes']}
          />
        </SimpleGrid>
        {options.error ? <ErrorAlert error={options.error} title="Could not load the people to invite" /> : null}
        {options.pending ? (
          <Skeleton height={120} />
        ) : (
          <Checkbox.Group
            label="Attendees"
            description="Each gets an email with the invitation."
            required
            value={attendees}
            onChange={setAttendees}
            error={fields['attendees'] ?? Object.entries(fields).find(([k]) => k.startsWith('attendees.'))?.[1]}
          >
            <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs" spacing="lg">
              <PeopleGroup label={`${r.customerName} contacts`} people={options.contacts} />
              <PeopleGroup label="Your firm" people={options.staff} />
            </SimpleGrid>
          </Checkbox.Group>
        )}
        <Textarea
          label="How to join"
          description="Video link, dial-in or meeting room."
          autosize
          minRows={2}
          value={joinInfo}
          onChange={(e) => setJoinInfo(e.currentTarget.value)}
          error={fields['joinInfo']}
        />
        {call ? null : (
          <Textarea
            label="Notes (staff only)"
            autosize
            minRows={2}
            value={notes}
            onChange={(e) => setNotes(e.currentTarget.value)}
            error={fields['notes']}
          />
        )}
        <FormFooter onCancel={onClose} submitLabel={call ? 'Move call' : 'Book call'} pending={mutation.isPending} />
      </Stack>
    </form>
  );
}

type Dialog = { kind: 'book' } | { kind: 'move' | 'outcome' | 'cancel'; call: ScopingCall } | null;

/** Staff: the request's scoping calls with book, reschedule, outcome and notes, and cancel. */
export function ScopingCallsCard({
  request: request,
  canManage,
}: {
  request: ServiceRequestDetail;
  canManage: boolean;
}) {
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  const open = canManage && isCorrectable(request.status);
  const title =
    dialog?.kind === 'book'
      ? 'Book a scoping call'
      : dialog?.kind === 'move'
        ? 'Reschedule scoping call'
        : dialog?.kind === 'outcome'
          ? 'Outcome and notes'
          : 'Cancel this scoping call?';
  return (
    <Card>
      <Group justify="space-between" mb="md">
        <Title order={2} fz="h4">
          Scoping calls
        </Title>
        {open ? (
          <Button
            size="xs"
            leftSection={<IconCalendarPlus size={16} aria-hidden />}
            onClick={() => setDialog({ kind: 'book' })}
          >
            Book scoping call
          </Button>
        ) : null}
      </Group>
      <ScopingCallsList
        calls={request.scopingCalls}
        empty={open ? 'Book a free call with the customer to scope the work.' : 'No call was booked.'}
        actions={
          canManage
            ? (c) =>
                c.status === 'cancelled' ? null : (
                  <>
                    {!c.outcome && open ? (
                      <Button size="compact-sm" variant="default" onClick={() => setDialog({ kind: 'move', call: c })}>
                        Reschedule
                      </Button>
                    ) : null}
                    <Button size="compact-sm" variant="default" onClick={() => setDialog({ kind: 'outcome', call: c })}>
                      {c.outcome ? 'Notes' : 'Outcome'}
                    </Button>
                    {!c.outcome ? (
                      <Button
                        size="compact-sm"
                        variant="default"
                        color="red"
                        onClick={() => setDialog({ kind: 'cancel', call: c })}
                      >
                        Cancel
                      </Button>
                    ) : null}
                  </>
                )
            : undefined
        }
      />
      <Modal opened={dialog !== null} onClose={close} title={title} size={dialog?.kind === 'cancel' ? 'md' : 'lg'}>
        {dialog?.kind === 'book' ? <CallForm request={request} call={null} onClose={close} /> : null}
        {dialog?.kind === 'move' ? <CallForm request={request} call={dialog.call} onClose={close} /> : null}
        {dialog?.kind === 'outcome' ? <OutcomeForm request={request} call={dialog.call} onClose={close} /> : null}
        {dialog?.kind === 'cancel' ? <CancelCallForm request={request} call={dialog.call} onClose={close} /> : null}
      </Modal>
    </Card>
  );
}
