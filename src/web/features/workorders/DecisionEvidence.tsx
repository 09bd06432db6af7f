import { Card, Code, Group, Table, Text, Title } from '@mantine/core';
import { DateTime } from '../../components/DateTime.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import type { Decision } from './workorders.types.ts';

export const channelWords = {
  portal: 'in the portal',
  link: 'with the emailed link',
  email: 'by email reply',
} as const;
const decisionColors = { approved: 'green', declined: 'red', changes_requested: 'orange' };

const evidenceLabels: Record<string, string> = {
  ip: 'IP address',
  userAgent: 'User agent',
  requestId: 'Request id',
  messageId: 'Message-ID',
  from: 'From',
  date: 'Date',
  received: 'Received',
  to: 'To',
  subject: 'Subject',
  inboundMessageId: 'Inbound message',
  authenticationResults: 'Authentication-Results',
  envelopeFrom: 'Envelope sender',
  senderCheck: 'Sender check',
};

const evidenceText = (v: unknown): string =>
  v === null || v === undefined
    ? '—'
    : typeof v === 'string'
      ? v
      : Array.isArray(v)
        ? v.map(evidenceText).join('\n')
        : JSON.stringify(v);

/** Who decided a version, through which channel, when, on which hash, and the evidence kept with it. */
export function DecisionEvidence({ decision: d, title = 'Decision' }: { decision: Decision; title?: string }) {
  return (
    <Card component="section" withBorder aria-label={title}>
      <Group gap="sm" mb="xs">
        <Title order={2} fz="h4">
          {title}
        </Title>
        <StatusBadge status={d.decision} colors={decisionColors} />
      </Group>
      <Text size="sm">
        <strong>{d.contactName}</strong>{' '}
        {d.decision === 'approved' ? 'approved' : d.decision === 'declined' ? 'declined' : 'asked for changes'}{' '}
        {channelWords[d.channel]} on <DateTime value={d.decidedAt} />.
      </Text>
      {d.reason ? (
        <Text size="sm" mt={4}>
          <strong>Reason:</strong> {d.reason}
        </Text>
      ) : null}
      <Table mt="sm" withRowBorders={false} verticalSpacing={2} fz="sm" aria-label="Evidence">
        <Table.Tbody>
          <Table.Tr>
            <Table.Th w="28%" c="dimmed" fw={600} style={{ verticalAlign: 'top' }}>
              Content hash
            </Table.Th>
            <Table.Td>
              <Code style={{ wordBreak: 'break-all' }}>{d.contentHash}</Code>
            </Table.Td>
          </Table.Tr>
          {Object.entries(d.evidence)
            .filter(([, v]) => v !== null && v !== undefined)
            .map(([k, v]) => (
              <Table.Tr key={k}>
                <Table.Th c="dimmed" fw={600} style={{ verticalAlign: 'top' }}>
                  {evidenceLabels[k] ?? k}
                </Table.Th>
                <Table.Td style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{evidenceText(v)}</Table.Td>
              </Table.Tr>
            ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}
