import { Group, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Page } from '../../api/types.ts';
import { ListStates } from '../../components/DataTable.tsx';
import { TableSkeleton } from '../../components/Loading.tsx';

/** A tab's list of one page of items: "Add" above it when there are some, its loading, error and empty states, its dialogs. */
export function ListSection<T>({
  query,
  what,
  addButton,
  columns,
  empty,
  dialogs,
  children,
}: {
  query: { data: Page<T> | undefined; error: unknown; isPending: boolean; refetch: () => unknown };
  what: string;
  addButton: ReactNode;
  columns: number;
  empty: ReactNode;
  dialogs: ReactNode;
  children: (items: T[]) => ReactNode;
}) {
  const items = query.data?.items ?? [];
  return (
    <Stack gap="md">
      {items.length && addButton ? <Group justify="flex-end">{addButton}</Group> : null}
      <ListStates
        error={query.error}
        pending={query.isPending}
        isEmpty={items.length === 0}
        errorTitle={`Could not load the ${what}`}
        onRetry={() => void query.refetch()}
        skeleton={<TableSkeleton columns={columns} rows={3} />}
        empty={empty}
      >
        {children(items)}
      </ListStates>
      {dialogs}
    </Stack>
  );
}
