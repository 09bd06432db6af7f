import { Badge, type MantineColor } from '@mantine/core';

/** Colours of lifecycle statuses that read the same everywhere; features may pass their own. */
const defaultColors: Record<string, MantineColor> = {
  active: 'green',
  invited: 'blue',
  disabled: 'gray',
  revoked: 'gray',
  draft: 'gray',
  sent: 'blue',
  approved: 'green',
  declined: 'red',
  expired: 'orange',
  cancelled: 'gray',
  closed: 'dark',
  failed: 'red',
  pending: 'yellow',
};

/** `status` as a badge with a readable label ("awaiting_approval" → "Awaiting approval"). */
export function StatusBadge({
  status,
  colors,
  label,
}: {
  status: string;
  colors?: Record<string, MantineColor>;
  label?: string;
}) {
  const color = colors?.[status] ?? defaultColors[status] ?? 'gray';
  const text = label ?? status.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
  return (
    <Badge color={color} variant="light" radius="sm" tt="none" fw={600}>
      {text}
    </Badge>
  );
}
