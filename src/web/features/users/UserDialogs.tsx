import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  NativeSelect,
  PasswordInput,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { isCustomerRole, providerRoles, roleLabels, type ProviderRole, type Role } from '../../../shared/roles.ts';
import { isApiError } from '../../api/client.ts';
import type { User } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { passwordHint } from '../auth/auth.api.ts';
import { useCreateUser, useUpdateUser } from './users.api.ts';

const providerRoleOptions = providerRoles.map((r) => ({ value: r, label: roleLabels[r] }));

/** Field errors of a failed save, and the message when it is not about one field. */
function splitError(e: unknown): { fields: Record<string, string>; general: unknown } {
  if (!isApiError(e)) return { fields: {}, general: e };
  if (e.code === 'WEAK_PASSWORD') return { fields: { password: e.detail }, general: null };
  const fields = e.fieldErrors();
  return Object.keys(fields).length ? { fields, general: null } : { fields: {}, general: e };
}

/** Create a provider user: with a password (usable at once) or with an email to choose one. */
export function CreateUserDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const create = useCreateUser();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<ProviderRole>('consultant');
  const [withPassword, setWithPassword] = useState(false);
  const [password, setPassword] = useState('');
  const { fields, general } = create.error
    ? splitError(create.error)
    : { fields: {} as Record<string, string>, general: null };

  function reset() {
    setEmail('');
    setName('');
    setRole('consultant');
    setWithPassword(false);
    setPassword('');
    create.reset();
  }

  function close() {
    reset();
    onClose();
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    create.mutate(
      { email: email.trim(), name: name.trim(), role, ...(withPassword ? { password } : {}) },
      {
        onSuccess: (u) => {
          notifications.show({
            color: 'green',
            title: 'User created',
            message:
              u.status === 'invited'
                ? `${u.name} will get an email to choose a password.`
                : `${u.name} can sign in now.`,
          });
          close();
        },
      },
    );
  }

  return (
    <Modal opened={opened} onClose={close} title="Create user" size="md">
      <form onSubmit={submit} noValidate aria-label="Create user">
        <Stack gap="md">
          {general ? <ErrorAlert error={general} title="Could not create the user" /> : null}
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
          <NativeSelect
            label="Role"
            description="Staff of your firm. Customer users are invited through their customer's contacts."
            data={providerRoleOptions}
            value={role}
            onChange={(e) => setRole(e.currentTarget.value as ProviderRole)}
            error={fields['role']}
          />
          <Checkbox
            label="Set a password now"
            description={
              withPassword
                ? 'Give the password to the user in person; they can change it later.'
                : 'Otherwise the user gets an email with a link to choose a password (valid 72 hours).'
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
              error={fields['password']}
            />
          ) : null}
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create user
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Rename a user, or change a provider user's role (a customer user's role follows its contact). */
export function EditUserDialog({ user, onClose }: { user: User | null; onClose: () => void }) {
  return (
    <Modal opened={user !== null} onClose={onClose} title={user ? `Edit ${user.name}` : 'Edit user'} size="md">
      {user ? <EditUserForm key={user.id} user={user} onClose={onClose} /> : null}
    </Modal>
  );
}

function EditUserForm({ user, onClose }: { user: User; onClose: () => void }) {
  const update = useUpdateUser();
  const [name, setName] = useState(user.name);
  const [role, setRole] = useState<Role>(user.role);
  const [workPhone, setWorkPhone] = useState(user.workPhone ?? '');
  const customer = isCustomerRole(user.role);
  const { fields, general } = update.error
    ? splitError(update.error)
    : { fields: {} as Record<string, string>, general: null };

  function submit(e: FormEvent) {
    e.preventDefault();
    const patch = {
      ...(name.trim() !== user.name ? { name: name.trim() } : {}),
      ...(role !== user.role ? { role } : {}),
      ...((workPhone.trim() || null) !== user.workPhone ? { workPhone: workPhone.trim() || null } : {}),
    };
    if (!Object.keys(patch).length) return onClose();
    update.mutate(
      { id: user.id, patch },
      {
        onSuccess: (u) => {
          notifications.show({
            color: 'green',
            title: 'User saved',
            message: `${u.name} is now ${roleLabels[u.role].toLowerCase()}.`,
          });
          onClose();
        },
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate aria-label={`Edit ${user.name}`}>
      <Stack gap="md">
        {general ? <ErrorAlert error={general} title="Could not save" /> : null}
        <TextInput label="Email" value={user.email} readOnly disabled />
        <TextInput
          label="Name"
          required
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fields['name']}
          data-autofocus
        />
        {customer ? (
          <Alert variant="light" color="gray">
            <Text size="sm">
              Role: {roleLabels[user.role]}. A customer user&apos;s role follows the flags of its contact; change the
              contact instead.
            </Text>
          </Alert>
        ) : (
          <NativeSelect
            label="Role"
            data={providerRoleOptions}
            value={role}
            onChange={(e) => setRole(e.currentTarget.value as Role)}
            error={fields['role']}
          />
        )}
        {customer ? null : (
          <TextInput
            label="Work phone"
            description="Shown to the customers whose account team this user is on."
            placeholder="+44 20 7946 0000"
            value={workPhone}
            onChange={(e) => setWorkPhone(e.currentTarget.value)}
            error={fields['workPhone']}
          />
        )}
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={update.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Disable (ends sessions, revokes tokens at once) after a confirmation. */
export function DisableUserDialog({ user, onClose }: { user: User | null; onClose: () => void }) {
  const update = useUpdateUser();
  function close() {
    update.reset();
    onClose();
  }
  return (
    <Modal opened={user !== null} onClose={close} title={user ? `Disable ${user.name}?` : 'Disable user?'} size="md">
      {user ? (
        <Stack gap="md">
          {update.error ? <ErrorAlert error={update.error} title="Could not disable the user" /> : null}
          <Text size="sm">
            {user.name} ({user.email}) will be signed out everywhere at once, and their API tokens stop working. You can
            enable the account again later; tokens stay revoked.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button
              color="red"
              loading={update.isPending}
              onClick={() =>
                update.mutate(
                  { id: user.id, patch: { status: 'disabled' } },
                  {
                    onSuccess: (u) => {
                      notifications.show({
                        color: 'gray',
                        title: 'User disabled',
                        message: `${u.name} can no longer sign in.`,
                      });
                      close();
                    },
                  },
                )
              }
            >
              Disable user
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}
