import { Accordion, Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ReactNode } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import {
  useBookSuggestion,
  useStaffingSuggestions,
  type StaffingSuggestion,
  type StaffingSuggestions,
  type SuggestionSubject,
} from './suggest.api.ts';

const criterionLabels: Record<string, string> = {
  skills: 'Skills',
  availability: 'Availability',
  timeZone: 'Time zone',
  distance: 'Distance',
  load: 'Current load',
  certifications: 'Certifications',
};

const scoreColor = (score: number) => (score >= 80 ? 'green' : score >= 60 ? 'yellow' : 'gray');

function Reasons({ s }: { s: StaffingSuggestion }) {
  return (
    <Table fz="sm" verticalSpacing={4} withRowBorders={false}>
      <Table.Tbody>
        {s.criteria.map((c) => (
          <Table.Tr key={c.key}>
            <Table.Td w={130} c="dimmed">
              {criterionLabels[c.key] ?? c.key}
            </Table.Td>
            <Table.Td w={50}>{c.weight ? c.value : '–'}</Table.Td>
            <Table.Td>{c.sentence}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** The ranking: each consultant with score and the reasons to read aloud; an action per suggestion. */
export function SuggestionList({
  data,
  action,
}: {
  data: StaffingSuggestions;
  action?: (s: StaffingSuggestion) => ReactNode;
}) {
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">
        {data.requiredSkills.length
          ? `Needs ${data.requiredSkills.map((r) => `${r.name} ≥ ${r.minLevel}`).join(', ')}.`
          : 'No skills are required.'}{' '}
        {data.site ? `Site: ${data.site}.` : ''}
      </Text>
      {data.suggestions.length === 0 ? <Text size="sm">Nobody can serve in this window.</Text> : null}
      <Accordion variant="separated" chevronPosition="left">
        {data.suggestions.map((s, i) => (
          <Accordion.Item key={s.consultantId} value={s.consultantId}>
            <Group wrap="nowrap" pr="sm">
              <Accordion.Control>
                <Group gap="sm">
                  <Text fw={600}>
                    {i + 1}. {s.name}
                  </Text>
                  <Badge color={scoreColor(s.score)} variant="light">
                    {s.score}/100
                  </Badge>
                </Group>
              </Accordion.Control>
              {action ? action(s) : null}
            </Group>
            <Accordion.Panel>
              <Reasons s={s} />
            </Accordion.Panel>
          </Accordion.Item>
        ))}
      </Accordion>
      {data.excluded.length ? (
        <div>
          <Text size="sm" fw={600} mt="xs">
            Cannot serve
          </Text>
          {data.excluded.map((x) => (
            <Text key={x.consultantId} size="sm" c="dimmed">
              {x.sentence}
            </Text>
          ))}
        </div>
      ) : null}
    </Stack>
  );
}

/** Suggestions on an engagement's page: booking a suggested consultant over the planned window is one click. */
export function EngagementSuggestionsCard({ engagementId }: { engagementId: string }) {
  const q = useStaffingSuggestions('engagements', engagementId);
  const book = useBookSuggestion(engagementId);
  function onBook(s: StaffingSuggestion) {
    if (!q.data) return;
    const mode = q.data.mode === 'onsite' ? 'onsite' : 'remote';
    book.mutate(
      { consultantId: s.consultantId, start: q.data.window.start, end: q.data.window.end, mode },
      {
        onSuccess: () =>
          notifications.show({ color: 'green', title: 'Booked', message: `${s.name} is booked and on the team.` }),
      },
    );
  }
  return (
    <Card>
      <Title order={2} fz="h4" mb="xs">
        Suggested consultants
      </Title>
      {q.error ? <ErrorAlert error={q.error} title="Could not load the suggestions" /> : null}
      {book.error ? <ErrorAlert error={book.error} title="The booking was refused" /> : null}
      {q.isPending ? <Text size="sm">Loading…</Text> : null}
      {q.data ? (
        <SuggestionList
          data={q.data}
          action={(s) => (
            <Button
              size="xs"
              variant="light"
              loading={book.isPending}
              onClick={() => onBook(s)}
              aria-label={`Book ${s.name}`}
            >
              Book
            </Button>
          )}
        />
      ) : null}
    </Card>
  );
}

/** Suggestions beside an EWO's staffing plan (from the saved draft): naming one adds a staffing line. */
export function DraftSuggestionsCard({
  subject,
  id,
  onName,
}: {
  subject: SuggestionSubject;
  id: string;
  onName: (s: StaffingSuggestion) => void;
}) {
  const q = useStaffingSuggestions(subject, id);
  return (
    <Card>
      <Title order={2} fz="h4" mb="xs">
        Suggested consultants
      </Title>
      <Text size="xs" c="dimmed" mb="xs">
        Ranked from the saved draft: its service or incident type, dates, delivery mode and site.
      </Text>
      {q.error ? <ErrorAlert error={q.error} title="Could not load the suggestions" /> : null}
      {q.data ? (
        <SuggestionList
          data={q.data}
          action={(s) => (
            <Button size="xs" variant="light" onClick={() => onName(s)} aria-label={`Name ${s.name} in the plan`}>
              Name in plan
            </Button>
          )}
        />
      ) : null}
    </Card>
  );
}
