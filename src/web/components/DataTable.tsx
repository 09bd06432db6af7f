import { Paper, Table, VisuallyHidden } from '@mantine/core';
import type { ReactNode } from 'react';
import type { PagedList } from '../api/paged.ts';
import { ErrorAlert } from './ErrorAlert.tsx';
import { TableSkeleton } from './Loading.tsx';
import { LoadMore } from './LoadMore.tsx';

export type Column = string | { label: string; width?: number; hidden?: boolean };

/** A bordered table that scrolls sideways on small screens, with an accessible name and a header row. */
export function DataTable({
  label,
  minWidth = 640,
  columns,
  children,
}: {
  label: string;
  minWidth?: number;
  columns: Column[];
  children: ReactNode;
}) {
  return (
    <Paper withBorder>
      <Table.ScrollContainer minWidth={minWidth} scrollAreaProps={{ viewportProps: { tabIndex: 0 } }}>
        <Table aria-label={label}>
          <Table.Thead>
            <Table.Tr>
              {columns.map((c) => {
                const col = typeof c === 'string' ? { label: c } : c;
                return (
                  <Table.Th key={col.label} w={col.width}>
                    {col.hidden ? <VisuallyHidden>{col.label}</VisuallyHidden> : col.label}
                  </Table.Th>
                );
              })}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>{children}</Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

/**
 * The states of a list in one place: failed (the server's message and a retry), loading (a skeleton),
 * empty (say so), otherwise the list itself.
 */
export function ListStates({
  error,
  pending,
  isEmpty,
  errorTitle,
  onRetry,
  skeleton,
  empty,
  children,
}: {
  error: unknown;
  pending: boolean;
  isEmpty: boolean;
  errorTitle: string;
  onRetry?: () => void;
  skeleton?: ReactNode;
  empty: ReactNode;
  children: ReactNode;
}) {
  if (error) return <ErrorAlert error={error} title={errorTitle} {...(onRetry ? { onRetry } : {})} />;
  if (pending) return <>{skeleton ?? <TableSkeleton />}</>;
  if (isEmpty) return <>{empty}</>;
  return <>{children}</>;
}

/** ListStates of a usePagedList result, with "Load more" under the list while the server has more. */
export function PagedListStates({
  list,
  errorTitle,
  skeleton,
  empty,
  children,
}: {
  list: PagedList<unknown>;
  errorTitle: string;
  skeleton?: ReactNode;
  empty: ReactNode;
  children: ReactNode;
}) {
  return (
    <>
      <ListStates
        error={list.error}
        pending={list.isPending}
        isEmpty={list.items.length === 0}
        errorTitle={errorTitle}
        onRetry={list.refetch}
        skeleton={skeleton}
        empty={empty}
      >
        {children}
      </ListStates>
      <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onLoad={list.loadMore} />
    </>
  );
}
