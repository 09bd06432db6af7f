const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** Formats an ISO instant in the reader's time zone ("2 Nov 2026, 09:00"). */
export const formatDateTime = (iso: string): string => dateTimeFormat.format(new Date(iso));

/** An instant for people, with the exact ISO value on hover and for machines (<time datetime>). */
export function DateTime({ value, empty = '—' }: { value: string | null | undefined; empty?: string }) {
  if (!value) return <>{empty}</>;
  return (
    <time dateTime={value} title={value}>
      {formatDateTime(value)}
    </time>
  );
}

/** A calendar date (YYYY-MM-DD), shown as such: no time zone shifts it. */
export function CalendarDate({ value, empty = '—' }: { value: string | null | undefined; empty?: string }) {
  if (!value) return <>{empty}</>;
  return <time dateTime={value}>{dateFormat.format(new Date(`${value}T00:00:00Z`))}</time>;
}
