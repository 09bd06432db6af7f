import { Text } from '@mantine/core';
import type { MouseEvent } from 'react';
import type { Timeline } from '../../../shared/contracts/calendar.ts';
import { bookingModeLabels } from '../../../shared/contracts/staffing.ts';
import { barBox, dayTicks, engagementColor, periodLabel } from './timeline.layout.ts';

export type TimelineBooking = Timeline['bookings'][number];
export type TimelineConsultant = Timeline['consultants'][number];

/** "Wed 9", with the month on the first day shown and on the 1st ("Fri 4 Dec", "Tue 1 Dec"). */
const dayLabel = (ms: number, first: boolean) => {
  const date = new Date(ms);
  return date.toLocaleDateString('en-GB', {
    weekday: 'short',
    day: 'numeric',
    ...(first || date.getDate() === 1 ? { month: 'short' as const } : {}),
  });
};

/** The header row: one column per day, weekends shaded. */
function DayHeader({ ticks }: { ticks: number[] }) {
  return (
    <div className="tl-head" role="row">
      <div className="tl-name" role="columnheader">
        Consultant
      </div>
      <div className="tl-days" role="columnheader" aria-label="Days">
        {ticks.map((tick, index) => {
          const weekday = new Date(tick).getDay();
          return (
            <div key={tick} className={`tl-day${weekday === 0 || weekday === 6 ? ' tl-day--weekend' : ''}`}>
              {dayLabel(tick, index === 0)}
            </div>
          );
        })}
      </div>
    </div>
  );
}

/**
 * Consultants as rows, bookings as bars coloured by engagement (tentative hatched), time off greyed,
 * on-call shifts as an orange strip, today as a red line. A click on a bar opens it; a click on an empty
 * part of a row starts a booking there (when the viewer may book).
 */
export function TimelineGrid({
  data,
  consultants,
  from,
  to,
  days,
  now,
  canBook,
  onOpen,
  onCreateAt,
}: {
  data: Timeline;
  consultants: TimelineConsultant[];
  from: number;
  to: number;
  days: number;
  now: number;
  canBook: boolean;
  onOpen: (booking: TimelineBooking) => void;
  onCreateAt: (consultantId: string, at: number) => void;
}) {
  const ticks = dayTicks(from, days);
  const todayShown = now >= from && now < to;
  const clickLane = (consultantId: string) => (event: MouseEvent<HTMLDivElement>) => {
    if (!canBook || event.target !== event.currentTarget) return;
    const rect = event.currentTarget.getBoundingClientRect();
    const share = (event.clientX - rect.left) / rect.width;
    onCreateAt(consultantId, from + share * (to - from));
  };
  return (
    <div className="tl" style={{ ['--tl-days' as string]: days }}>
      <div className="tl-inner" role="table" aria-label="Staff timeline">
        <DayHeader ticks={ticks} />
        {consultants.map((consultant) => (
          <div className="tl-row" role="row" key={consultant.userId} data-consultant={consultant.name}>
            <div className="tl-name" role="rowheader">
              <Text size="sm" fw={600} truncate>
                {consultant.name}
              </Text>
              <Text size="xs" c="dimmed" truncate>
                {consultant.timeZone.replace(/_/g, ' ')} · {consultant.region}
              </Text>
            </div>
            <div
              className={`tl-lane${canBook ? '' : ' tl-lane--readonly'}`}
              role="cell"
              aria-label={`${consultant.name}: ${canBook ? 'click an empty part to book' : 'bookings'}`}
              onClick={clickLane(consultant.userId)}
            >
              {data.timeOff
                .filter((off) => off.consultantId === consultant.userId)
                .map((off) => (
                  <div
                    key={off.id}
                    className="tl-off"
                    style={barBox(off.start, off.end, from, to)}
                    title={`Time off: ${periodLabel(off.start, off.end)}`}
                  >
                    Time off
                  </div>
                ))}
              {data.onCall
                .filter((shift) => shift.consultantId === consultant.userId)
                .map((shift) => (
                  <div
                    key={shift.id}
                    className="tl-oncall"
                    style={barBox(shift.start, shift.end, from, to)}
                    title={`${shift.label}: ${periodLabel(shift.start, shift.end)}`}
                    aria-label={`${shift.label}: ${periodLabel(shift.start, shift.end)}`}
                  />
                ))}
              {data.bookings
                .filter((booking) => booking.consultantId === consultant.userId)
                .map((booking) => {
                  const label = `${booking.engagementNumber}: ${booking.engagementTitle} (${booking.customerName}), ${bookingModeLabels[booking.mode].toLowerCase()}, ${booking.status}, ${periodLabel(booking.start, booking.end)}`;
                  return (
                    <button
                      type="button"
                      key={booking.id}
                      className={`tl-bar${booking.status === 'tentative' ? ' tl-bar--tentative' : ''}`}
                      style={{
                        ...barBox(booking.start, booking.end, from, to),
                        backgroundColor: engagementColor(booking.engagementId),
                      }}
                      title={label}
                      aria-label={label}
                      data-booking={booking.id}
                      onClick={() => onOpen(booking)}
                    >
                      {booking.engagementNumber}
                    </button>
                  );
                })}
            </div>
          </div>
        ))}
        {todayShown ? (
          <div
            className="tl-today"
            aria-hidden
            style={{ left: `calc(var(--tl-name) + (100% - var(--tl-name)) * ${(now - from) / (to - from)})` }}
          />
        ) : null}
      </div>
    </div>
  );
}
