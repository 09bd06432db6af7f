import { Badge, Button, Card, Group, Select, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useOpenEngagements, useSuggestions } from './timeline.api.ts';

/** Pick an engagement, see who fits it best and why, and book one in a click (the booking form opens prefilled). */
export function SuggestionsCard({
  onBook,
}: {
  onBook: (subject: { consultantId: string; engagementId: string; start?: number; end?: number }) => void;
}) {
  const engagements = useOpenEngagements();
  const [engagementId, setEngagementId] = useState<string | null>(null);
  const suggestions = useSuggestions(engagementId);
  const window = suggestions.data?.window;
  const start = window ? Date.parse(window.start) : Number.NaN;
  const end = window ? Date.parse(window.end) : Number.NaN;
  return (
    <Card withBorder padding="sm">
      <Stack gap="xs">
        <Group align="flex-end" gap="sm">
          <Select
            label="Suggest consultants for"
            placeholder={engagements.isPending ? 'Loading…' : 'Pick an engagement'}
            data={(engagements.data?.items ?? []).map((e) => ({ value: e.id, label: `${e.number}: ${e.title}` }))}
            value={engagementId}
            onChange={setEngagementId}
            searchable
            clearable
            w={360}
          />
          {suggestions.data ? (
            <Text size="sm" c="dimmed">
              Ranked by skills, availability, time zone, distance, load and certifications.
            </Text>
          ) : null}
        </Group>
        {suggestions.error ? <ErrorAlert error={suggestions.error} title="Could not load the suggestions" /> : null}
        {suggestions.data ? (
          <Table aria-label="Suggested consultants" verticalSpacing={4}>
            <Table.Tbody>
              {suggestions.data.suggestions.map((s) => (
                <Table.Tr key={s.consultantId}>
                  <Table.Td w={200}>
                    <Text fw={600} size="sm">
                      {s.name}
                    </Text>
                  </Table.Td>
                  <Table.Td w={70}>
                    <Badge variant="light">{s.score}</Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs">
                      {s.criteria
                        .filter((c) => c.weight > 0)
                        .map((c) => c.sentence)
                        .join(' ')}
                    </Text>
                  </Table.Td>
                  <Table.Td w={110}>
                    <Button
                      size="xs"
                      aria-label={`Book ${s.name}`}
                      onClick={() =>
                        onBook({
                          consultantId: s.consultantId,
                          engagementId: engagementId!,
                          ...(Number.isFinite(start) && Number.isFinite(end) ? { start, end } : {}),
                        })
                      }
                    >
                      Book
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : null}
        {suggestions.data && suggestions.data.excluded.length > 0 ? (
          <Text size="xs" c="dimmed">
            Cannot serve: {suggestions.data.excluded.map((x) => `${x.name} (${x.sentence})`).join('; ')}
          </Text>
        ) : null}
      </Stack>
    </Card>
  );
}
