import { Alert, Anchor, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { Link } from 'react-router';
import { DateTime } from '../../components/DateTime.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useOncallNow } from './suggest.api.ts';

/** The IR manager's dashboard: who holds the pager, until when, the next one, and any gap in the next 14 days. */
export function OncallCard() {
  const q = useOncallNow();
  const now = q.data;
  return (
    <Card aria-label="On call now">
      <Group justify="space-between" mb="xs">
        <Title order={2} fz="h4">
          On call now
        </Title>
        <Anchor component={Link} to="/oncall" size="sm">
          Manage the rota
        </Anchor>
      </Group>
      {q.error ? <ErrorAlert error={q.error} title="Could not load the on-call rota" /> : null}
      {now ? (
        <Stack gap={6}>
          {now.current.length ? (
            now.current.map((s) => (
              <Text key={s.id} size="sm">
                <b>{s.name}</b> holds the pager ({s.rotaName}) until <DateTime value={s.end} />.
              </Text>
            ))
          ) : (
            <Alert
              color="red"
              variant="light"
              icon={<IconAlertTriangle size={18} aria-hidden />}
              title="Nobody is on call"
            >
              Every IR manager is told of each new emergency until a shift covers now.
            </Alert>
          )}
          <Text size="sm" c="dimmed">
            {now.next ? (
              <>
                Next: {now.next.name} ({now.next.rotaName}) from <DateTime value={now.next.start} />.
              </>
            ) : (
              'No next shift is planned.'
            )}
          </Text>
          {now.coverage.gaps.length ? (
            <Alert color="yellow" variant="light" title="Coverage gap in the next 14 days">
              {now.coverage.gaps.map((g) => (
                <Text key={g.start} size="sm">
                  Nobody from <DateTime value={g.start} /> to <DateTime value={g.end} />.
                </Text>
              ))}
            </Alert>
          ) : (
            <Text size="sm" c="green">
              The next 14 days are covered.
            </Text>
          )}
        </Stack>
      ) : null}
    </Card>
  );
}
