import { Button, Card, Group, NativeSelect, Select, Stack, Text, Title } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import type { ContactChannel } from '../../../shared/contracts/requests.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { formatDateTime } from '../../components/DateTime.tsx';
import { useStaffDirectory } from '../users/staff.api.ts';
import { isoToPicker, pickerToIso, readerTimeZone } from './format.ts';
import { useAssignOwner, useRecordContact } from './requests.api.ts';
import type { ServiceRequestDetail } from './requests.types.ts';
import { useNow } from './useNow.ts';

/** How the customer was contacted, in words. */
export const contactChannelLabels: Record<ContactChannel, string> = {
  phone: 'Phone',
  email: 'Email',
  video: 'Video call',
  in_person: 'In person',
  chat: 'Chat',
};

/**
 * Triage on the request page (IR managers): the owner (an IR manager or consultant; the first owner records
 * the initial contact) and the one-click "contacted" action with its channel and time (default now).
 */
export function TriageCard({ request: r }: { request: ServiceRequestDetail }) {
  const staff = useStaffDirectory();
  const assign = useAssignOwner();
  const contact = useRecordContact();
  const now = useNow();
  const [channel, setChannel] = useState<ContactChannel>('phone');
  const [at, setAt] = useState<string | null>(null);
  const owners = (staff.data ?? []).filter((u) => u.role === 'ir_manager' || u.role === 'consultant');
  const initial = r.slaTargets.find((t) => t.kind === 'initial_contact');

  function submitContact(e: FormEvent) {
    e.preventDefault();
    contact.mutate(
      { id: r.id, body: { channel, ...(at ? { at: pickerToIso(at) } : {}) } },
      {
        onSuccess: (res) => {
          notifications.show({
            color: 'green',
            title: 'Contact recorded',
            message: res.initialContactRecorded
              ? 'This was the first contact: the initial contact target is recorded.'
              : 'Noted on the timeline. The initial contact stays at the first one.',
          });
          setAt(null);
        },
      },
    );
  }

  return (
    <Card component="section" withBorder padding="lg" radius="md" aria-labelledby="triage-title">
      <Stack gap="md">
        <Title order={2} size="h4" id="triage-title">
          Triage
        </Title>
        {assign.error ? <ErrorAlert error={assign.error} title="The owner was not changed" /> : null}
        <Select
          label="Owner"
          description="An IR manager or consultant. Setting the first owner records the initial contact."
          placeholder={staff.isPending ? 'Loading staff…' : 'Choose the owner'}
          data={owners.map((u) => ({
            value: u.id,
            label: `${u.name} (${u.role === 'ir_manager' ? 'IR manager' : 'Consultant'})`,
          }))}
          value={r.owner?.id ?? null}
          searchable
          disabled={assign.isPending}
          onChange={(value) => {
            if (value && value !== r.owner?.id) assign.mutate({ id: r.id, body: { ownerUserId: value } });
          }}
        />
        {r.requesterPhone ? (
          <Text size="sm">
            Requester’s phone: <a href={`tel:${r.requesterPhone.replace(/\s+/g, '')}`}>{r.requesterPhone}</a>
          </Text>
        ) : null}
        <form onSubmit={submitContact} noValidate aria-label="Record a contact">
          <Stack gap="sm">
            {contact.error ? <ErrorAlert error={contact.error} title="Nothing was recorded" /> : null}
            {initial?.metAt ? (
              <Text size="sm" c="dimmed">
                Initial contact recorded for {formatDateTime(initial.metAt)}.
              </Text>
            ) : null}
            <Group align="end" gap="sm" wrap="wrap">
              <NativeSelect
                label="Contacted by"
                data={Object.entries(contactChannelLabels).map(([value, label]) => ({ value, label }))}
                value={channel}
                onChange={(e) => setChannel(e.currentTarget.value as ContactChannel)}
              />
              <DateTimePicker
                label="When"
                description={`Empty for now (${readerTimeZone()})`}
                placeholder="Now"
                clearable
                value={at}
                onChange={setAt}
                minDate={isoToPicker(Date.parse(r.receivedAt))}
                maxDate={isoToPicker(now)}
                valueFormat="D MMM YYYY, HH:mm"
              />
              <Button type="submit" loading={contact.isPending}>
                Contacted
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Card>
  );
}
