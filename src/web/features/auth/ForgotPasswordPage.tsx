import { Alert, Anchor, Button, Stack, Text } from '@mantine/core';
import { IconMailForward } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { isApiError } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { AuthCard } from './AuthCard.tsx';
import { EmailInput } from './EmailInput.tsx';
import { requestPasswordReset } from './auth.api.ts';

/** Asks for a reset link. The answer never tells whether the address has an account. */
export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [fieldError, setFieldError] = useState<string | undefined>();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setFieldError(undefined);
    try {
      await requestPasswordReset(email.trim());
      setSentTo(email.trim());
    } catch (err) {
      if (isApiError(err) && err.code === 'VALIDATION_FAILED') setFieldError(err.fieldErrors()['email'] ?? err.detail);
      else setError(err);
    } finally {
      setBusy(false);
    }
  }

  if (sentTo) {
    return (
      <AuthCard title="Check your email">
        <Stack gap="md">
          <Alert color="brand" variant="light" icon={<IconMailForward size={18} aria-hidden />} role="status">
            If an account exists for <strong>{sentTo}</strong>, we have sent it a link to choose a new password. The
            link works once and expires in one hour.
          </Alert>
          <Text size="sm" c="dimmed">
            No email after a few minutes? Check the spam folder, or ask your administrator.
          </Text>
          <Button component={Link} to="/login" variant="default" fullWidth>
            Back to sign in
          </Button>
        </Stack>
      </AuthCard>
    );
  }

  return (
    <AuthCard
      title="Forgot your password?"
      subtitle="Enter the email address of your account and we will send you a link to choose a new password."
    >
      <form onSubmit={submit} noValidate aria-label="Request a password reset link">
        <Stack gap="md">
          {error ? <ErrorAlert error={error} title="Could not send the link" /> : null}
          <EmailInput value={email} onChange={setEmail} error={fieldError} autoFocus />
          <Button type="submit" fullWidth loading={busy}>
            Send reset link
          </Button>
          <Anchor component={Link} to="/login" size="sm" ta="center">
            Back to sign in
          </Anchor>
        </Stack>
      </form>
    </AuthCard>
  );
}
