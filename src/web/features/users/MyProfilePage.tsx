import { Button, Card, Group, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, isApiError } from '../../api/client.ts';
import type { User } from '../../api/types.ts';
import { rememberSession, useSession } from '../../app/session.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { roleLabels } from '../../../shared/roles.ts';
import { TimeZoneSelect } from '../customers/CustomerDialogs.tsx';

/**
 * Settings → My profile (provider staff): name, role and email to read; the work phone and the time zone of
 * one's emails to change.
 */
export function MyProfilePage() {
  const session = useSession();
  const { user } = session;
  const [workPhone, setWorkPhone] = useState(user.workPhone ?? '');
  const [timeZone, setTimeZone] = useState(user.timeZone ?? '');
  const update = useMutation({
    mutationFn: (body: { workPhone?: string | null; timeZone?: string | null }) =>
      api<User>('/auth/me', { method: 'PATCH', body }),
    onSuccess: (u) => {
      rememberSession({ ...session, user: u });
      notifications.show({ color: 'green', title: 'Profile saved', message: 'Your profile is up to date.' });
    },
  });
  const errors = isApiError(update.error) ? update.error.fieldErrors() : {};
  const fieldError = errors['workPhone'];
  const zoneError = errors['timeZone'];
  const phoneChanged = (workPhone.trim() || null) !== user.workPhone;
  const zoneChanged = (timeZone || null) !== user.timeZone;

  function submit(e: FormEvent) {
    e.preventDefault();
    update.mutate({
      ...(phoneChanged ? { workPhone: workPhone.trim() || null } : {}),
      ...(zoneChanged ? { timeZone: timeZone || null } : {}),
    });
  }

  return (
    <>
      <PageHeader
        title="My profile"
        description="The customers whose account team you are on see your name, role, email and work phone in their portal."
      />
      <Card maw={560}>
        <form onSubmit={submit} noValidate aria-label="My profile">
          <Stack gap="md">
            {update.error && !fieldError && !zoneError ? (
              <ErrorAlert error={update.error} title="Nothing was changed" />
            ) : null}
            <Text size="sm">
              <strong>{user.name}</strong>, {roleLabels[user.role].toLowerCase()} · {user.email}
            </Text>
            <TextInput
              label="Work phone"
              description="Digits with an optional leading +; leave empty to remove it."
              placeholder="+44 20 7946 0000"
              value={workPhone}
              onChange={(e) => setWorkPhone(e.currentTarget.value)}
              error={fieldError}
            />
            <TimeZoneSelect
              label="Time zone of your emails"
              description="Times in the emails you receive are written in it. Empty: the firm's default time zone."
              placeholder="The firm's default time zone"
              required={false}
              value={timeZone}
              onChange={setTimeZone}
              error={zoneError}
            />
            <Group justify="flex-end">
              <Button type="submit" loading={update.isPending} disabled={!phoneChanged && !zoneChanged}>
                Save
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
    </>
  );
}
