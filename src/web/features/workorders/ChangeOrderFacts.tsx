import { Stack, Table, Text } from '@mantine/core';
import { DateTime } from '../../components/DateTime.tsx';
import { QuantityText } from '../../components/QuantityText.tsx';
import { signedEffort } from './change-order-form.ts';
import { dateText } from '../requests/format.ts';
import { words } from './document.ts';
import type { ChangeOrder } from './workorders.types.ts';

/** A sent or decided change order, read-only. */
export function ChangeOrderFacts({ c }: { c: ChangeOrder }) {
  return (
    <Stack gap="xs">
      {c.statusReason ? (
        <Text size="xs" c="dimmed">
          {c.statusReason}
        </Text>
      ) : null}
      <Text size="sm">
        <strong>Reason:</strong> {c.reason}
      </Text>
      {c.scope ? (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          <strong>Scope:</strong> {c.scope}
        </Text>
      ) : null}
      {c.plannedStart || c.plannedEnd ? (
        <Text size="sm">
          <strong>New planned dates:</strong>{' '}
          {c.plannedStart && c.plannedEnd
            ? `${dateText(c.plannedStart)} to ${dateText(c.plannedEnd)}`
            : c.plannedStart
              ? `from ${dateText(c.plannedStart)} (the end unchanged)`
              : `until ${dateText(c.plannedEnd!)} (the start unchanged)`}
        </Text>
      ) : null}
      <Table aria-label="Effort changed" fz="sm" verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Activity</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th ta="right">Effort</Table.Th>
            <Table.Th ta="right">Units</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {c.delta.lines.map((l, n) => (
            <Table.Tr key={n}>
              <Table.Td>{words(l.activity)}</Table.Td>
              <Table.Td>{l.role}</Table.Td>
              <Table.Td ta="right">{signedEffort(l.minutes)}</Table.Td>
              <Table.Td ta="right">
                <QuantityText value={l.amount} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="sm" c="dimmed">
        {c.sentAt ? (
          <>
            Sent <DateTime value={c.sentAt} />
          </>
        ) : (
          'Not sent'
        )}
        {c.approvalDeadline ? (
          <>
            {' '}
            · decide by <DateTime value={c.approvalDeadline} />
          </>
        ) : null}
        {c.decidedAt ? (
          <>
            {' '}
            · decided <DateTime value={c.decidedAt} />
          </>
        ) : null}
      </Text>
    </Stack>
  );
}
