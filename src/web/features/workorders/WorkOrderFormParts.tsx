import { ActionIcon, Button, Card, Group, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { activities } from '../../../shared/domain.ts';
import { activityLabels } from '../engagements/engagements.labels.ts';
import { rowKey, type When } from './draft.ts';
import type { ContractUnit } from './workorders.types.ts';

export const activityOptions = activities.map((a) => ({ value: a, label: activityLabels[a] }));
export const amountHint = (unit: ContractUnit) => (unit === 'hours' ? 'e.g. 40h or 7h30m' : 'e.g. 16su or 12.50su');

export function FormCard({
  title,
  description,
  children,
}: {
  title: string;
  description?: ReactNode;
  children: ReactNode;
}) {
  const id = `form-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return (
    <Card component="section" aria-labelledby={id} withBorder>
      <Title order={2} fz="h4" id={id}>
        {title}
      </Title>
      {description ? (
        <Text size="sm" c="dimmed" mb="sm">
          {description}
        </Text>
      ) : (
        <div style={{ height: 8 }} />
      )}
      <Stack gap="sm">{children}</Stack>
    </Card>
  );
}

/** A list field typed one item per line. */
export function LinesInput({
  label,
  value,
  onChange,
  error,
  placeholder,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string | undefined;
  placeholder?: string;
}) {
  return (
    <Textarea
      label={label}
      description="One item per line."
      autosize
      minRows={2}
      maxRows={10}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={error}
      placeholder={placeholder}
    />
  );
}

export function WhenInput({
  label,
  value,
  onChange,
  error,
  min,
  timeZone,
}: {
  label: string;
  value: When;
  onChange: (when: When) => void;
  error?: string | undefined;
  min?: string | undefined;
  timeZone: string;
}) {
  return (
    <Group gap="xs" align="flex-start" wrap="nowrap">
      <TextInput
        type="date"
        label={label}
        value={value.date}
        min={min}
        onChange={(e) => onChange({ ...value, date: e.currentTarget.value })}
        error={error}
        style={{ flex: 1 }}
      />
      <TextInput
        type="time"
        label="Time (optional)"
        aria-label={`${label}: time (${timeZone})`}
        value={value.time}
        onChange={(e) => onChange({ ...value, time: e.currentTarget.value })}
        w={150}
      />
    </Group>
  );
}

/** Rows of a table field: change one, remove one, add one. */
export function rowsOf<T extends { key: string }>(rows: T[], setRows: (nextRows: T[]) => void) {
  return {
    change: (n: number, patch: Partial<T>) => setRows(rows.map((r, i) => (i === n ? { ...r, ...patch } : r))),
    remove: (n: number) => setRows(rows.filter((_, i) => i !== n)),
    add: (row: Omit<T, 'key'>) => setRows([...rows, { ...row, key: rowKey() } as T]),
  };
}

/** Rows of a table field as lines of inputs, each with its remove button, and an add button under them. */
export function RowList<T extends { key: string }>({
  rows,
  empty,
  what,
  addLabel,
  onAdd,
  onRemove,
  children,
}: {
  rows: T[];
  empty: string;
  what: string;
  addLabel: string;
  onAdd: () => void;
  onRemove: (n: number) => void;
  children: (row: T, n: number) => ReactNode;
}) {
  return (
    <>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : null}
      {rows.map((r, n) => (
        <Group key={r.key} gap="xs" align="flex-start" wrap="wrap">
          {children(r, n)}
          <ActionIcon
            variant="subtle"
            color="gray"
            mt={6}
            aria-label={`Remove ${what} ${n + 1}`}
            onClick={() => onRemove(n)}
          >
            <IconTrash size={16} aria-hidden />
          </ActionIcon>
        </Group>
      ))}
      <Group>
        <Button variant="light" leftSection={<IconPlus size={16} aria-hidden />} onClick={onAdd}>
          {addLabel}
        </Button>
      </Group>
    </>
  );
}
