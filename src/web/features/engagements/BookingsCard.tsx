import { Badge, Button, Card, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconMapPinCheck } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { bookingModeLabels, bookingStatusLabels, type Booking } from '../../../shared/contracts/staffing.ts';
import { api } from '../../api/client.ts';
import { useSession } from '../../app/session.ts';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert.tsx';
import { formatInZone, readerTimeZone } from '../requests/format.ts';
import { timelineKey } from '../timeline/timeline.api.ts';

export const engagementBookingsKey = (engagementId: string) => ['bookings', 'engagement', engagementId] as const;

/** GET /bookings?engagement=: the engagement's bookings (consultants on its team read them too). */
const useEngagementBookings = (engagementId: string) =>
  useQuery({
    queryKey: engagementBookingsKey(engagementId),
    queryFn: ({ signal }) =>
      api<{ items: Booking[] }>('/bookings', { signal, query: { engagement: engagementId } }).then((r) => r.items),
  });

/** POST …/bookings/{id}/check-in: the consultant has arrived on site (the request's on-site arrival). */
export function useCheckIn() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (b: { engagementId: string; id: string }) =>
      api<Booking>(`/engagements/${encodeURIComponent(b.engagementId)}/bookings/${encodeURIComponent(b.id)}/check-in`, {
        method: 'POST',
        body: {},
      }),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: ['bookings'] }),
        qc.invalidateQueries({ queryKey: timelineKey }),
        qc.invalidateQueries({ queryKey: ['requests'] }),
      ]),
  });
}

/** "Checked in 3 Dec 2026, 10:00 CST by Lena Fischer", or the Check in button for whom may press it. */
function CheckInCell({
  booking: b,
  canCheckIn,
  emergency,
}: {
  booking: Booking;
  canCheckIn: boolean;
  emergency: boolean;
}) {
  const checkIn = useCheckIn();
  if (b.mode !== 'onsite')
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  if (b.checkedInAt)
    return (
      <Badge color="green" variant="light" tt="none">
        Checked in {formatInZone(b.checkedInAt, readerTimeZone())}
        {b.checkedInBy ? ` by ${b.checkedInBy.name}` : ''}
      </Badge>
    );
  if (!canCheckIn || b.cancelledAt) return <Text size="sm">Not checked in</Text>;
  return (
    <Button
      size="compact-sm"
      leftSection={<IconMapPinCheck size={14} aria-hidden />}
      loading={checkIn.isPending}
      aria-label={`Check in ${b.consultantName} at ${b.siteName ?? 'the site'}`}
      onClick={() =>
        checkIn.mutate(b, {
          onSuccess: () =>
            notifications.show({
              color: 'green',
              message: `${b.consultantName} is checked in on site.${emergency ? ' The request’s on-site arrival is recorded (if it is the first).' : ''}`,
            }),
          onError: (e) => notifications.show({ color: 'red', title: 'Not checked in', message: errorMessage(e) }),
        })
      }
    >
      Check in
    </Button>
  );
}

/**
 * The engagement's bookings (times in the reader's zone). An on-site booking is checked in by its consultant
 * or a manager when he arrives: the request's on-site arrival milestone.
 */
export function BookingsCard({
  engagementId,
  canManage,
  emergency,
}: {
  engagementId: string;
  canManage: boolean;
  emergency: boolean;
}) {
  const { user } = useSession();
  const bookings = useEngagementBookings(engagementId);
  const zone = readerTimeZone();
  const items = bookings.data ?? [];
  return (
    <Card component="section" aria-labelledby="bookings-heading">
      <Title order={2} fz="h4" id="bookings-heading" mb="sm">
        Bookings
      </Title>
      {bookings.error ? <ErrorAlert error={bookings.error} title="Could not load the bookings" /> : null}
      {bookings.data && items.length === 0 ? <Text c="dimmed">Nobody is booked yet.</Text> : null}
      {items.length ? (
        <Stack gap="xs">
          <Table.ScrollContainer minWidth={600}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Consultant</Table.Th>
                  <Table.Th>From</Table.Th>
                  <Table.Th>Until</Table.Th>
                  <Table.Th>Where</Table.Th>
                  <Table.Th>On site</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((b) => (
                  <Table.Tr key={b.id}>
                    <Table.Td>{b.consultantName}</Table.Td>
                    <Table.Td>{formatInZone(b.start, zone)}</Table.Td>
                    <Table.Td>{formatInZone(b.end, zone)}</Table.Td>
                    <Table.Td>
                      {bookingModeLabels[b.mode]}
                      {b.siteName ? `, ${b.siteName}` : ''}
                      {b.status !== 'confirmed' ? ` (${bookingStatusLabels[b.status].toLowerCase()})` : ''}
                    </Table.Td>
                    <Table.Td>
                      <CheckInCell
                        booking={b}
                        canCheckIn={canManage || b.consultantId === user.id}
                        emergency={emergency}
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Stack>
      ) : null}
    </Card>
  );
}
