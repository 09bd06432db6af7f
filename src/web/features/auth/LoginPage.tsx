import { Alert, Anchor, Button, Divider, Group, PasswordInput, Stack } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconAlertTriangle, IconCircleCheck, IconKey } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { isApiError } from '../../api/client.ts';
import { errorMessage } from '../../components/ErrorAlert.tsx';
import { rememberSession, safeNext } from '../../app/session.ts';
import { AuthCard } from './AuthCard.tsx';
import { EmailInput } from './EmailInput.tsx';
import { isSsoRefusal, ssoRefusalMessages } from '../../../shared/sso.ts';
import { authMethods, login, ssoStartUrl } from './auth.api.ts';

/** What other pages hand to the sign-in page (after sign-out or a new password). */
export interface LoginNotice {
  notice?: string;
  email?: string;
}

/**
 * Sign in with email and password, or through the firm's identity provider when the server offers it; the
 * server's own message on a refusal (401, 403, 429), and why a single sign-on came back without a session.
 */
export function LoginPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const methods = useQuery({ queryKey: ['auth-methods'], queryFn: authMethods, staleTime: 5 * 60_000 });
  const sso = methods.data?.sso ?? null;
  const ssoError = params.get('sso_error');
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
          {isSsoRefusal(ssoError) && !error ? (
            <Alert
              color="red"
              variant="light"
              icon={<IconAlertTriangle size={18} aria-hidden />}
              role="alert"
              title={`Could not sign in with ${sso?.name ?? 'single sign-on'}`}
            >
              {ssoRefusalMessages[ssoError]}
            </Alert>
          ) : null}
          {sso ? (
            <>
              <Button
                component="a"
                href={ssoStartUrl(safeNext(params.get('next')))}
                variant="filled"
                fullWidth
                leftSection={<IconKey size={18} aria-hidden />}
              >
                Sign in with {sso.name}
              </Button>
              <Divider label="or with your password" labelPosition="center" />
            </>
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
          <Button type="submit" fullWidth loading={busy} variant={sso ? 'light' : 'filled'}>
            Sign in
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
