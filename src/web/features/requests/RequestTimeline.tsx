import { Card, Text, Timeline, Title } from '@mantine/core';
import { IconCalendarEvent, IconCircleCheck, IconClockHour4, IconPoint } from '@tabler/icons-react';
import { DateTime, formatDateTime } from '../../components/DateTime.tsx';
import type { ServiceRequestDetail, TimelineEntry } from './requests.types.ts';

const timelineIcon = (entry: TimelineEntry) =>
  entry.type === 'milestone' ? (
    <IconCircleCheck size={14} aria-hidden />
  ) : entry.type === 'scoping_call' ? (
    <IconCalendarEvent size={14} aria-hidden />
  ) : entry.action === 'request.created' ? (
    <IconClockHour4 size={14} aria-hidden />
  ) : (
    <IconPoint size={14} aria-hidden />
  );

/**
 * A timeline entry as people read it: the server's sentence (labels, names, times in the customer's named zone),
 * with a scoping call's time rewritten in the reader's own zone.
 */
function entryText(entry: TimelineEntry): { summary: string; actor: string | null } {
  const startsAt = entry.data && typeof entry.data['startsAt'] === 'string' ? entry.data['startsAt'] : null;
  let summary = entry.type === 'milestone' ? `Met: ${entry.summary}` : entry.summary;
  if (startsAt && entry.action === 'scoping_call.booked')
    summary = `Scoping call booked for ${formatDateTime(startsAt)}`;
  if (startsAt && entry.action === 'scoping_call.rescheduled')
    summary = `Scoping call moved to ${formatDateTime(startsAt)}`;
  return { summary, actor: entry.actor ? entry.actor.replace(/\s*<[^>]*>$/, '') : null };
}

/** The request's story in time order. */
export function RequestTimeline({ request: r }: { request: ServiceRequestDetail }) {
  return (
    <Card component="section" aria-labelledby="request-timeline-title">
      <Title order={2} fz="h4" mb="md" id="request-timeline-title">
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
