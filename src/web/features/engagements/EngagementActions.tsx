import '@mantine/dates/styles.css';
import { Alert, Button, Modal, Stack, Text } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { IconCalendarEvent, IconPlayerPause, IconPlayerPlay, IconTruckDelivery } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { splitError } from '../customers/form.ts';
import { FormFooter } from '../requests/FormFooter.tsx';
import { useCustomer } from '../customers/customers.api.ts';
import { todayIn } from './effort-form.ts';
import { ReasonField } from './EngagementParts.tsx';
import { usePlanEngagement, useTransition } from './engagements.api.ts';
import { engagementStatusLabels, statusMoves, type StatusMove } from './engagements.labels.ts';
import type { Engagement } from './engagements.types.ts';

/** Pause for holding, a truck for delivering, play for starting and resuming. */
const moveIcon = (move: StatusMove, from: Engagement['status']) =>
  move.to === 'on_hold'
    ? IconPlayerPause
    : move.to === 'delivering' && from !== 'on_hold'
      ? IconTruckDelivery
      : IconPlayerPlay;

/** The ordinary moves the engagement's state allows, one button each; each asks for confirmation (and a reason where one is needed). */
export function StatusMoveButtons({ engagement: e }: { engagement: Engagement }) {
  const [move, setMove] = useState<StatusMove | null>(null);
  const moves = statusMoves(e);
  return (
    <>
      {moves.map((m, i) => {
        const Icon = moveIcon(m, e.status);
        return (
          <Button
            key={m.to}
            variant={i === 0 ? 'filled' : 'default'}
            leftSection={<Icon size={16} aria-hidden />}
            onClick={() => setMove(m)}
          >
            {m.label}
          </Button>
        );
      })}
      <Modal opened={move !== null} onClose={() => setMove(null)} title={move ? `${move.label}: ${e.number}` : ''}>
        {move ? <MoveForm engagement={e} move={move} onClose={() => setMove(null)} /> : null}
      </Modal>
    </>
  );
}

