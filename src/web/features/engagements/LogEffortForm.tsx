import {
  Alert,
  Button,
  Checkbox,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCircleCheck, IconClockPlus } from '@tabler/icons-react';
import { useRef, useState, type FormEvent } from 'react';
import { useSession } from '../../app/session.ts';
import { CalendarDate } from '../../components/DateTime.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { QuantityText } from '../../components/QuantityText.tsx';
import { splitError } from '../customers/form.ts';
import { BillingStatusBadge } from './EngagementParts.tsx';
import { effortBody, minutesLabel, parseMinutes, submissionKey, type EffortDraft } from './effort-form.ts';
import { useLogEffort } from './engagements.api.ts';
import { activityLabels } from './engagements.labels.ts';
import type { Activity, EffortPosted, Engagement } from './engagements.types.ts';

/** The activities grouped by what they draw (travel time follows the contract's T&E policy). */
export const activityOptions = [
  {
    group: 'Billable',
    items: (
      ['kickoff', 'status_meeting', 'preparation', 'analysis', 'onsite_work', 'deliverable_preparation'] as const
    ).map((a) => ({ value: a, label: activityLabels[a] })),
  },
  { group: "Per the contract's travel policy", items: [{ value: 'travel_time', label: activityLabels.travel_time }] },
  {
    group: 'Never drawn',
    items: (['scoping', 'internal'] as const).map((a) => ({ value: a, label: activityLabels[a] })),
  },
];

const formFields = ['userId', 'date', 'minutes', 'activity', 'afterHours', 'note'];

/** What the last logged entry did: drawn, held (the server's ESTIMATE_EXCEEDED warning), or recorded without drawing. */
function Outcome({ posted }: { posted: EffortPosted }) {
  const held = posted.warnings.find((w) => w.code === 'ESTIMATE_EXCEEDED');
  if (held) {
    return (
      <Alert
        color="orange"
        variant="light"
        icon={<IconAlertTriangle size={18} aria-hidden />}
        title="Logged, but held: the estimate is exceeded"
        role="status"
      >
        <Text size="sm">{held.message}</Text>
      </Alert>
    );
  }
  return (
    <Alert
      color="green"
      variant="light"
      icon={<IconCircleCheck size={18} aria-hidden />}
      title="Effort logged"
      role="status"
    >
      <Group gap="xs">
        <Text size="sm">
          {minutesLabel(posted.roundedMinutes)} of {activityLabels[posted.activity].toLowerCase()} on{' '}
          <CalendarDate value={posted.date} /> for {posted.userName}
          {posted.billingStatus === 'consumed' ? (
            <>
              : drew <QuantityText value={posted.unitsDrawn} /> from the retainer.
            </>
          ) : (
            '.'
          )}
        </Text>
        <BillingStatusBadge status={posted.billingStatus} />
      </Group>
      {posted.warnings
        .filter((w) => w.code !== 'ESTIMATE_EXCEEDED')
        .map((w) => (
          <Text key={w.code} size="sm" mt={4}>
            {w.message}
          </Text>
        ))}
    </Alert>
  );
}

