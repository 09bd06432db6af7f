import { Group, SimpleGrid, Text, ThemeIcon, UnstyledButton } from '@mantine/core';
import { IconAlertTriangle, IconCalendarEvent } from '@tabler/icons-react';
import type { RequestDraft } from '../request-draft.ts';

/** The two big choices of the portal's request page: an emergency (red, first) or proactive work. */
export function KindChoice({
  kind,
  onChoose,
}: {
  kind: RequestDraft['kind'];
  onChoose: (kind: RequestDraft['kind']) => void;
}) {
  const emergency = kind === 'emergency';
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" role="group" aria-label="Kind of request">
      <UnstyledButton
        onClick={() => onChoose('emergency')}
        aria-pressed={emergency}
        p="lg"
        style={{
          borderRadius: 'var(--mantine-radius-md)',
          background: emergency ? 'var(--mantine-color-red-7)' : 'var(--mantine-color-red-0)',
          color: emergency ? 'white' : 'var(--mantine-color-red-9)',
          border: '2px solid var(--mantine-color-red-7)',
        }}
      >
        <Group wrap="nowrap" gap="md" align="flex-start">
          <IconAlertTriangle size={40} stroke={1.8} aria-hidden style={{ flexShrink: 0 }} />
          <div>
            <Text fw={800} fz="xl" lh={1.2}>
              Emergency: we are under attack
            </Text>
            <Text size="sm" mt={4}>
              We need help now. Any time, day or night; an IR responder calls you back within your contract&apos;s
              response times.
            </Text>
          </div>
        </Group>
      </UnstyledButton>
      <UnstyledButton
        onClick={() => onChoose('proactive')}
        aria-pressed={!emergency}
        p="lg"
        style={{
          borderRadius: 'var(--mantine-radius-md)',
          background: emergency ? 'white' : 'var(--mantine-color-brand-0)',
          border: `2px solid ${emergency ? 'var(--mantine-color-gray-3)' : 'var(--mantine-color-brand-7)'}`,
        }}
      >
        <Group wrap="nowrap" gap="md" align="flex-start">
          <ThemeIcon size={40} variant="light" aria-hidden>
            <IconCalendarEvent size={24} />
          </ThemeIcon>
          <div>
            <Text fw={700} fz="lg" lh={1.2}>
              Plan proactive work
            </Text>
            <Text size="sm" c="dimmed" mt={4}>
              Tabletop exercises, assessments, threat hunts, training: booked a few weeks ahead.
            </Text>
          </div>
        </Group>
      </UnstyledButton>
    </SimpleGrid>
  );
}
