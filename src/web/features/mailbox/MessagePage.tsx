import { Anchor, Button, List, Paper, Skeleton, Stack, Table, Tabs, Text } from '@mantine/core';
import { IconArrowLeft, IconExternalLink, IconPaperclip } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { apiUrl, isApiError } from '../../api/client.ts';
import { NotFoundPage } from '../../app/ErrorPages.tsx';
import { DateTime } from '../../components/DateTime.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import type { MailboxMessage } from '../../api/types.ts';
import { useMailboxMessage } from './mailbox.api.ts';

const formatSize = (bytes: number): string =>
  bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 * 1024
      ? `${(bytes / 1024).toFixed(1)} KB`
      : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * The HTML part in a sandboxed frame: no scripts, no same-origin access, no forms; links open in a new
 * tab (a <base target> is put first), because the app itself may not be framed.
 */
export function MailHtmlFrame({ html, title }: { html: string; title: string }) {
  const srcDoc = `<!doctype html><base target="_blank">${html}`;
  return (
    <iframe
      className="imr-mail-frame"
      title={title}
      sandbox="allow-popups allow-popups-to-escape-sandbox"
      srcDoc={srcDoc}
      referrerPolicy="no-referrer"
    />
  );
}

/** A message's headers: from, to, date and Message-ID. */
function MessageHeaders({ m }: { m: MailboxMessage }) {
  return (
    <Paper withBorder p="md">
      <Table
        variant="vertical"
        withRowBorders={false}
        verticalSpacing={4}
        highlightOnHover={false}
        aria-label="Message headers"
      >
        <Table.Tbody>
          <Table.Tr>
            <Table.Th w={120}>From</Table.Th>
            <Table.Td>{m.from}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>To</Table.Th>
            <Table.Td>{m.to.join(', ')}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Date</Table.Th>
            <Table.Td>
              <DateTime value={m.createdAt} />
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Message-ID</Table.Th>
            <Table.Td>
              <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>
                {m.messageId}
              </Text>
            </Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

/** One message of the local mailbox: headers, HTML and text parts, attachments, the raw source. */
export function MessagePage() {
  const { id = '' } = useParams();
  const query = useMailboxMessage(id);
  const back = (
    <Button
      component={Link}
      to="/mailbox"
      variant="subtle"
      leftSection={<IconArrowLeft size={16} aria-hidden />}
      px={0}
    >
      Back to the mailbox
    </Button>
  );

  if (query.error && isApiError(query.error) && query.error.status === 404) return <NotFoundPage home="/mailbox" />;
  if (query.error)
    return (
      <Stack>
        {back}
        <ErrorAlert error={query.error} title="Could not load the message" onRetry={() => void query.refetch()} />
      </Stack>
    );
  if (query.isPending) {
    return (
      <Stack aria-busy="true" aria-label="Loading">
        {back}
        <Skeleton height={32} width="50%" />
        <Skeleton height={120} />
        <Skeleton height={360} />
      </Stack>
    );
  }
  const message = query.data;
  return (
    <>
      {back}
      <PageHeader
        title={message.subject || '(no subject)'}
        actions={
          <Button
            component="a"
            href={apiUrl(`/mailbox/${encodeURIComponent(message.id)}/raw`)}
            target="_blank"
            rel="noopener"
            variant="default"
            rightSection={<IconExternalLink size={16} aria-hidden />}
          >
            View raw source
          </Button>
        }
      />
      <Stack gap="lg">
        <MessageHeaders m={message} />

        <Tabs defaultValue={message.html ? 'html' : 'text'} keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="html" disabled={!message.html}>
              HTML
            </Tabs.Tab>
            <Tabs.Tab value="text">Plain text</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="html" pt="md">
            <MailHtmlFrame html={message.html} title={`HTML part of “${message.subject}”`} />
          </Tabs.Panel>
          <Tabs.Panel value="text" pt="md">
            <Paper withBorder p="md" bg="white">
              <pre className="imr-pre" data-testid="mail-text">
                {message.text}
              </pre>
            </Paper>
          </Tabs.Panel>
        </Tabs>

        <div>
          <Text fw={600} size="sm" mb={6}>
            Attachments
          </Text>
          {message.attachments.length === 0 ? (
            <Text size="sm" c="dimmed">
              None.
            </Text>
          ) : (
            <List spacing={4} size="sm" icon={<IconPaperclip size={14} aria-hidden />}>
              {message.attachments.map((a, i) => (
                <List.Item key={`${a.filename}-${i}`}>
                  {a.filename}{' '}
                  <Text span c="dimmed" size="xs">
                    ({a.contentType}, {formatSize(a.size)})
                  </Text>
                </List.Item>
              ))}
            </List>
          )}
          {message.attachments.length ? (
            <Text size="xs" c="dimmed" mt={6}>
              Attachments are part of the{' '}
              <Anchor
                href={apiUrl(`/mailbox/${encodeURIComponent(message.id)}/raw`)}
                target="_blank"
                rel="noopener"
                size="xs"
              >
                raw source
              </Anchor>
              .
            </Text>
          ) : null}
        </div>
      </Stack>
    </>
  );
}
