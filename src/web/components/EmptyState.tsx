import { EmptyState as MantineEmptyState, Paper } from '@mantine/core';
import { IconInbox } from '@tabler/icons-react';
import type { ReactNode } from 'react';

/**
 * What a page shows when there is nothing to list: a title that says so plainly ("No customers yet"),
 * what will appear here, and the action that fills it when there is one. Never fake data.
 */
export function EmptyState({
  title,
  description,
  icon,
  action,
  bare,
  size = 'md',
}: {
  title: string;
  description?: ReactNode;
  icon?: ReactNode;
  action?: ReactNode;
  /** Without the surrounding panel (inside a card or table). */
  bare?: boolean;
  /** 'sm' inside dashboard cards. */
  size?: 'sm' | 'md';
}) {
  const body = (
    <MantineEmptyState
      title={title}
      description={description}
      icon={icon ?? <IconInbox size={28} stroke={1.5} aria-hidden />}
      variant="light"
      size={size}
      py={size === 'sm' ? 'md' : 'xl'}
    >
      {action ? <MantineEmptyState.Actions>{action}</MantineEmptyState.Actions> : null}
    </MantineEmptyState>
  );
  return bare ? (
    body
  ) : (
    <Paper withBorder p="xl">
      {body}
    </Paper>
  );
}
