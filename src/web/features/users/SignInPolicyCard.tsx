import { Button, Group, Paper, Stack, Switch, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { errorMessage } from '../../components/ErrorAlert.tsx';
import { useSignInPolicy, useUpdateSignInPolicy } from './signin.api.ts';

/**
 * How staff sign in (admins): single sign-on's provider, and the switch that turns passwords off for staff
 * other than administrators (offered only once single sign-on is set up; the server refuses it otherwise).
 */
export function SignInPolicyCard() {
  const policy = useSignInPolicy();
  const update = useUpdateSignInPolicy();
  const [wanted, setWanted] = useState<boolean | null>(null);
  const [reason, setReason] = useState('');
  if (!policy.data) return null;
  const { sso, staffPasswords } = policy.data;
  const current = staffPasswords === 'admins_only';
  const off = wanted ?? current;
  const changed = off !== current;

  function save() {
    update.mutate(
      { staffPasswords: off ? 'admins_only' : 'allowed', reason },
      {
        onSuccess: () => {
          setWanted(null);
          setReason('');
          notifications.show({
            color: 'green',
            title: 'Sign-in changed',
            message: off
              ? `Staff other than administrators now sign in with ${sso?.name ?? 'single sign-on'}.`
              : 'Staff may sign in with their passwords again.',
          });
        },
        onError: (e) =>
          notifications.show({ color: 'red', title: 'Could not change sign-in', message: errorMessage(e) }),
      },
    );
  }

  return (
    <Paper withBorder p="md" radius="md" aria-label="Sign-in">
      <Stack gap="xs">
        <Text fw={600}>Sign-in</Text>
        <Text size="sm" c="dimmed">
          {sso
            ? `Staff can sign in with ${sso.name}. Customers always sign in with their email and password.`
            : 'Single sign-on is not set up on this server (see the operations guide). Everyone signs in with email and password.'}
        </Text>
        <Switch
          label={`Staff other than administrators must sign in with ${sso?.name ?? 'single sign-on'}`}
          description="Administrators keep their passwords: the way in when the identity provider is down."
          checked={off}
          disabled={!sso && !current}
          onChange={(e) => setWanted(e.currentTarget.checked)}
        />
        {changed ? (
          <Group align="flex-end" gap="sm">
            <TextInput
              label="Reason"
              description="Kept in the audit log."
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              w={360}
            />
            <Button onClick={save} loading={update.isPending} disabled={reason.trim().length < 3}>
              Save
            </Button>
            <Button variant="subtle" onClick={() => setWanted(null)}>
              Cancel
            </Button>
          </Group>
        ) : null}
      </Stack>
    </Paper>
  );
}
