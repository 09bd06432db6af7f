import './timeline.css';
import { Badge, Button, Card, Group, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { IconChevronLeft, IconChevronRight, IconPlus } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import type { Timeline } from '../../../shared/contracts/calendar.ts';
import { timelineRegions } from '../../../shared/timeline.ts';
import { useSession } from '../../app/session.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { BookingDialog, type DialogSubject } from './BookingDialog.tsx';
import { SuggestionsCard } from './SuggestionsCard.tsx';
import { useTimeline } from './timeline.api.ts';
import { addLocalDays, startOfLocalDay } from './timeline.layout.ts';
import { TimelineGrid } from './TimelineGrid.tsx';

const spans = [
  { value: '14', label: '2 weeks' },
  { value: '28', label: '4 weeks' },
  { value: '56', label: '8 weeks' },
];

/** Who may create, move and cancel bookings from the timeline (the server checks again). */
const bookers = new Set(['admin', 'ir_manager']);

/** A click on an empty part of a row: a working day from 09:00 (the viewer's time) on that day. */
function newBookingAt(consultantId: string, at: number): DialogSubject {
  const start = startOfLocalDay(at) + 9 * 60 * 60 * 1000;
  return { kind: 'new', consultantId, start, end: start + 8 * 60 * 60 * 1000 };
}

/** The time zones of the consultants, for the filter. */
const zonesOf = (data: Timeline | undefined): string[] =>
  [...new Set((data?.consultants ?? []).map((c) => c.timeZone))].sort();

/** What the colours and marks mean, and how many consultants the filters leave. */
function Legend({ shown, total }: { shown: number | null; total: number }) {
  return (
    <Group gap="lg" aria-label="Legend">
      <Text size="xs">
        <span className="tl-legend-swatch" style={{ background: 'hsl(210 55% 40%)' }} />
        Confirmed
      </Text>
      <Text size="xs">
        <span
          className="tl-legend-swatch tl-bar--tentative"
          style={{ backgroundColor: 'hsl(210 55% 40%)', position: 'static' }}
        />
        Tentative
      </Text>
      <Text size="xs">
        <span className="tl-legend-swatch" style={{ background: 'var(--mantine-color-gray-4)' }} />
        Time off
      </Text>
      <Text size="xs">
        <span className="tl-legend-swatch" style={{ background: 'var(--mantine-color-orange-6)', height: 5 }} />
        On call
      </Text>
      <Text size="xs">
        <span className="tl-legend-swatch" style={{ background: 'var(--mantine-color-red-6)', width: 3 }} />
        Today
      </Text>
      {shown !== null ? (
        <Badge variant="light" color="gray">
          {shown} of {total} consultants
        </Badge>
      ) : null}
    </Group>
  );
}

/** The staff timeline (issue 15): who is booked where, who is off, who holds the pager; book from it. */
export function TimelinePage() {
  const { user } = useSession();
  const canBook = bookers.has(user.role);
  const [days, setDays] = useState(14);
  const [from, setFrom] = useState(() => addLocalDays(startOfLocalDay(Date.now()), -2));
  const to = addLocalDays(from, days);
  const timeline = useTimeline(new Date(from).toISOString(), new Date(to).toISOString());
  const [skill, setSkill] = useState<string | null>(null);
  const [zone, setZone] = useState<string | null>(null);
  const [region, setRegion] = useState<string | null>(null);
  const [dialog, setDialog] = useState<DialogSubject | null>(null);
  const [now] = useState(() => Date.now());
  const today = () => setFrom(addLocalDays(startOfLocalDay(Date.now()), -2));
  const data = timeline.data;
  const consultants = useMemo(
    () =>
      (data?.consultants ?? []).filter(
        (c) =>
          (!skill || c.skills.some((s) => s.skillId === skill)) &&
          (!zone || c.timeZone === zone) &&
          (!region || c.region === region),
      ),
    [data, skill, zone, region],
  );

  return (
    <>
      <PageHeader
        title="Staff timeline"
        description="Consultants as rows: bookings by engagement (tentative ones hatched), time off in grey, on-call shifts in orange, today in red."
        actions={
          canBook ? (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setDialog({ kind: 'new' })}>
              New booking
            </Button>
          ) : null
        }
      />
      <Stack gap="md">
        <Group gap="sm" wrap="wrap" align="flex-end">
          <Group gap={4}>
            <Button variant="default" aria-label="Earlier" onClick={() => setFrom(addLocalDays(from, -7))}>
              <IconChevronLeft size={16} />
            </Button>
            <Button variant="default" onClick={today}>
              Today
            </Button>
            <Button variant="default" aria-label="Later" onClick={() => setFrom(addLocalDays(from, 7))}>
              <IconChevronRight size={16} />
            </Button>
          </Group>
          <SegmentedControl data={spans} value={String(days)} onChange={(value) => setDays(Number(value))} />
          <Select
            label="Skill"
            placeholder="Any skill"
            clearable
            searchable
            data={(data?.skills ?? []).map((s) => ({ value: s.id, label: s.name }))}
            value={skill}
            onChange={setSkill}
            w={200}
          />
          <Select
            label="Time zone"
            placeholder="Any zone"
            clearable
            searchable
            data={zonesOf(data).map((z) => ({ value: z, label: z.replace(/_/g, ' ') }))}
            value={zone}
            onChange={setZone}
            w={200}
          />
          <Select
            label="Region"
            placeholder="Any region"
            clearable
            data={[...timelineRegions]}
            value={region}
            onChange={setRegion}
            w={170}
          />
        </Group>
        <Legend shown={data ? consultants.length : null} total={data?.consultants.length ?? 0} />
        {timeline.error ? (
          <ErrorAlert
            error={timeline.error}
            title="Could not load the timeline"
            onRetry={() => void timeline.refetch()}
          />
        ) : null}
        {canBook ? <SuggestionsCard onBook={(subject) => setDialog({ kind: 'new', ...subject })} /> : null}
        {data ? (
          consultants.length > 0 ? (
            <TimelineGrid
              data={data}
              consultants={consultants}
              from={from}
              to={to}
              days={days}
              now={now}
              canBook={canBook}
              onOpen={(booking) => canBook && setDialog({ kind: 'existing', booking })}
              onCreateAt={(consultantId, at) => setDialog(newBookingAt(consultantId, at))}
            />
          ) : (
            <Card withBorder>
              <Text c="dimmed">No consultant matches these filters.</Text>
            </Card>
          )
        ) : timeline.isPending ? (
          <Text c="dimmed">Loading the timeline…</Text>
        ) : null}
      </Stack>
      {dialog && data ? (
        <BookingDialog subject={dialog} consultants={data.consultants} onClose={() => setDialog(null)} />
      ) : null}
    </>
  );
}
