import { Card, Text, Timeline, Title } from '@mantine/core';
import { IconCalendarEvent, IconCircleCheck, IconClockHour4, IconPoint } from '@tabler/icons-react';
import { DateTime, formatDateTime } from '../../components/DateTime.tsx';
import { requestStatusLabels } from './requests.labels.ts';
import type { RequestStatus, ServiceRequestDetail, TimelineEntry } from './requests.types.ts';

const timelineIcon = (e: TimelineEntry) =>
  e.type === 'milestone' ? (
    <IconCircleCheck size={14} aria-hidden />
  ) : e.type === 'scoping_call' ? (
    <IconCalendarEvent size={14} aria-hidden />
  ) : e.action === 'request.created' ? (
    <IconClockHour4 size={14} aria-hidden />
  ) : (
    <IconPoint size={14} aria-hidden />
  );

/** A timeline entry as people read it: times in the reader's zone, actors by name. */
function entryText(e: TimelineEntry): { summary: string; actor: string | null } {
  const startsAt = e.data && typeof e.data['startsAt'] === 'string' ? e.data['startsAt'] : null;
  let summary = e.type === 'milestone' ? `Met: ${e.summary}` : e.summary;
  if (startsAt && e.action === 'scoping_call.booked') summary = `Scoping call booked for ${formatDateTime(startsAt)}`;
  if (startsAt && e.action === 'scoping_call.rescheduled')
    summary = `Scoping call moved to ${formatDateTime(startsAt)}`;
  const status = e.data && typeof e.data['status'] === 'string' ? (e.data['status'] as RequestStatus) : null;
  if (status && e.action === 'request.status_changed' && requestStatusLabels[status]) {
    summary = `Status: ${requestStatusLabels[status]}${typeof e.data?.['reason'] === 'string' ? ` (${e.data['reason']})` : ''}`;
  }
  return { summary, actor: e.actor ? e.actor.replace(/\s*<[^>]*>$/, '') : null };
}

/** The request's story in time order. */
export function RequestTimeline({ request: r }: { request: ServiceRequestDetail }) {
  return (
    <Card>
      <Title order={2} fz="h4" mb="md">
        Timeline
      </Title>
      {r.timeline.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing has happened yet.
        </Text>
      ) : (
        <Timeline bulletSize={22} lineWidth={2} active={r.timeline.length}>
          {r.timeline.map((e, i) => {
            const { summary, actor } = entryText(e);
            return (
              <Timeline.Item
                key={`${e.at}-${i}`}
                bullet={timelineIcon(e)}
                title={
                  <Text size="sm" fw={600}>
                    {summary}
                  </Text>
                }
              >
                <Text size="xs" c="dimmed">
                  <DateTime value={e.at} />
                  {actor ? ` · ${actor}` : ''}
                </Text>
              </Timeline.Item>
            );
          })}
        </Timeline>
      )}
    </Card>
  );
}