/** The log-effort form's state: the draft, its problems, the people one may log for, and a submit that reuses its key on a retry. */
function useLogEffortDraft(engagement: Engagement, today: string) {
  const { user } = useSession();
  const log = useLogEffort(engagement.id);
  const pendingKey = useRef<{ key: string; body: string } | null>(null);
  const [draft, setDraft] = useState<EffortDraft>({
    userId: user.id,
    date: '',
    duration: '',
    activity: 'analysis',
    afterHours: false,
    note: '',
  });
  const [touched, setTouched] = useState(false);
  const [posted, setPosted] = useState<EffortPosted | null>(null);
  const parsed = parseMinutes(draft.duration);
  const { fields, general } = splitError(log.error, formFields);
  const date = draft.date || today;
  const set = <K extends keyof EffortDraft>(field: K, value: EffortDraft[K]) =>
    setDraft((d) => ({ ...d, [field]: value }));

  const people = new Map<string, string>();
  people.set(user.id, `${user.name} (you)`);
  for (const m of engagement.team) if (!people.has(m.userId)) people.set(m.userId, `${m.name}, ${m.role}`);

  function submit(ev: FormEvent) {
    ev.preventDefault();
    setTouched(true);
    if (parsed.minutes === null) return;
    const body = effortBody({ ...draft, date }, parsed.minutes);
    const sent = submissionKey(pendingKey.current, body);
    pendingKey.current = sent;
    setPosted(null);
    log.mutate(
      { body, key: sent.key },
      {
        onSuccess: (r) => {
          pendingKey.current = null;
          setPosted(r);
          setTouched(false);
          setDraft((d) => ({ ...d, duration: '', note: '', afterHours: false }));
          const held = r.warnings.some((w) => w.code === 'ESTIMATE_EXCEEDED');
          notifications.show({
            color: held ? 'orange' : 'green',
            title: held ? 'Effort held' : 'Effort logged',
            message: held
              ? 'Past the estimate plus tolerance: recorded, not drawn, until a change order covers it.'
              : `${minutesLabel(r.roundedMinutes)} on ${engagement.number}.`,
          });
        },
      },
    );
  }

  return { user, log, draft, set, touched, posted, parsed, fields, general, date, people, submit };
}

/**
 * The quick "Log effort" form: who (you by default), the day (today in the customer's zone by default),
 * the time as "1h30m" or "90m", the activity, after hours, a note. Each submission carries an
 * Idempotency-Key; sending the same content again after a failure reuses it, so nothing counts twice.
 */
export function LogEffortForm({
  engagement: e,
  today,
  canLogForOthers,
}: {
  engagement: Engagement;
  today: string;
  canLogForOthers: boolean;
}) {
  const { user, log, draft, set, touched, posted, parsed, fields, general, date, people, submit } = useLogEffortDraft(
    e,
    today,
  );

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="log-effort-heading">
      <form onSubmit={submit} noValidate aria-label="Log effort">
        <Stack gap="sm">
          <Title order={3} fz="h5" id="log-effort-heading">
            Log effort
          </Title>
          {general ? <ErrorAlert error={general} title="The effort was not logged" /> : null}
          <SimpleGrid cols={{ base: 1, sm: 2, md: canLogForOthers ? 4 : 3 }} spacing="sm">
            {canLogForOthers ? (
              <Select
                label="Who"
                data={[...people].map(([value, label]) => ({ value, label }))}
                value={draft.userId}
                onChange={(v) => set('userId', v ?? user.id)}
                allowDeselect={false}
                error={fields['userId']}
              />
            ) : null}
            <TextInput
              type="date"
              label="Day"
              description="In the customer's time zone"
              value={date}
              max={today}
              onChange={(ev) => set('date', ev.currentTarget.value)}
              error={fields['date']}
              required
            />
            <TextInput
              label="Time worked"
              description="1h30m, 1.5h or 90m"
              placeholder="1h30m"
              value={draft.duration}
              onChange={(ev) => set('duration', ev.currentTarget.value)}
              error={fields['minutes'] ?? (touched ? parsed.message : null)}
              required
              autoComplete="off"
              data-autofocus
            />
            <Select
              label="Activity"
              data={activityOptions}
              value={draft.activity}
              onChange={(v) => set('activity', (v ?? 'analysis') as Activity)}
              allowDeselect={false}
              error={fields['activity']}
            />
          </SimpleGrid>
          <Textarea
            label="Note"
            placeholder="What was done"
            autosize
            minRows={1}
            maxRows={4}
            value={draft.note}
            onChange={(ev) => set('note', ev.currentTarget.value)}
            error={fields['note']}
          />
          <Group justify="space-between" wrap="wrap">
            <Checkbox
              label="After hours"
              description="The contract's after-hours multiplier applies"
              checked={draft.afterHours}
              onChange={(ev) => set('afterHours', ev.currentTarget.checked)}
            />
            <Button type="submit" loading={log.isPending} leftSection={<IconClockPlus size={16} aria-hidden />}>
              Log effort
            </Button>
          </Group>
          {posted ? <Outcome posted={posted} /> : null}
        </Stack>
      </form>
    </Paper>
  );
}
