import { Button, Group, Skeleton, Stack, type MantineColor } from '@mantine/core';
import type { ReactNode } from 'react';
import { isApiError } from '../../api/client.ts';
import { NotFoundPage } from '../../app/ErrorPages.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';

/** The foot of a dialog's form: Cancel, and the submit button that shows the save in progress. */
export function FormActions({
  onCancel,
  submit,
  loading,
  disabled,
  color,
}: {
  onCancel: () => void;
  submit: string;
  loading: boolean;
  disabled?: boolean | undefined;
  color?: MantineColor | undefined;
}) {
  return (
    <Group justify="flex-end" mt="sm">
      <Button variant="default" onClick={onCancel}>
        Cancel
      </Button>
      <Button type="submit" loading={loading} disabled={disabled} color={color}>
        {submit}
      </Button>
    </Group>
  );
}

/**
 * A detail page's states before it has its object: the 404 page when the server says it does not exist
 * (or belongs to another customer), the error with a retry, or a skeleton; `back` stays on top.
 */
export function DetailStates<T>({
  query,
  back,
  home,
  errorTitle,
  children,
}: {
  query: { data: T | undefined; error: unknown; refetch: () => unknown };
  back: ReactNode;
  home: string;
  errorTitle: string;
  children: (data: T) => ReactNode;
}) {
  if (query.error && isApiError(query.error) && query.error.status === 404) return <NotFoundPage home={home} />;
  if (query.error)
    return (
      <Stack>
        {back}
        <ErrorAlert error={query.error} title={errorTitle} onRetry={() => void query.refetch()} />
      </Stack>
    );
  if (query.data === undefined) {
    return (
      <Stack aria-busy="true" aria-label="Loading">
        {back}
        <Skeleton height={36} width="40%" />
        <Skeleton height={220} />
        <Skeleton height={280} />
      </Stack>
    );
  }
  return <>{children(query.data)}</>;
}