function MoveForm({ engagement: e, move, onClose }: { engagement: Engagement; move: StatusMove; onClose: () => void }) {
  const transition = useTransition(e.id);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const { fields, general } = splitError(transition.error, ['reason']);

  function submit(ev: FormEvent) {
    ev.preventDefault();
    if (move.reason === 'required' && !reason.trim()) return setMissing(true);
    transition.mutate(
      { to: move.to, ...(reason.trim() ? { reason: reason.trim() } : {}) },
      {
        onSuccess: (r) => {
          notifications.show({
            color: 'green',
            title: `${r.number} is ${engagementStatusLabels[r.status].toLowerCase()}`,
            message: move.explain,
          });
          onClose();
        },
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate aria-label={move.label}>
      <Stack gap="md">
        {general ? <ErrorAlert error={general} title="Nothing was changed" /> : null}
        <Text size="sm">{move.explain}</Text>
        <ReasonField
          label={move.reason === 'required' ? 'Reason' : 'Note (optional)'}
          description={
            move.to === 'on_hold'
              ? 'A customer pause, blocked access…: kept with the move and shown on the engagement.'
              : 'Kept with the move in the audit log.'
          }
          required={move.reason === 'required'}
          value={reason}
          onChange={(v) => {
            setReason(v);
            setMissing(false);
          }}
          error={fields['reason'] ?? (missing ? 'Say why the engagement is put on hold.' : undefined)}
          autoFocus
        />
        <FormFooter onCancel={onClose} submitLabel={move.label} pending={transition.isPending} />
      </Stack>
    </form>
  );
}

/**
 * The calendar day of a planned instant in the customer's zone, for the pickers. An end is the first
 * instant after its last day (a date is saved as the end of that day), so its day is the one before it.
 */
const dayOf = (iso: string | null, zone: string, edge: 'start' | 'end'): string | null =>
  iso ? todayIn(zone, new Date(Date.parse(iso) - (edge === 'end' ? 1 : 0))) : null;

/** Edit the planned dates (IR managers): saving sends calendar invitations, and says so before and after. */
export function PlanDatesButton({ engagement: e }: { engagement: Engagement }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        size="compact-sm"
        variant="light"
        leftSection={<IconCalendarEvent size={14} aria-hidden />}
        onClick={() => setOpen(true)}
      >
        {e.plannedStart || e.plannedEnd ? 'Change dates' : 'Plan dates'}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={`Planned dates of ${e.number}`}>
        {open ? <PlanDatesForm engagement={e} onClose={() => setOpen(false)} /> : null}
      </Modal>
    </>
  );
}

/** The customer's time zone first: the days of the pickers are its days. */
function PlanDatesForm({ engagement: e, onClose }: { engagement: Engagement; onClose: () => void }) {
  const customer = useCustomer(e.customerId);
  if (customer.error)
    return (
      <ErrorAlert
        error={customer.error}
        title="Could not load the customer's time zone"
        onRetry={() => void customer.refetch()}
      />
    );
  if (!customer.data)
    return (
      <Text size="sm" c="dimmed" role="status">
        Loading the customer&apos;s time zone…
      </Text>
    );
  return <PlanDatesFields engagement={e} zone={customer.data.timeZone} onClose={onClose} />;
}

function PlanDatesFields({
  engagement: e,
  zone,
  onClose,
}: {
  engagement: Engagement;
  zone: string;
  onClose: () => void;
}) {
  const plan = usePlanEngagement(e.id);
  const [initial] = useState(() => ({
    start: dayOf(e.plannedStart, zone, 'start'),
    end: dayOf(e.plannedEnd, zone, 'end'),
  }));
  const [start, setStart] = useState<string | null>(initial.start);
  const [end, setEnd] = useState<string | null>(initial.end);
  const { fields, general } = splitError(plan.error, ['plannedStart', 'plannedEnd']);
  const hadDates = Boolean(e.plannedStart || e.plannedEnd);
  const clearing = hadDates && !start && !end;

  function submit(ev: FormEvent) {
    ev.preventDefault();
    // Only the days that changed: an untouched day keeps its exact planned time (an emergency starts at 04:40, not at midnight).
    const patch = {
      ...(start !== initial.start ? { plannedStart: start } : {}),
      ...(end !== initial.end ? { plannedEnd: end } : {}),
    };
    if (Object.keys(patch).length === 0) return onClose();
    plan.mutate(
      { ...patch, revision: e.revision },
      {
        onSuccess: () => {
          notifications.show({
            color: 'green',
            title: 'Dates saved',
            message: clearing
              ? 'Everyone who was invited gets a calendar cancellation.'
              : "The customer's approving contacts and the requester get a calendar invitation.",
          });
          onClose();
        },
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Planned dates">
      <Stack gap="md">
        {general ? <ErrorAlert error={general} title="The dates were not saved" /> : null}
        <Text size="sm">
          Days count in the customer&apos;s time zone ({zone}): the engagement starts at the beginning of the first day
          and ends at the end of the last.
        </Text>
        <DatePickerInput
          label="Planned start"
          placeholder="Pick a day"
          value={start}
          onChange={setStart}
          clearable
          error={fields['plannedStart']}
          data-autofocus
        />
        <DatePickerInput
          label="Planned end"
          placeholder="Pick a day"
          value={end}
          onChange={setEnd}
          clearable
          minDate={start ?? undefined}
          error={fields['plannedEnd']}
        />
        <Alert color="blue" variant="light" icon={<IconCalendarEvent size={18} aria-hidden />}>
          <Text size="sm">
            {clearing
              ? 'Saving without dates sends everyone who was invited a calendar cancellation.'
              : hadDates
                ? "Saving sends an updated calendar invitation to the customer's approving contacts and the requester; their calendars move the existing event. Consultants get theirs with each booking."
                : "Saving sends a calendar invitation to the customer's approving contacts and the requester. Consultants get theirs with each booking."}
          </Text>
        </Alert>
        <FormFooter
          onCancel={onClose}
          submitLabel={clearing ? 'Clear dates and send cancellations' : 'Save and send invitations'}
          pending={plan.isPending}
        />
      </Stack>
    </form>
  );
}
