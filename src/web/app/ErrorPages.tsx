import { Button, Center, Code, Group, Stack, Text, ThemeIcon, Title, type MantineColor } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconAlertTriangle, IconLock, IconMapOff } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { isApiError } from '../api/client.ts';

function Message({
  icon,
  title,
  children,
  actions,
  color,
}: {
  icon: ReactNode;
  title: string;
  children: ReactNode;
  actions: ReactNode;
  color?: MantineColor;
}) {
  useDocumentTitle(`${title} · IMR Desk`);
  return (
    <Center py={80} px="md">
      <Stack align="center" gap="md" maw={520} ta="center">
        <ThemeIcon size={64} radius="xl" variant="light" color={color} aria-hidden>
          {icon}
        </ThemeIcon>
        <Title order={1} fz="h2">
          {title}
        </Title>
        <Text c="dimmed">{children}</Text>
        <Group justify="center">{actions}</Group>
      </Stack>
    </Center>
  );
}

const statusPages = {
  notFound: {
    icon: <IconMapOff size={32} stroke={1.5} />,
    title: 'Page not found',
    text: 'There is no page at this address. It may have moved, or the link may be mistyped.',
  },
  forbidden: {
    icon: <IconLock size={32} stroke={1.5} />,
    title: 'No access to this page',
    text: 'Your role does not include this page. If you need it, ask an administrator of your organisation.',
  },
};

function StatusPage({ kind, home }: { kind: keyof typeof statusPages; home: string }) {
  const page = statusPages[kind];
  return (
    <Message
      icon={page.icon}
      title={page.title}
      actions={
        <Button component={Link} to={home}>
          Go to the home page
        </Button>
      }
    >
      {page.text}
    </Message>
  );
}

/** Unknown paths, and objects the server says do not exist (or belong to another customer). */
export const NotFoundPage = ({ home = '/' }: { home?: string }) => <StatusPage kind="notFound" home={home} />;

/** A page the user's role does not include. */
export const ForbiddenPage = ({ home = '/' }: { home?: string }) => <StatusPage kind="forbidden" home={home} />;

/** The error boundary of the router: what failed, the request id to report, and ways out. */
export function RouteErrorPage() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  if (isApiError(error) && error.status === 404) return <NotFoundPage />;
  const detail = isApiError(error)
    ? error.detail
    : isRouteErrorResponse(error)
      ? `${error.status} ${error.statusText}`
      : error instanceof Error
        ? error.message
        : 'An unexpected error occurred.';
  return (
    <Message
      icon={<IconAlertTriangle size={32} stroke={1.5} />}
      color="red"
      title="Something went wrong"
      actions={
        <>
          <Button onClick={() => window.location.reload()}>Reload the page</Button>
          <Button component="a" href="/" variant="default">
            Go to the home page
          </Button>
        </>
      }
    >
      {detail}
      {isApiError(error) && error.requestId ? (
        <Text component="span" display="block" size="xs" mt="sm">
          Request id for your administrator: <Code>{error.requestId}</Code>
        </Text>
      ) : null}
    </Message>
  );
}
