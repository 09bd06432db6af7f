import { Alert, Anchor, Button, Group, List, Loader, Modal, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconSend } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { DateTime } from '../../components/DateTime.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { QuantityText } from '../../components/QuantityText.tsx';
import { useApprovingContacts } from './workorders.api.ts';
import type { BalanceImpact, Quantity } from './workorders.types.ts';

export interface SendSummaryProps {
  customerId: string;
  deadline: string | null;
  deadlineRule: string;
  units: Quantity;
  unitsLabel: string;
  impact: BalanceImpact | null;
}

/** Who receives an approval request (the customer's approving contacts), by when, what approval reserves and what is left after. */
export function SendSummary({
  customerId,
  deadline,
  deadlineRule,
  units,
  unitsLabel,
  impact,
  contacts,
}: SendSummaryProps & { contacts: ReturnType<typeof useApprovingContacts> }) {
  const recipients = contacts.data ?? [];
  return (
    <>
      <div>
        <Text size="sm" fw={600} mb={4}>
          Who receives it
        </Text>
        {contacts.isPending ? <Loader size="sm" aria-label="Loading the approving contacts" /> : null}
        {contacts.error ? (
          <ErrorAlert error={contacts.error} title="The approving contacts could not be loaded" />
        ) : null}
        {contacts.isSuccess && recipients.length === 0 ? (
          <Alert
            color="red"
            variant="light"
            icon={<IconAlertTriangle size={18} aria-hidden />}
            title="Nobody can approve it"
          >
            The customer has no contact who may approve (a defined point of contact). Add one, or set &quot;may
            approve&quot; on a contact, on{' '}
            <Anchor component={Link} to={`/customers/${customerId}`} size="sm">
              the customer&apos;s page
            </Anchor>
            .
          </Alert>
        ) : null}
        {recipients.length ? (
          <>
            <List size="sm" spacing={2} aria-label="Recipients">
              {recipients.map((c) => (
                <List.Item key={c.id}>
                  <strong>{c.name}</strong> &lt;{c.email}&gt;
                </List.Item>
              ))}
            </List>
            <Text size="xs" c="dimmed" mt={4}>
              Each gets an email with the summary, the PDF, a personal approve link, a decline link and a reply-to
              address for approving by reply.
            </Text>
          </>
        ) : null}
      </div>
      <div>
        <Text size="sm" fw={600}>
          Approval deadline
        </Text>
        <Text size="sm">{deadline ? <DateTime value={deadline} /> : deadlineRule}</Text>
      </div>
      <div>
        <Text size="sm" fw={600}>
          {unitsLabel}
        </Text>
        <Text size="sm">
          <QuantityText value={units} />
          {impact ? (
            <>
              {' '}
              · available now <QuantityText value={impact.availableBefore} />, after approval{' '}
              <QuantityText value={impact.availableAfter} />
            </>
          ) : null}
        </Text>
        {impact?.refused ? (
          <Alert
            color="orange"
            variant="light"
            mt="xs"
            icon={<IconAlertTriangle size={18} aria-hidden />}
            title="Approval would be refused as things stand"
          >
            {impact.shortfall?.display} short under the overdraft policy ({impact.overdraftPolicy}). You can send it;
            the customer&apos;s approval is refused until a top-up is recorded.
          </Alert>
        ) : null}
      </div>
      <Text size="sm" c="dimmed">
        Sending freezes it: its content hash and PDF are fixed. Any later change makes a new version and voids these
        links.
      </Text>
    </>
  );
}

/** The send button of a confirmation: "Send to 2 contacts", disabled while nobody can approve. */
export function SendButton({
  contacts,
  onSend,
  loading,
}: {
  contacts: ReturnType<typeof useApprovingContacts>;
  onSend: () => void;
  loading: boolean;
}) {
  const contactCount = contacts.data?.length ?? 0;
  return (
    <Button
      leftSection={<IconSend size={16} aria-hidden />}
      onClick={onSend}
      loading={loading}
      disabled={contacts.isPending || (contacts.isSuccess && contactCount === 0)}
      data-autofocus
    >
      {contactCount ? `Send to ${contactCount} ${contactCount === 1 ? 'contact' : 'contacts'}` : 'Send'}
    </Button>
  );
}

/**
 * Confirms sending a work order for approval: the recipients, the deadline, what approval reserves and
 * what is left after (SendSummary), then Send.
 */
export function SendDialog({
  opened,
  onClose,
  onSend,
  sending,
  error,
  what,
  preparing,
  children,
  ...summary
}: SendSummaryProps & {
  opened: boolean;
  onClose: () => void;
  onSend: () => void;
  sending: boolean;
  error: unknown;
  /** "EWO-2026-0001 version 2" */
  what: string;
  /** Unsaved edits are being saved first. */
  preparing?: boolean;
  children?: ReactNode;
}) {
  const contacts = useApprovingContacts(opened ? summary.customerId : null);
  return (
    <Modal opened={opened} onClose={onClose} title={`Send ${what} for approval`} size="lg">
      <Stack gap="md">
        {children}
        <SendSummary {...summary} contacts={contacts} />
        {error ? <ErrorAlert error={error} title="Not sent" /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={sending}>
            Cancel
          </Button>
          <SendButton contacts={contacts} onSend={onSend} loading={sending || Boolean(preparing)} />
        </Group>
      </Stack>
    </Modal>
  );
}
