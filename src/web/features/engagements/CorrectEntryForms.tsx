import { Alert, Checkbox, Select, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconInfoCircle } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { QuantityText } from '../../components/QuantityText.tsx';
import { splitError } from '../customers/form.ts';
import { FormFooter } from '../requests/FormFooter.tsx';
import { ReasonField } from './EngagementParts.tsx';
import { activityOptions } from './LogEffortForm.tsx';
import { minutesLabel, parseMinutes } from './effort-form.ts';
import { useCorrectEffort } from './engagements.api.ts';
import { activityLabels, billingStatusLabels } from './engagements.labels.ts';
import type { Activity, EffortEntry } from './engagements.types.ts';

const ledgerKeepsBoth =
  "The ledger keeps both: the original consumption stays and a reversal entry undoes it, so the correction is visible in the contract's ledger and statements.";

/** Edit an entry: its consumption is reversed and a corrected entry is recorded in its place. */
export function EditEntryForm({
  entry: x,
  today,
  onClose,
}: {
  entry: EffortEntry;
  today: string;
  onClose: () => void;
}) {
  const correct = useCorrectEffort();
  const [date, setDate] = useState(x.date);
  const [duration, setDuration] = useState(minutesLabel(x.minutes));
  const [activity, setActivity] = useState<Activity>(x.activity);
  const [afterHours, setAfterHours] = useState(x.afterHours);
  const [note, setNote] = useState(x.note);
  const [reason, setReason] = useState('');
  const parsed = parseMinutes(duration);
  const { fields, general } = splitError(correct.error, [
    'date',
    'minutes',
    'activity',
    'afterHours',
    'note',
    'reason',
  ]);

  function submit(ev: FormEvent) {
    ev.preventDefault();
    if (parsed.minutes === null) return;
    const change = {
      ...(date !== x.date ? { date } : {}),
      ...(parsed.minutes !== x.minutes ? { minutes: parsed.minutes } : {}),
      ...(activity !== x.activity ? { activity } : {}),
      ...(afterHours !== x.afterHours ? { afterHours } : {}),
      ...(note.trim() !== x.note ? { note: note.trim() } : {}),
    };
    if (Object.keys(change).length === 0) return onClose();
    correct.mutate(
      { entryId: x.id, change, ...(reason.trim() ? { reason: reason.trim() } : {}) },
      {
        onSuccess: (r) => {
          notifications.show({
            color: 'green',
            title: 'Entry corrected',
            message: `Now ${minutesLabel(r.roundedMinutes)} of ${activityLabels[r.activity].toLowerCase()} (${billingStatusLabels[r.billingStatus].toLowerCase()}).`,
          });
          onClose();
        },
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Correct the entry">
      <Stack gap="md">
        {general ? <ErrorAlert error={general} title="The entry was not corrected" /> : null}
        <Alert variant="light" color="blue" icon={<IconInfoCircle size={18} aria-hidden />}>
          <Text size="sm">Saving records a corrected entry in place of this one. {ledgerKeepsBoth}</Text>
        </Alert>
        <SimpleGrid cols={2} spacing="sm">
          <TextInput
            type="date"
            label="Day"
            value={date}
            max={today}
            onChange={(ev) => setDate(ev.currentTarget.value)}
            error={fields['date']}
            required
          />
          <TextInput
            label="Time worked"
            description="1h30m, 1.5h or 90m"
            value={duration}
            onChange={(ev) => setDuration(ev.currentTarget.value)}
            error={fields['minutes'] ?? parsed.message}
            required
            data-autofocus
          />
        </SimpleGrid>
        <Select
          label="Activity"
          data={activityOptions}
          value={activity}
          onChange={(v) => setActivity((v ?? x.activity) as Activity)}
          allowDeselect={false}
          error={fields['activity']}
        />
        <Checkbox label="After hours" checked={afterHours} onChange={(ev) => setAfterHours(ev.currentTarget.checked)} />
        <Textarea
          label="Note"
          autosize
          minRows={1}
          maxRows={4}
          value={note}
          onChange={(ev) => setNote(ev.currentTarget.value)}
          error={fields['note']}
        />
        <ReasonField
          label="Why it is corrected (optional)"
          description="Kept with the reversal."
          value={reason}
          onChange={setReason}
          error={fields['reason']}
        />
        <FormFooter onCancel={onClose} submitLabel="Save correction" pending={correct.isPending} />
      </Stack>
    </form>
  );
}

/** Remove an entry: its consumption is reversed; the entry stays, marked deleted. */
export function DeleteEntryForm({ entry: entry, onClose }: { entry: EffortEntry; onClose: () => void }) {
  const correct = useCorrectEffort();
  const [reason, setReason] = useState('');
  const { fields, general } = splitError(correct.error, ['reason']);
  function submit(ev: FormEvent) {
    ev.preventDefault();
    correct.mutate(
      { entryId: entry.id, change: null, ...(reason.trim() ? { reason: reason.trim() } : {}) },
      {
        onSuccess: () => {
          notifications.show({
            color: 'gray',
            title: 'Entry removed',
            message:
              entry.billingStatus === 'consumed'
                ? `${entry.unitsDrawn.display} went back to the reservation.`
                : 'Nothing had been drawn.',
          });
          onClose();
        },
      },
    );
  }
  return (
    <form onSubmit={submit} noValidate aria-label="Remove the entry">
      <Stack gap="md">
        {general ? <ErrorAlert error={general} title="The entry was not removed" /> : null}
        <Text size="sm">
          {minutesLabel(entry.roundedMinutes)} of {activityLabels[entry.activity].toLowerCase()} by {entry.userName} on{' '}
          {entry.date}
          {entry.billingStatus === 'consumed' ? (
            <>
              , which drew <QuantityText value={entry.unitsDrawn} />
            </>
          ) : null}
          . The entry stays in the list as removed. {ledgerKeepsBoth}
        </Text>
        <ReasonField
          label="Why it is removed (optional)"
          description="Kept with the reversal."
          value={reason}
          onChange={setReason}
          error={fields['reason']}
          autoFocus
        />
        <FormFooter
          onCancel={onClose}
          cancelLabel="Keep the entry"
          submitLabel="Remove entry"
          pending={correct.isPending}
          color="red"
        />
      </Stack>
    </form>
  );
}
