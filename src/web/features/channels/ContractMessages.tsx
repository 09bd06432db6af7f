import { Anchor, Stack, Table, Text, Title, type MantineColor } from '@mantine/core';
import { IconMail } from '@tabler/icons-react';
import type { ContractMessage, OutboxStatus } from '../../api/types.ts';
import { usePagedList } from '../../api/paged.ts';
import { DataTable, PagedListStates } from '../../components/DataTable.tsx';
import { DateTime } from '../../components/DateTime.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';

const states: Record<OutboxStatus, { label: string; color: MantineColor }> = {
  queued: { label: 'Queued', color: 'blue' },
  sending: { label: 'Sending', color: 'cyan' },
  failing: { label: 'Failing, retried automatically', color: 'orange' },
  failed: { label: 'Failed', color: 'red' },
  delivered: { label: 'Delivered', color: 'green' },
};
const colors = Object.fromEntries(Object.entries(states).map(([status, state]) => [status, state.color]));

/** GET /contracts/{id}/messages: statements, reminders, alerts and answers about the contract, newest first. */
const useContractMessages = (contractId: string) =>
  usePagedList<ContractMessage>(
    ['contracts', 'messages', contractId],
    `/contracts/${encodeURIComponent(contractId)}/messages`,
    {},
  );

/** The staff contract page's card of the messages about the contract, with their delivery state. */
export function ContractMessages({ contractId }: { contractId: string }) {
  const list = useContractMessages(contractId);
  return (
    <section aria-labelledby="contract-messages-heading">
      <Stack gap="sm">
        <Title order={2} fz="h3" id="contract-messages-heading">
          Messages about this contract
        </Title>
        <PagedListStates
          list={list}
          errorTitle="Could not load the messages"
          empty={
            <EmptyState
              icon={<IconMail size={28} aria-hidden />}
              title="No messages yet"
              description="Statements, term-end reminders, consumption alerts and answers to balance emails appear here with their delivery state."
            />
          }
        >
          <DataTable
            label="Messages about this contract"
            minWidth={760}
            columns={['Message', 'To', 'Written', 'Delivery']}
          >
            {list.items.map((message) => (
              <Table.Tr key={message.id} data-message={message.id}>
                <Table.Td>
                  <Text size="xs" c="dimmed">
                    {message.topicLabel}
                  </Text>
                  <Text size="sm" fw={600}>
                    {message.subject}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {message.to.map((address) => (
                    <Text size="sm" key={address}>
                      <Anchor href={`mailto:${address}`} size="sm">
                        {address}
                      </Anchor>
                    </Text>
                  ))}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    <DateTime value={message.createdAt} />
                  </Text>
                </Table.Td>
                <Table.Td>
                  <StatusBadge status={message.status} colors={colors} label={states[message.status].label} />
                  {message.deliveredAt ? (
                    <Text size="xs" c="dimmed">
                      <DateTime value={message.deliveredAt} />
                    </Text>
                  ) : null}
                  {message.lastError && message.status !== 'delivered' ? (
                    <Text size="xs" c="red">
                      {message.lastError}
                    </Text>
                  ) : null}
                </Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        </PagedListStates>
      </Stack>
    </section>
  );
}
