import { Button, Group, Radio, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FormFooter } from './FormFooter.tsx';
import { splitError } from './RequestActions.tsx';
import { useCancelScopingCall, useUpdateScopingCall } from './requests.api.ts';
import { scopingOutcomeList, scopingOutcomeLabels } from './requests.labels.ts';
import type { ScopingCall, ScopingOutcome, ServiceRequestDetail } from './requests.types.ts';

/** The outcome of a held call (which moves the request on) and its notes. */
export function OutcomeForm({
  request: r,
  call,
  onClose,
}: {
  request: ServiceRequestDetail;
  call: ScopingCall;
  onClose: () => void;
}) {
  const update = useUpdateScopingCall();
  const [outcome, setOutcome] = useState<ScopingOutcome | ''>(call.outcome ?? '');
  const [reason, setReason] = useState('');
  const [notes, setNotes] = useState(call.notes ?? '');
  const { fields, general } = splitError(update.error);
  const settable = !call.outcome;

  function submit(e: FormEvent) {
    e.preventDefault();
    const patch = {
      ...(settable && outcome ? { outcome } : {}),
      ...(reason.trim() ? { reason: reason.trim() } : {}),
      ...(notes !== (call.notes ?? '') ? { notes } : {}),
      revision: call.revision,
    };
    if (!('outcome' in patch) && !('notes' in patch)) return onClose();
    update.mutate(
      { id: r.id, callId: call.id, patch },
      {
        onSuccess: () => {
          notifications.show({
            color: 'green',
            title: 'Scoping call updated',
            message: patch.outcome ? `Outcome: ${scopingOutcomeLabels[patch.outcome]}.` : 'Notes saved.',
          });
          onClose();
        },
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Scoping outcome">
      <Stack gap="md">
        {general ? <ErrorAlert error={general} title="Nothing was changed" /> : null}
        <Radio.Group
          label="Outcome"
          description={
            settable
              ? 'Set once, after the call. It moves the request on.'
              : 'The outcome is set; you can still edit the notes.'
          }
          value={outcome}
          onChange={(v) => setOutcome(v as ScopingOutcome)}
          error={fields['outcome']}
        >
          <Stack gap="xs" mt="xs">
            {scopingOutcomeList.map((o) => (
              <Radio key={o} value={o} label={scopingOutcomeLabels[o]} disabled={!settable} />
            ))}
          </Stack>
        </Radio.Group>
        {settable && outcome ? (
          <Textarea
            label={outcome === 'rejected' ? 'Reason' : 'Reason (optional)'}
            required={outcome === 'rejected'}
            autosize
            minRows={1}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={fields['reason']}
          />
        ) : null}
        <Textarea
          label="Notes (staff only)"
          autosize
          minRows={3}
          maxRows={12}
          value={notes}
          onChange={(e) => setNotes(e.currentTarget.value)}
          error={fields['notes']}
        />
        <FormFooter onCancel={onClose} submitLabel="Save" pending={update.isPending} />
      </Stack>
    </form>
  );
}

/** Cancelling a booked call, with its reason. */
export function CancelCallForm({
  request: r,
  call,
  onClose,
}: {
  request: ServiceRequestDetail;
  call: ScopingCall;
  onClose: () => void;
}) {
  const cancel = useCancelScopingCall();
  return (
    <Stack gap="md">
      {cancel.error ? <ErrorAlert error={cancel.error} title="The call was not cancelled" /> : null}
      <Text size="sm">Every attendee gets a cancellation that removes the event from their calendar.</Text>
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Keep the call
        </Button>
        <Button
          color="red"
          loading={cancel.isPending}
          onClick={() =>
            cancel.mutate(
              { id: r.id, callId: call.id },
              {
                onSuccess: () => {
                  notifications.show({
                    color: 'gray',
                    title: 'Scoping call cancelled',
                    message: 'Attendees were told.',
                  });
                  onClose();
                },
              },
            )
          }
        >
          Cancel call
        </Button>
      </Group>
    </Stack>
  );
}
