import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useUpdateWorkOrder } from './workorders.api.ts';
import type { WorkOrder } from './workorders.types.ts';

/** Revising supersedes a sent version (its links stop working) or follows a request for changes; the next version opens as a draft. */
export function ReviseDialog({ w, opened, onClose }: { w: WorkOrder; opened: boolean; onClose: () => void }) {
  const update = useUpdateWorkOrder(w.id);
  function revise() {
    // Any edit of a sent version starts the next one; the title unchanged makes it a copy to edit.
    update.mutate(
      { patch: { title: w.title }, revision: w.revision },
      {
        onSuccess: (v) => {
          notifications.show({
            color: 'blue',
            title: `${v.number}: version ${v.version} opened`,
            message:
              w.status === 'sent'
                ? `Version ${w.version} was superseded; its links no longer work.`
                : 'Edit it and send it again.',
          });
          onClose();
        },
      },
    );
  }
  return (
    <Modal
      opened={opened}
      onClose={() => {
        update.reset();
        onClose();
      }}
      title={`Revise ${w.number}`}
      size="lg"
    >
      <Stack gap="md">
        {w.status === 'sent' ? (
          <Alert
            color="orange"
            variant="light"
            icon={<IconAlertTriangle size={18} aria-hidden />}
            title={`Version ${w.version} stops being approvable`}
          >
            <Text size="sm">
              Revising supersedes version {w.version} at once: the approve and decline links and the reply-to addresses
              emailed to the customer stop working, and the request goes back to drafting. Version {w.version + 1} opens
              as a draft with the same content; send it when it is ready.
            </Text>
          </Alert>
        ) : (
          <Text size="sm">
            The customer asked for changes
            {w.decision?.reason ? (
              <>
                : <em>{w.decision.reason}</em>
              </>
            ) : null}
            . Version {w.version + 1} opens as a draft with the same content.
          </Text>
        )}
        {update.error ? <ErrorAlert error={update.error} title="Not revised" /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={update.isPending}>
            Cancel
          </Button>
          <Button
            color={w.status === 'sent' ? 'orange' : undefined}
            onClick={revise}
            loading={update.isPending}
            data-autofocus
          >
            Start version {w.version + 1}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
