import { Alert, Anchor, Badge, Button, Group, Skeleton, Stack, Table, Text } from '@mantine/core';
import { IconDownload, IconSend } from '@tabler/icons-react';
import { useState } from 'react';
import { periodLabel } from '../../../shared/statements.ts';
import { formatDateTime } from '../../components/DateTime.tsx';
import { ResendDialog } from './ResendDialog.tsx';
import { StatementFiguresView } from './StatementFiguresView.tsx';
import { statementPdfUrl, useStatement, useStatements, type StatementSummary } from './statements.api.ts';

const stateColors: Record<string, string> = {
  delivered: 'green',
  queued: 'gray',
  sending: 'blue',
  failing: 'orange',
  failed: 'red',
};

/** One recipient's delivery, as staff see it. */
function Deliveries({ s }: { s: StatementSummary }) {
  if (s.deliveries.length === 0) return <Text size="sm">No recipients</Text>;
  return (
    <Stack gap={2}>
      {s.deliveries.map((d, i) => (
        <Group key={i} gap={6} wrap="nowrap">
          <Badge size="xs" color={stateColors[d.state] ?? 'gray'}>
            {d.state}
          </Badge>
          <Text size="xs">
            {d.to}
            {d.resend ? ' (re-sent)' : ''}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}

/**
 * A contract's statements, newest first: period, closing and available balance, the PDF and the figures on
 * screen; staff also see each recipient's delivery state and may re-send (to chosen contacts).
 */
export function StatementsTable({
  contractId,
  customerId,
  staff,
}: {
  contractId: string;
  customerId: string;
  staff: boolean;
}) {
  const list = useStatements(contractId);
  const [open, setOpen] = useState<string | null>(null);
  const [resend, setResend] = useState<StatementSummary | null>(null);
  const one = useStatement(open);
  if (list.isPending) return <Skeleton height={80} aria-label="Loading statements" />;
  if (list.error) return <Alert color="red">Could not load the statements.</Alert>;
  if (list.data.items.length === 0)
    return <Text c="dimmed">No statements yet: the first is issued on the statement day after the first month.</Text>;
  return (
    <Stack gap="md">
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Month</Table.Th>
            <Table.Th>Statement</Table.Th>
            <Table.Th ta="right">Closing balance</Table.Th>
            <Table.Th ta="right">Available</Table.Th>
            {staff && <Table.Th>Issued / delivery</Table.Th>}
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.data.items.map((s) => (
            <Table.Tr key={s.id}>
              <Table.Td>
                <Anchor component="button" onClick={() => setOpen(open === s.id ? null : s.id)}>
                  {periodLabel(s.period)}
                </Anchor>
              </Table.Td>
              <Table.Td>{s.number}</Table.Td>
              <Table.Td ta="right">{s.closing.display}</Table.Td>
              <Table.Td ta="right">{s.available.display}</Table.Td>
              {staff && (
                <Table.Td>
                  <Text size="xs" c="dimmed">
                    {formatDateTime(s.issuedAt)}
                  </Text>
                  <Deliveries s={s} />
                </Table.Td>
              )}
              <Table.Td>
                <Group gap="xs" justify="flex-end" wrap="nowrap">
                  <Button
                    component="a"
                    href={statementPdfUrl(s.id)}
                    download={`${s.number}.pdf`}
                    size="xs"
                    variant="light"
                    leftSection={<IconDownload size={14} aria-hidden />}
                  >
                    PDF
                  </Button>
                  {staff && (
                    <Button
                      size="xs"
                      variant="default"
                      leftSection={<IconSend size={14} aria-hidden />}
                      onClick={() => setResend(s)}
                    >
                      Re-send
                    </Button>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {open && one.data && <StatementFiguresView id={open} figures={one.data.figures} />}
      {resend && <ResendDialog statement={resend} customerId={customerId} onClose={() => setResend(null)} />}
    </Stack>
  );
}
