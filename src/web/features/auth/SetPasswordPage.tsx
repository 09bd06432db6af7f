import { Alert, Anchor, Button, PasswordInput, Stack } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { isApiError } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { AuthCard } from './AuthCard.tsx';
import { confirmPasswordReset, passwordHint } from './auth.api.ts';
import type { LoginNotice } from './LoginPage.tsx';

const copy = {
  set: {
    title: 'Choose your password',
    subtitle: 'Welcome to IMR Desk. Choose the password you will sign in with.',
    button: 'Set password',
    done: 'Your password is set. Sign in with it.',
  },
  reset: {
    title: 'Choose a new password',
    subtitle: 'Your new password replaces the old one and signs you out everywhere else.',
    button: 'Save new password',
    done: 'Your password has been changed. Sign in with the new one.',
  },
} as const;

/** The target of the set-password (new account) and reset-password links: ?token=… from the email. */
export function SetPasswordPage({ mode }: { mode: 'set' | 'reset' }) {
  const text = copy[mode];
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<{ password?: string; confirm?: string }>({});
  const [linkProblem, setLinkProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (!password) return setFieldErrors({ password: 'Enter a password.' });
    if (password !== confirm)
      return setFieldErrors({ confirm: 'The two passwords differ. Type the same password twice.' });
    setFieldErrors({});
    setBusy(true);
    try {
      const result = await confirmPasswordReset(token, password);
      const state: LoginNotice = { notice: text.done, email: result.user.email };
      await navigate('/login', { replace: true, state });
    } catch (err) {
      if (isApiError(err) && err.code === 'WEAK_PASSWORD') setFieldErrors({ password: err.detail });
      else if (isApiError(err) && err.code === 'TOKEN_INVALID') setLinkProblem(err.detail);
      else if (isApiError(err) && err.code === 'VALIDATION_FAILED' && err.fieldErrors()['token']) {
        setLinkProblem('This link is incomplete. Open the link from the email again, or ask for a new one.');
      } else if (isApiError(err) && err.code === 'VALIDATION_FAILED' && err.fieldErrors()['password']) {
        setFieldErrors({ password: err.fieldErrors()['password'] });
      } else setError(err);
    } finally {
      setBusy(false);
    }
  }

  const badLink = !token
    ? 'This link is incomplete: it has no token. Open the link from the email again, or ask for a new one.'
    : linkProblem;
  if (badLink) {
    return (
      <AuthCard title={text.title}>
        <Stack gap="md">
          <Alert
            color="red"
            variant="light"
            icon={<IconAlertTriangle size={18} aria-hidden />}
            role="alert"
            title="This link cannot be used"
          >
            {badLink}
          </Alert>
          <Button component={Link} to="/forgot-password" fullWidth>
            Get a new link
          </Button>
          <Anchor component={Link} to="/login" size="sm" ta="center">
            Back to sign in
          </Anchor>
        </Stack>
      </AuthCard>
    );
  }

  return (
    <AuthCard title={text.title} subtitle={text.subtitle}>
      <form onSubmit={submit} noValidate aria-label={text.title}>
        <Stack gap="md">
          {error ? <ErrorAlert error={error} title="Could not save the password" /> : null}
          <PasswordInput
            label="New password"
            name="new-password"
            autoComplete="new-password"
            description={passwordHint}
            required
            autoFocus
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={fieldErrors.password}
          />
          <PasswordInput
            label="Repeat the new password"
            name="confirm-password"
            autoComplete="new-password"
            required
            value={confirm}
            onChange={(e) => setConfirm(e.currentTarget.value)}
            error={fieldErrors.confirm}
          />
          <Button type="submit" fullWidth loading={busy}>
            {text.button}
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
