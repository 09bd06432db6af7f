import {
  Alert,
  Checkbox,
  Fieldset,
  Group,
  Modal,
  NumberInput,
  PasswordInput,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { roleLabels, type CustomerRole } from '../../../shared/roles.ts';
import { isApiError } from '../../api/client.ts';
import type { Contact, Phone } from '../../api/types.ts';
import { useSession } from '../../app/session.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { passwordHint } from '../auth/auth.api.ts';
import { useInviteContact, useSaveContact } from './customers.api.ts';
import { TimeZoneSelect } from './CustomerDialogs.tsx';
import { splitError } from './form.ts';
import { FormActions } from './FormParts.tsx';
import { PhonesFieldset } from './PhonesFieldset.tsx';

/** The portal role a contact's flags give its login (domain.md: the contact is the authority). */
export const portalRoleOf = (flags: { canApprove: boolean; canRequest: boolean }): CustomerRole =>
  flags.canApprove ? 'customer_approver' : flags.canRequest ? 'customer_requester' : 'customer_viewer';

const contactFields = [
  'name',
  'email',
  'phones',
  'canRequest',
  'canApprove',
  'receivesStatements',
  'escalationOrder',
  'timeZone',
];

/** Add a contact (`contact` null) or edit one; a linked login's role and email follow at once. */
export function ContactDialog({
  customerId,
  contact,
  opened,
  onClose,
}: {
  customerId: string;
  contact: Contact | null;
  opened: boolean;
  onClose: () => void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={contact ? `Edit ${contact.name}` : 'Add contact'} size="lg">
      {opened ? <ContactForm customerId={customerId} contact={contact} onClose={onClose} /> : null}
    </Modal>
  );
}

/** When a contact is called (escalation order) and the zone its emails are written in. */
function ContactReachFields({
  escalationOrder,
  setEscalationOrder,
  timeZone,
  setTimeZone,
  fields,
}: {
  escalationOrder: number | '';
  setEscalationOrder: (v: number | '') => void;
  timeZone: string;
  setTimeZone: (zone: string) => void;
  fields: Record<string, string | undefined>;
}) {
  return (
    <>
      <NumberInput
        label="Escalation order"
        description="1 is called first in an emergency; leave empty if this contact is not on the call list."
        min={1}
        max={1000}
        allowDecimal={false}
        value={escalationOrder}
        onChange={(v) => setEscalationOrder(typeof v === 'number' ? v : v === '' ? '' : Number(v))}
        error={fields['escalationOrder']}
        w={240}
      />
      <TimeZoneSelect
        label="Time zone of emails"
        description="Times in this contact's emails are written in it. Empty: the customer's time zone."
        placeholder="The customer's time zone"
        required={false}
        value={timeZone}
        onChange={setTimeZone}
        error={fields['timeZone']}
      />
    </>
  );
}

function ContactForm({
  customerId,
  contact,
  onClose,
}: {
  customerId: string;
  contact: Contact | null;
  onClose: () => void;
}) {
  const save = useSaveContact(customerId);
  const [name, setName] = useState(contact?.name ?? '');
  const [email, setEmail] = useState(contact?.email ?? '');
  const [phones, setPhones] = useState<Phone[]>(contact?.phones ?? []);
  const [canRequest, setCanRequest] = useState(contact?.canRequest ?? false);
  const [canApprove, setCanApprove] = useState(contact?.canApprove ?? false);
  const [receivesStatements, setReceivesStatements] = useState(contact?.receivesStatements ?? false);
  const [escalationOrder, setEscalationOrder] = useState<number | ''>(contact?.escalationOrder ?? '');
  const [timeZone, setTimeZone] = useState(contact?.timeZone ?? '');
  const phoneFields = phones.flatMap((_, i) => [`phones.${i}.label`, `phones.${i}.number`, `phones.${i}`]);
  const { fields, general } = splitError(save.error, [...contactFields, ...phoneFields]);
  const role = portalRoleOf({ canApprove, canRequest });

  function submit(e: FormEvent) {
    e.preventDefault();
    const body = {
      name: name.trim(),
      email: email.trim(),
      phones: phones.map((p) => ({ label: p.label.trim(), number: p.number.trim() })),
      canRequest,
      canApprove,
      receivesStatements,
      escalationOrder: escalationOrder === '' ? null : escalationOrder,
      timeZone: timeZone || null,
    };
    save.mutate(
      { childId: contact?.id, body },
      {
        onSuccess: (c) => {
          const roleNote =
            c.user && contact?.user && contact.user.role !== c.user.role
              ? ` Their portal role is now ${roleLabels[c.user.role].toLowerCase()}.`
              : '';
          notifications.show({
            color: 'green',
            title: contact ? 'Contact saved' : 'Contact added',
            message: `${c.name} (${c.email}).${roleNote}`,
          });
          onClose();
        },
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate aria-label={contact ? `Edit ${contact.name}` : 'Add contact'}>
      <Stack gap="md">
        {general ? <ErrorAlert error={general} title="Could not save the contact" /> : null}
        <Group grow align="flex-start">
          <TextInput
            label="Name"
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fields['name']}
            data-autofocus
            autoComplete="off"
          />
          <TextInput
            label="Email"
            type="email"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={fields['email']}
            autoComplete="off"
          />
        </Group>

        <PhonesFieldset phones={phones} setPhones={setPhones} fields={fields} />

        <Fieldset legend="Permissions and roles" variant="unstyled">
          <Stack gap="xs">
            <Checkbox
              label="Can request services"
              checked={canRequest}
              onChange={(e) => setCanRequest(e.currentTarget.checked)}
            />
            <Checkbox
              label="Can approve (defined point of contact)"
              description="Approves work orders and change orders, by portal or email."
              checked={canApprove}
              onChange={(e) => setCanApprove(e.currentTarget.checked)}
            />
            <Checkbox
              label="Receives statements"
              checked={receivesStatements}
              onChange={(e) => setReceivesStatements(e.currentTarget.checked)}
            />
          </Stack>
        </Fieldset>
        <ContactReachFields
          escalationOrder={escalationOrder}
          setEscalationOrder={setEscalationOrder}
          timeZone={timeZone}
          setTimeZone={setTimeZone}
          fields={fields}
        />
        <Alert variant="light" color="gray">
          <Text size="sm">
            Portal role with these flags: <strong>{roleLabels[role]}</strong>.
            {contact?.user ? ' The existing login changes role as soon as you save.' : ''}
          </Text>
        </Alert>
        <FormActions onCancel={onClose} submit={contact ? 'Save contact' : 'Add contact'} loading={save.isPending} />
      </Stack>
    </form>
  );
}

/** Give a contact a portal login: a set-password email, or (administrators) a password to hand over. */
export function InviteContactDialog({
  customerId,
  contact,
  onClose,
}: {
  customerId: string;
  contact: Contact | null;
  onClose: () => void;
}) {
  return (
    <Modal
      opened={contact !== null}
      onClose={onClose}
      title={contact ? `Invite ${contact.name} to the portal` : 'Invite to the portal'}
      size="md"
    >
      {contact ? <InviteForm customerId={customerId} contact={contact} onClose={onClose} /> : null}
    </Modal>
  );
}

function InviteForm({ customerId, contact, onClose }: { customerId: string; contact: Contact; onClose: () => void }) {
  const { user } = useSession();
  const invite = useInviteContact(customerId);
  const [withPassword, setWithPassword] = useState(false);
  const [password, setPassword] = useState('');
  const { fields, general } = splitError(invite.error, ['password']);
  const passwordError =
    fields['password'] ??
    (isApiError(invite.error) && invite.error.code === 'WEAK_PASSWORD' ? invite.error.detail : undefined);

  function submit(e: FormEvent) {
    e.preventDefault();
    invite.mutate(
      { contactId: contact.id, ...(withPassword ? { password } : {}) },
      {
        onSuccess: (r) => {
          notifications.show({
            color: 'green',
            title: 'Portal login created',
            message:
              r.user.status === 'invited'
                ? `${r.user.name} will get an email at ${r.user.email} to choose a password.`
                : `${r.user.name} can sign in now as ${r.user.email}.`,
          });
          onClose();
        },
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate aria-label={`Invite ${contact.name}`}>
      <Stack gap="md">
        {general && !passwordError ? <ErrorAlert error={general} title="Could not invite the contact" /> : null}
        <Text size="sm">
          {contact.name} signs in with <strong>{contact.email}</strong> as{' '}
          <strong>{roleLabels[contact.portalRole].toLowerCase()}</strong>. The role follows the contact&apos;s flags.
        </Text>
        {user.role === 'admin' ? (
          <>
            <Checkbox
              label="Set a password now"
              description={
                withPassword
                  ? 'Give the password to the contact in person; they can change it later.'
                  : 'Otherwise the contact gets an email with a link to choose a password (valid 72 hours).'
              }
              checked={withPassword}
              onChange={(e) => setWithPassword(e.currentTarget.checked)}
            />
            {withPassword ? (
              <PasswordInput
                label="Password"
                required
                autoComplete="new-password"
                description={passwordHint}
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                error={passwordError}
                data-autofocus
              />
            ) : null}
          </>
        ) : (
          <Text size="sm" c="dimmed">
            The contact gets an email with a link to choose a password (valid 72 hours).
          </Text>
        )}
        <FormActions
          onCancel={onClose}
          submit={withPassword ? 'Create login' : 'Send invitation'}
          loading={invite.isPending}
        />
      </Stack>
    </form>
  );
}
