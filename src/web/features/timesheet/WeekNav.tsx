import { Button, Group } from '@mantine/core';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { addDays, weekStart } from './sheet.ts';

/** Previous week, this week, next week. */
export function WeekNav({ monday, today, goTo }: { monday: string; today: string; goTo: (day: string) => void }) {
  const thisWeek = monday === weekStart(today);
  return (
    <Group gap={6} wrap="nowrap" role="group" aria-label="Week">
      <Button variant="default" size="sm" px={8} onClick={() => goTo(addDays(monday, -7))} aria-label="Previous week">
        <IconChevronLeft size={16} aria-hidden />
      </Button>
      <Button
        variant={thisWeek ? 'light' : 'default'}
        size="sm"
        onClick={() => goTo(weekStart(today))}
        aria-current={thisWeek ? 'date' : undefined}
      >
        This week
      </Button>
      <Button variant="default" size="sm" px={8} onClick={() => goTo(addDays(monday, 7))} aria-label="Next week">
        <IconChevronRight size={16} aria-hidden />
      </Button>
    </Group>
  );
}
