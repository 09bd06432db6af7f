import { Alert, Button, Card, CopyButton, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';

/**
 * The consultant's personal calendar feed (bookings, on-call shifts, time off): a new secret link on each
 * request, replacing the previous one, shown once to copy into Google Calendar, Outlook or another calendar.
 */
export function CalendarFeedCard({ userId, own }: { userId: string; own: boolean }) {
  const [confirming, setConfirming] = useState(false);
  const feed = useMutation({
    mutationFn: () =>
      api<{ url: string }>(`/consultants/${encodeURIComponent(userId)}/calendar-feed`, { method: 'POST' }),
    onSuccess: () => setConfirming(false),
  });
  const whose = own ? 'your' : 'this consultant’s';
  return (
    <Card withBorder component="section" aria-label="Calendar link">
      <Title order={2} fz="h4" mb="xs">
        Calendar link
      </Title>
      <Text size="sm" mb="sm">
        Subscribe to {whose} bookings, on-call shifts and time off in Google Calendar, Outlook or another calendar app.
      </Text>
      {feed.error ? <ErrorAlert error={feed.error} title="No calendar link was made" /> : null}
      {feed.data ? (
        <Stack gap="xs">
          <Group align="flex-end" wrap="nowrap">
            <TextInput
              label="Calendar link"
              readOnly
              value={feed.data.url}
              onFocus={(e) => e.currentTarget.select()}
              style={{ flex: 1 }}
            />
            <CopyButton value={feed.data.url}>
              {({ copied, copy }) => (
                <Button variant="default" onClick={copy}>
                  {copied ? 'Copied' : 'Copy'}
                </Button>
              )}
            </CopyButton>
          </Group>
          <Text size="xs" c="dimmed">
            Keep it private: anyone with this link reads the calendar. It is shown only now.
          </Text>
        </Stack>
      ) : null}
      {confirming ? (
        <Alert color="yellow" title="The previous link stops working" mt="sm">
          <Text size="sm" mb="xs">
            A new link replaces any link made before: calendars subscribed to the old one stop updating.
          </Text>
          <Group>
            <Button onClick={() => feed.mutate()} loading={feed.isPending}>
              Make a new link
            </Button>
            <Button variant="default" onClick={() => setConfirming(false)}>
              Keep the old one
            </Button>
          </Group>
        </Alert>
      ) : (
        <Button mt="sm" variant={feed.data ? 'default' : 'filled'} onClick={() => setConfirming(true)}>
          Get calendar link
        </Button>
      )}
    </Card>
  );
}
