import { Alert, Button, List, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { isApiError } from '../api/client.ts';

/** The message of any failure, as a person should read it. */
export function errorMessage(e: unknown): string {
  if (isApiError(e)) return e.detail;
  if (e instanceof Error) return e.message;
  return 'Something went wrong. Try again.';
}

/** A failed load or action: the server's message, its field problems and request id, and a retry. */
export function ErrorAlert({ error, title, onRetry }: { error: unknown; title?: string; onRetry?: () => void }) {
  const api = isApiError(error) ? error : undefined;
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertTriangle size={18} aria-hidden />}
      title={title ?? 'Something went wrong'}
      role="alert"
    >
      <Text size="sm">{errorMessage(error)}</Text>
      {api && api.errors.length > 1 ? (
        <List size="sm" mt="xs">
          {api.errors.map((e) => (
            <List.Item key={e.path}>{e.field ? `${e.field}: ${e.message}` : e.message}</List.Item>
          ))}
        </List>
      ) : null}
      {api?.requestId ? (
        <Text size="xs" c="dimmed" mt="xs">
          Request id: {api.requestId}
        </Text>
      ) : null}
      {onRetry ? (
        <Button mt="sm" size="xs" variant="default" onClick={onRetry}>
          Try again
        </Button>
      ) : null}
    </Alert>
  );
}
