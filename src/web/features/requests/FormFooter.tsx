import { Anchor, Button, Group, type MantineColor } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link } from 'react-router';

/** The buttons under a dialog's form: a way out and the submit button (busy while the server answers). */
export function FormFooter({
  onCancel,
  cancelLabel = 'Cancel',
  submitLabel,
  pending,
  color,
}: {
  onCancel: () => void;
  cancelLabel?: string;
  submitLabel: string;
  pending: boolean;
  color?: MantineColor;
}) {
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onCancel}>
        {cancelLabel}
      </Button>
      <Button type="submit" loading={pending} color={color}>
        {submitLabel}
      </Button>
    </Group>
  );
}

/** The small "← back" link above a page's title. */
export function BackLink({ to, children }: { to: string; children: string }) {
  return (
    <Anchor component={Link} to={to} size="sm" mb="xs" display="inline-flex" style={{ alignItems: 'center', gap: 4 }}>
      <IconArrowLeft size={14} aria-hidden /> {children}
    </Anchor>
  );
}
