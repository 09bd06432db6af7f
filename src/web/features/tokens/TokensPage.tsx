import { Alert, Button, Code, CopyButton, Group, Modal, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCheck, IconCopy, IconKey } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { isApiError } from '../../api/client.ts';
import type { ApiToken, CreatedToken } from '../../api/types.ts';
import { DataTable, ListStates } from '../../components/DataTable.tsx';
import { DateTime } from '../../components/DateTime.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert.tsx';
import { TableSkeleton } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { useCreateToken, useRevokeAllTokens, useRevokeToken, useTokens } from './tokens.api.ts';

/** The secret of a new token, shown once, with a copy button. */
function CreatedTokenDialog({ token, onClose }: { token: CreatedToken | null; onClose: () => void }) {
  return (
    <Modal opened={token !== null} onClose={onClose} title="Your new API token" size="lg">
      {token ? (
        <Stack gap="md">
          <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} aria-hidden />}>
            Copy the token now and keep it somewhere safe. It is shown only this once; IMR Desk stores only a hash of
            it.
          </Alert>
          <Text size="sm">
            Token <strong>{token.name}</strong>:
          </Text>
          <Group gap="xs" wrap="nowrap" align="center">
            <Code block style={{ flex: 1, wordBreak: 'break-all' }} data-testid="new-token">
              {token.token}
            </Code>
            <CopyButton value={token.token}>
              {({ copied, copy }) => (
                <Button
                  variant={copied ? 'light' : 'default'}
                  color={copied ? 'green' : undefined}
                  onClick={copy}
                  leftSection={copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
                >
                  {copied ? 'Copied' : 'Copy'}
                </Button>
              )}
            </CopyButton>
          </Group>
          <Text size="sm" c="dimmed">
            Use it as <Code>Authorization: Bearer &lt;token&gt;</Code>, or with the command line:{' '}
            <Code>IMR_TOKEN=… imr users list</Code>.
          </Text>
          <Group justify="flex-end">
            <Button onClick={onClose}>Done</Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}

function RevokeDialog({ token, onClose }: { token: ApiToken | null; onClose: () => void }) {
  const revoke = useRevokeToken();
  const close = () => {
    revoke.reset();
    onClose();
  };
  return (
    <Modal opened={token !== null} onClose={close} title={token ? `Revoke "${token.name}"?` : 'Revoke token?'}>
      {token ? (
        <Stack gap="md">
          {revoke.error ? <ErrorAlert error={revoke.error} title="Could not revoke the token" /> : null}
          <Text size="sm">
            Scripts using this token stop working at once. This cannot be undone; create a new token if you need one.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button
              color="red"
              loading={revoke.isPending}
              onClick={() =>
                revoke.mutate(token.id, {
                  onSuccess: () => {
                    notifications.show({
                      color: 'gray',
                      title: 'Token revoked',
                      message: `"${token.name}" no longer works.`,
                    });
                    close();
                  },
                })
              }
            >
              Revoke token
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}

/** Revokes every token of the user at once: after a leak, or when leaving; a password reset keeps them. */
function RevokeAllDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const revokeAll = useRevokeAllTokens();
  const close = () => {
    revokeAll.reset();
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title="Revoke all your tokens?">
      <Stack gap="md">
        {revokeAll.error ? <ErrorAlert error={revokeAll.error} title="Could not revoke the tokens" /> : null}
        <Text size="sm">
          Every script and command line that uses one of your tokens stops working at once. This cannot be undone;
          create new tokens where you still need them.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button
            color="red"
            loading={revokeAll.isPending}
            onClick={() =>
              revokeAll.mutate(undefined, {
                onSuccess: ({ revoked }) => {
                  notifications.show({
                    color: 'gray',
                    title: 'Tokens revoked',
                    message: revoked === 1 ? 'One token no longer works.' : `${revoked} tokens no longer work.`,
                  });
                  close();
                },
              })
            }
          >
            Revoke all tokens
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** One token: name, when created and last used, status, Revoke while it is active. */
function TokenRow({ token, onRevoke }: { token: ApiToken; onRevoke: (token: ApiToken) => void }) {
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={600}>
          {token.name}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">
          <DateTime value={token.createdAt} />
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">
          <DateTime value={token.lastUsedAt} empty="Never" />
        </Text>
      </Table.Td>
      <Table.Td>
        <StatusBadge status={token.revokedAt ? 'revoked' : 'active'} />
      </Table.Td>
      <Table.Td ta="right">
        {token.revokedAt ? null : (
          <Button
            size="compact-sm"
            variant="default"
            onClick={() => onRevoke(token)}
            aria-label={`Revoke ${token.name}`}
          >
            Revoke
          </Button>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/** Settings → API tokens: the signed-in user's tokens for scripts and the CLI. */
export function TokensPage() {
  const tokens = useTokens();
  const create = useCreateToken();
  const [name, setName] = useState('');
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const [revokingAll, setRevokingAll] = useState(false);
  const activeCount = tokens.data?.filter((t) => !t.revokedAt).length ?? 0;
  const nameError = isApiError(create.error) ? (create.error.fieldErrors()['name'] ?? undefined) : undefined;

  function submit(e: FormEvent) {
    e.preventDefault();
    create.mutate(name.trim(), {
      onSuccess: (t) => {
        setCreated(t);
        setName('');
      },
    });
  }

  return (
    <>
      <PageHeader
        title="API tokens"
        description="Tokens let scripts and the imr command line act as you, with your permissions. Revoke a token as soon as it is no longer needed. Tokens keep working after a password reset: revoke them all here if you think one is exposed."
        actions={
          activeCount > 0 ? (
            <Button color="red" variant="light" onClick={() => setRevokingAll(true)}>
              Revoke all tokens
            </Button>
          ) : undefined
        }
      />
      <Stack gap="lg">
        <Paper withBorder p="md">
          <form onSubmit={submit} noValidate aria-label="Create an API token">
            <Group align="flex-end" gap="sm">
              <TextInput
                label="Token name"
                description="What it is for, e.g. “Nightly export”"
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                error={nameError}
                w={320}
                maxLength={100}
              />
              <Button
                type="submit"
                loading={create.isPending}
                leftSection={<IconKey size={16} aria-hidden />}
                disabled={!name.trim()}
              >
                Create token
              </Button>
            </Group>
            {create.error && !nameError ? (
              <Text c="red.8" size="sm" mt="xs" role="alert">
                {errorMessage(create.error)}
              </Text>
            ) : null}
          </form>
        </Paper>

        <ListStates
          error={tokens.error}
          pending={tokens.isPending}
          isEmpty={tokens.data?.length === 0}
          errorTitle="Could not load your tokens"
          onRetry={() => void tokens.refetch()}
          skeleton={<TableSkeleton columns={4} rows={3} />}
          empty={
            <EmptyState
              icon={<IconKey size={28} stroke={1.5} aria-hidden />}
              title="No API tokens yet"
              description="Create one above when a script or the command line needs to reach IMR Desk as you."
            />
          }
        >
          <DataTable
            label="API tokens"
            columns={['Name', 'Created', 'Last used', 'Status', { label: 'Actions', hidden: true }]}
          >
            {tokens.data?.map((t) => (
              <TokenRow key={t.id} token={t} onRevoke={setRevoking} />
            ))}
          </DataTable>
        </ListStates>
      </Stack>
      <CreatedTokenDialog token={created} onClose={() => setCreated(null)} />
      <RevokeDialog token={revoking} onClose={() => setRevoking(null)} />
      <RevokeAllDialog opened={revokingAll} onClose={() => setRevokingAll(false)} />
    </>
  );
}
