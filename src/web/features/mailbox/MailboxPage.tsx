import { Alert, Anchor, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconInfoCircle, IconMail, IconPaperclip, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { DateTime } from '../../components/DateTime.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { DataTable, PagedListStates } from '../../components/DataTable.tsx';
import { TableSkeleton } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useMailbox } from './mailbox.api.ts';

/** Mailbox (admin): every message IMR Desk sent while no SMTP server is configured. */
export function MailboxPage() {
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [to] = useDebouncedValue(search.trim(), 300);
  const list = useMailbox(to);

  return (
    <>
      <PageHeader
        title="Mailbox"
        description="Without an SMTP server (SMTP_URL), every email IMR Desk sends is kept here instead, so you can see exactly what users and customers would receive."
      />
      <Stack gap="md">
        <Group align="flex-end">
          <TextInput
            label="Recipient"
            description="The full email address"
            placeholder="name@example.com"
            leftSection={<IconSearch size={16} aria-hidden />}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            w={300}
          />
        </Group>
        <PagedListStates
          list={list}
          errorTitle="Could not load the mailbox"
          skeleton={<TableSkeleton columns={4} />}
          empty={
            <EmptyState
              icon={<IconMail size={28} stroke={1.5} aria-hidden />}
              title={to ? `No messages to ${to}` : 'No messages yet'}
              description={
                to
                  ? 'Check the address, or clear the filter.'
                  : 'Messages appear here as IMR Desk sends them: invitations, password resets and, later, work orders and statements.'
              }
            />
          }
        >
          <DataTable label="Messages" minWidth={720} columns={[{ label: 'Sent', width: 190 }, 'To', 'Subject']}>
            {list.items.map((m) => (
              <Table.Tr key={m.id} className="imr-row-link" onClick={() => void navigate(`/mailbox/${m.id}`)}>
                <Table.Td>
                  <Text size="sm">
                    <DateTime value={m.createdAt} />
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{m.to.join(', ')}</Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Anchor
                      component={Link}
                      to={`/mailbox/${m.id}`}
                      size="sm"
                      fw={500}
                      onClick={(e) => e.stopPropagation()}
                    >
                      {m.subject || '(no subject)'}
                    </Anchor>
                    {m.attachments.length ? (
                      <IconPaperclip size={14} aria-label={`${m.attachments.length} attachment(s)`} />
                    ) : null}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        </PagedListStates>
        <Alert variant="light" color="gray" icon={<IconInfoCircle size={18} aria-hidden />}>
          <Text size="sm">
            From the command line: <code>imr mail list</code> and <code>imr mail show ID</code>. Messages still waiting
            or failing are in the{' '}
            <Anchor component={Link} to="/outbox">
              Outbox
            </Anchor>
            .
          </Text>
        </Alert>
      </Stack>
    </>
  );
}
