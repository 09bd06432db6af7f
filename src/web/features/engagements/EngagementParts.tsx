import { Badge, Group, Progress, Stack, Text, Textarea, Tooltip } from '@mantine/core';
import type { Quantity } from '../../api/types.ts';
import { DateTime } from '../../components/DateTime.tsx';
import { QuantityText } from '../../components/QuantityText.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import {
  billingStatusColors,
  billingStatusHelp,
  billingStatusLabels,
  consumedShare,
  engagementStatusColors,
  engagementStatusLabels,
  shareColor,
} from './engagements.labels.ts';
import type { BillingStatus, EngagementStatus } from './engagements.types.ts';

/** An engagement's lifecycle status as a badge; `inline` renders it as a span (inside a paragraph such as a page header's description). */
export function EngagementStatusBadge({ status, inline }: { status: EngagementStatus; inline?: boolean }) {
  if (!inline)
    return <StatusBadge status={status} colors={engagementStatusColors} label={engagementStatusLabels[status]} />;
  return (
    <Badge component="span" color={engagementStatusColors[status]} variant="light" radius="sm" tt="none" fw={600}>
      {engagementStatusLabels[status]}
    </Badge>
  );
}

/** An effort entry's billing status, with what it means on hover. */
export function BillingStatusBadge({ status }: { status: BillingStatus }) {
  return (
    <Tooltip label={billingStatusHelp[status]} multiline w={260} withArrow>
      <span>
        <StatusBadge status={status} colors={billingStatusColors} label={billingStatusLabels[status]} />
      </span>
    </Tooltip>
  );
}

/** Consumed against the estimate: a small bar and "12h 00m of 40h 00m" (the server's display strings). */
export function ConsumptionBar({
  consumed,
  estimate,
  label,
  size = 'sm',
}: {
  consumed: Quantity;
  estimate: Quantity;
  label: string;
  size?: 'sm' | 'md';
}) {
  const share = consumedShare(consumed.amount, estimate.amount);
  return (
    <Stack gap={4} miw={140}>
      {/* The section is the progressbar: its name and value text go there, not on the root (axe aria-allowed-attr). */}
      <Progress.Root size={size}>
        <Progress.Section
          value={share}
          color={shareColor(consumed.amount, estimate.amount)}
          aria-label={label}
          aria-valuetext={`${consumed.display} of ${estimate.display}`}
        />
      </Progress.Root>
      <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
        <QuantityText value={consumed} /> of <QuantityText value={estimate} />
      </Text>
    </Stack>
  );
}

const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** Planned days in the reader's zone as one compact range ("26–30 Nov 2026"), the exact instants on hover. */
export function PlannedDays({
  start,
  end,
  empty = 'Not planned yet',
}: {
  start: string | null;
  end: string | null;
  empty?: string;
}) {
  if (!start && !end)
    return (
      <Text size="sm" c="dimmed">
        {empty}
      </Text>
    );
  // An end is the first instant after the last day: its day is the one before it.
  const last = end ? new Date(Date.parse(end) - 1) : null;
  const text =
    start && last && last.getTime() >= Date.parse(start)
      ? dayFormat.formatRange(new Date(start), last)
      : `${start ? dayFormat.format(new Date(start)) : 'open start'} – ${last ? dayFormat.format(last) : 'open end'}`;
  return (
    <Text size="sm" title={`${start ?? 'open'} – ${end ?? 'open'}`}>
      {text}
    </Text>
  );
}

/** Planned start and end as instants, or "Not planned yet". */
export function PlannedRange({
  start,
  end,
  empty = 'Not planned yet',
}: {
  start: string | null;
  end: string | null;
  empty?: string;
}) {
  if (!start && !end)
    return (
      <Text size="sm" c="dimmed">
        {empty}
      </Text>
    );
  return (
    <Group gap={4} wrap="wrap">
      <Text size="sm">
        <DateTime value={start} empty="open start" />
      </Text>
      <Text size="sm" c="dimmed" aria-label="to">
        –
      </Text>
      <Text size="sm">
        <DateTime value={end} empty="open end" />
      </Text>
    </Group>
  );
}

/** A reason (or note) kept with an operation: a growing text area, its error under it. */
export function ReasonField({
  label,
  description,
  required = false,
  value,
  onChange,
  error,
  autoFocus = false,
}: {
  label: string;
  description?: string;
  required?: boolean;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  autoFocus?: boolean;
}) {
  return (
    <Textarea
      label={label}
      description={description}
      required={required}
      autosize
      minRows={2}
      value={value}
      onChange={(ev) => onChange(ev.currentTarget.value)}
      error={error}
      data-autofocus={autoFocus || undefined}
    />
  );
}
