import { Badge, Card, SimpleGrid, Table, Text, Title } from '@mantine/core';
import { activities, incidentTypes, severities } from '../../../shared/domain.ts';
import type { Contract } from '../../api/types.ts';

const words = (s: string) => s.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
const minutes = (m: number | null) => (m === null ? 'agreed' : m % 60 === 0 ? `${m / 60} h` : `${m} min`);
const coverageColors = { full: 'green', advisory: 'yellow', not_covered: 'gray' } as const;

/** A contract's rate multipliers by activity, SLA targets by severity and coverage by incident type. */
export function SettingsTables({ s }: { s: Contract['settings'] }) {
  return (
    <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }} spacing="md">
      <Card>
        <Title order={3} fz="h5" mb="sm">
          Rate multipliers
        </Title>
        <Table aria-label="Rate multipliers by activity" verticalSpacing={4} highlightOnHover={false}>
          <Table.Tbody>
            {activities.map((a) => (
              <Table.Tr key={a}>
                <Table.Td>{words(a)}</Table.Td>
                <Table.Td ta="right">× {s.activityMultipliers[a]}</Table.Td>
              </Table.Tr>
            ))}
            <Table.Tr>
              <Table.Td fw={600}>After hours</Table.Td>
              <Table.Td ta="right" fw={600}>
                × {s.afterHoursMultiplier}
              </Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      </Card>
      <Card>
        <Title order={3} fz="h5" mb="sm">
          SLA targets
        </Title>
        <Table aria-label="SLA targets by severity" verticalSpacing={4} highlightOnHover={false}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Severity</Table.Th>
              <Table.Th>Contact</Table.Th>
              <Table.Th>Remote</Table.Th>
              <Table.Th>On site</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {severities.map((p) => (
              <Table.Tr key={p}>
                <Table.Td fw={600}>{p}</Table.Td>
                <Table.Td>{minutes(s.slaTargets[p].initialContactMinutes)}</Table.Td>
                <Table.Td>{minutes(s.slaTargets[p].remoteStartMinutes)}</Table.Td>
                <Table.Td>{minutes(s.slaTargets[p].onsiteArrivalMinutes)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Text size="xs" c="dimmed" mt="xs">
          Initial contact, remote start and on-site arrival after a request; &ldquo;agreed&rdquo;: by agreement.
        </Text>
      </Card>
      <Card>
        <Title order={3} fz="h5" mb="sm">
          Coverage
        </Title>
        <Table aria-label="Coverage by incident type" verticalSpacing={4} highlightOnHover={false}>
          <Table.Tbody>
            {incidentTypes.map((t) => (
              <Table.Tr key={t}>
                <Table.Td>{words(t)}</Table.Td>
                <Table.Td ta="right">
                  <Badge
                    variant="light"
                    radius="sm"
                    tt="none"
                    color={coverageColors[s.coverage[t]]}
                    style={{ minWidth: 'max-content' }}
                  >
                    {words(s.coverage[t])}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
    </SimpleGrid>
  );
}
