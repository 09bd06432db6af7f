import { Button, Group, Modal, MultiSelect, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { periodLabel } from '../../../shared/statements.ts';
import { useContacts } from '../customers/customers.api.ts';
import { useResendStatement, type StatementSummary } from './statements.api.ts';

/** Re-send an issued statement (same figures, same PDF) to chosen contacts of the customer. */
export function ResendDialog({
  statement,
  customerId,
  onClose,
}: {
  statement: StatementSummary;
  customerId: string;
  onClose: () => void;
}) {
  const contacts = useContacts(customerId);
  const resend = useResendStatement(statement.id);
  const [chosen, setChosen] = useState<string[]>([]);
  return (
    <Modal opened onClose={onClose} title={`Re-send ${statement.number}`}>
      <Stack>
        <Text size="sm">
          The statement of {periodLabel(statement.period)} goes again, as issued, to the contacts you choose.
        </Text>
        <MultiSelect
          label="Contacts"
          placeholder="Choose contacts"
          data={(contacts.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.name} <${c.email}>` }))}
          value={chosen}
          onChange={setChosen}
          searchable
        />
        {resend.error && (
          <Text c="red" size="sm">
            {resend.error.message}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            disabled={chosen.length === 0}
            loading={resend.isPending}
            onClick={() =>
              resend.mutate(chosen, {
                onSuccess: (r) => {
                  notifications.show({ message: `Re-sent to ${r.sent.map((s) => s.to).join(', ')}.` });
                  onClose();
                },
              })
            }
          >
            Re-send
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
