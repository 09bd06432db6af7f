import { Alert, Anchor, Button, Group, PasswordInput, Stack } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { isApiError } from '../../api/client.ts';
import { errorMessage } from '../../components/ErrorAlert.tsx';
import { rememberSession, safeNext } from '../../app/session.ts';
import { AuthCard } from './AuthCard.tsx';
import { EmailInput } from './EmailInput.tsx';
import { login } from './auth.api.ts';

/** What other pages hand to the sign-in page (after sign-out or a new password). */
export interface LoginNotice {
  notice?: string;
  email?: string;
}

/** Sign in with email and password; the server's own message on a refusal (401, 429). */
export function LoginPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const handed = (useLocation().state ?? {}) as LoginNotice;
  const [email, setEmail] = useState(handed.email ?? '');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setFieldErrors({});
    try {
      const result = await login({ email, password });
      rememberSession({ user: result.user, csrfToken: result.csrfToken });
      const target = safeNext(params.get('next'));
      const portal = result.user.organizationKind === 'customer';
      // A customer user is not sent into the staff app, nor staff into the portal.
      const fitting = portal
        ? target.startsWith('/portal')
          ? target
          : '/portal'
        : target.startsWith('/portal')
          ? '/'
          : target;
      await navigate(fitting, { replace: true });
    } catch (err) {
      if (isApiError(err) && err.code === 'VALIDATION_FAILED') setFieldErrors(err.fieldErrors());
      else setError(errorMessage(err));
      setPassword('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthCard title="Sign in" subtitle="Use the email address and password of your IMR Desk account.">
      <form onSubmit={submit} noValidate aria-label="Sign in">
        <Stack gap="md">
          {handed.notice && !error ? (
            <Alert color="green" variant="light" icon={<IconCircleCheck size={18} aria-hidden />} role="status">
              {handed.notice}
            </Alert>
          ) : null}
          {error ? (
            <Alert
              color="red"
              variant="light"
              icon={<IconAlertTriangle size={18} aria-hidden />}
              role="alert"
              title="Could not sign in"
            >
              {error}
            </Alert>
          ) : null}
          <EmailInput value={email} onChange={setEmail} error={fieldErrors['email']} autoFocus={!handed.email} />
          <PasswordInput
            label="Password"
            name="password"
            autoComplete="current-password"
            required
            autoFocus={Boolean(handed.email)}
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={fieldErrors['password']}
          />
          <Group justify="flex-end">
            <Anchor component={Link} to="/forgot-password" size="sm">
              Forgot password?
            </Anchor>
          </Group>
          <Button type="submit" fullWidth loading={busy}>
            Sign in
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
