import {
  Alert,
  Button,
  Code,
  CopyButton,
  Group,
  Modal,
  MultiSelect,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCheck, IconCopy, IconWebhook } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { isApiError } from '../../api/client.ts';
import type { CreatedWebhook, WebhookMessage, WebhookSubscription } from '../../api/types.ts';
import { DataTable, ListStates } from '../../components/DataTable.tsx';
import { DateTime } from '../../components/DateTime.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert.tsx';
import { TableSkeleton } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { webhookEventLabels, webhookEventTypes } from '../../../shared/webhooks.ts';
import {
  useCreateWebhook,
  useDeleteWebhook,
  useDeliveries,
  useRedeliver,
  useSendTest,
  useSetEnabled,
  useWebhooks,
} from './webhooks.api.ts';

const eventOptions = webhookEventTypes.map((value) => ({ value, label: `${webhookEventLabels[value]} (${value})` }));
const eventLabel = (type: string) =>
  type === 'webhook.test' ? 'Test event' : (webhookEventLabels[type as keyof typeof webhookEventLabels] ?? type);

/** The signing secret of a new subscription, shown once, with a copy button. */
function SecretDialog({ created, onClose }: { created: CreatedWebhook | null; onClose: () => void }) {
  return (
    <Modal opened={created !== null} onClose={onClose} title="Webhook created" size="lg">
      {created ? (
        <Stack gap="md">
          <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} aria-hidden />}>
            Copy the signing secret now into the receiving system: it is shown only this once. The receiver uses it to
            check the webhook-signature header of every event (Standard Webhooks).
          </Alert>
          <Group gap="xs" wrap="nowrap">
            <Code block style={{ flex: 1, wordBreak: 'break-all' }} data-testid="webhook-secret">
              {created.secret}
            </Code>
            <CopyButton value={created.secret}>
              {({ copied, copy }) => (
                <Button
                  variant={copied ? 'light' : 'default'}
                  onClick={copy}
                  leftSection={copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
                >
                  {copied ? 'Copied' : 'Copy'}
                </Button>
              )}
            </CopyButton>
          </Group>
          <Group justify="flex-end">
            <Button onClick={onClose}>Done</Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}

function CreateForm({ onCreated }: { onCreated: (c: CreatedWebhook) => void }) {
  const create = useCreateWebhook();
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>([]);
  const fields = isApiError(create.error) ? create.error.fieldErrors() : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { url: url.trim(), events },
      {
        onSuccess: (c) => {
          setUrl('');
          setEvents([]);
          onCreated(c);
        },
      },
    );
  };
  return (
    <Paper withBorder p="md">
      <form onSubmit={submit} noValidate aria-label="Add a webhook">
        <Stack gap="sm">
          <TextInput
            label="Receiver URL"
            description="Where events are sent, e.g. https://hooks.example.com/imr"
            value={url}
            onChange={(e) => setUrl(e.currentTarget.value)}
            error={fields['url']}
            maxLength={2000}
          />
          <MultiSelect
            label="Events"
            data={eventOptions}
            value={events}
            onChange={setEvents}
            error={fields['events']}
            searchable
            placeholder="Choose the events to send"
          />
          {create.error && !fields['url'] && !fields['events'] ? (
            <Text c="red.8" size="sm" role="alert">
              {errorMessage(create.error)}
            </Text>
          ) : null}
          <Group>
            <Button
              type="submit"
              loading={create.isPending}
              disabled={!url.trim() || events.length === 0}
              leftSection={<IconWebhook size={16} aria-hidden />}
            >
              Add webhook
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** The delivery log of one subscription: each event with its attempts, and a redeliver button. */
function DeliveryLog({ hook }: { hook: WebhookSubscription }) {
  const log = useDeliveries(hook.id);
  const redeliver = useRedeliver();
  const last = (m: WebhookMessage) => m.log.at(-1);
  return (
    <Stack gap="xs">
      <Title order={3} size="h4">
        Delivery log: {hook.url}
      </Title>
      {redeliver.error ? <ErrorAlert error={redeliver.error} title="Could not redeliver" /> : null}
      <ListStates
        error={log.error}
        pending={log.isPending}
        isEmpty={log.data?.items.length === 0}
        errorTitle="Could not load the delivery log"
        onRetry={() => void log.refetch()}
        skeleton={<TableSkeleton columns={6} rows={3} />}
        empty={<Text size="sm">No events sent yet. Send a test event to try the receiver.</Text>}
      >
        <DataTable
          label="Delivery log"
          columns={[
            'Event',
            'When',
            'Status',
            'Attempts',
            'Response',
            'Time taken',
            'Error',
            { label: 'Actions', hidden: true },
          ]}
        >
          {log.data?.items.map((m) => (
            <Table.Tr key={m.id}>
              <Table.Td>{eventLabel(m.eventType)}</Table.Td>
              <Table.Td>
                <DateTime value={m.createdAt} />
              </Table.Td>
              <Table.Td>
                <StatusBadge
                  status={m.sending ? 'sending' : m.status === 'pending' && m.attempts > 0 ? 'retrying' : m.status}
                  colors={{ pending: 'blue', retrying: 'orange', delivered: 'green', failed: 'red', sending: 'blue' }}
                />
              </Table.Td>
              <Table.Td>{m.attempts}</Table.Td>
              <Table.Td>{last(m)?.responseCode ?? '—'}</Table.Td>
              <Table.Td>{last(m) ? `${last(m)!.latencyMs} ms` : '—'}</Table.Td>
              <Table.Td>
                <Text size="sm" c="dimmed">
                  {m.lastError ?? ''}
                </Text>
              </Table.Td>
              <Table.Td ta="right">
                <Button
                  size="compact-sm"
                  variant="default"
                  disabled={!hook.enabled || m.sending}
                  loading={redeliver.isPending && redeliver.variables?.messageId === m.id}
                  onClick={() => redeliver.mutate({ id: hook.id, messageId: m.id })}
                >
                  Redeliver
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      </ListStates>
    </Stack>
  );
}

/** Settings → Webhooks (admin): subscriptions, their secret once, test events, enable/disable and the delivery log. */
export function WebhooksPage() {
  const hooks = useWebhooks();
  const [created, setCreated] = useState<CreatedWebhook | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const setEnabled = useSetEnabled();
  const sendTest = useSendTest();
  const remove = useDeleteWebhook();
  const failure = setEnabled.error ?? sendTest.error ?? remove.error;
  const shown = hooks.data?.find((h) => h.id === selected) ?? null;
  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Send signed events to your ticketing, chat or PSA tools. Each event is signed with the webhook's secret (Standard Webhooks), retried when the receiver fails, and a webhook that keeps failing for a day is disabled and you are told by email."
      />
      <Stack gap="lg">
        <CreateForm onCreated={setCreated} />
        {failure ? <ErrorAlert error={failure} title="That did not work" /> : null}
        <ListStates
          error={hooks.error}
          pending={hooks.isPending}
          isEmpty={hooks.data?.length === 0}
          errorTitle="Could not load the webhooks"
          onRetry={() => void hooks.refetch()}
          skeleton={<TableSkeleton columns={4} rows={2} />}
          empty={
            <EmptyState
              icon={<IconWebhook size={28} stroke={1.5} aria-hidden />}
              title="No webhooks yet"
              description="Add one above to send events to another system."
            />
          }
        >
          <DataTable label="Webhooks" columns={['Receiver', 'Events', 'Status', { label: 'Actions', hidden: true }]}>
            {hooks.data?.map((h) => (
              <Table.Tr key={h.id}>
                <Table.Td>
                  <Text size="sm" fw={600} style={{ wordBreak: 'break-all' }}>
                    {h.url}
                  </Text>
                  {h.disabledReason ? (
                    <Text size="xs" c="dimmed">
                      {h.disabledReason}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{h.events.map(eventLabel).join('; ')}</Text>
                </Table.Td>
                <Table.Td>
                  <StatusBadge
                    status={h.enabled ? 'enabled' : 'disabled'}
                    colors={{ enabled: 'green', disabled: 'red' }}
                  />
                </Table.Td>
                <Table.Td ta="right">
                  <Group gap="xs" justify="flex-end" wrap="nowrap">
                    <Button size="compact-sm" variant="default" onClick={() => setSelected(h.id)}>
                      Delivery log
                    </Button>
                    <Button
                      size="compact-sm"
                      variant="default"
                      disabled={!h.enabled}
                      onClick={() =>
                        sendTest.mutate(h.id, {
                          onSuccess: () => {
                            setSelected(h.id);
                            notifications.show({ title: 'Test event queued', message: `It goes to ${h.url} now.` });
                          },
                        })
                      }
                    >
                      Send test event
                    </Button>
                    <Button
                      size="compact-sm"
                      variant="default"
                      onClick={() => setEnabled.mutate({ id: h.id, enabled: !h.enabled })}
                    >
                      {h.enabled ? 'Disable' : 'Enable'}
                    </Button>
                    <Button
                      size="compact-sm"
                      color="red"
                      variant="light"
                      onClick={() => {
                        if (window.confirm(`Delete the webhook to ${h.url} and its delivery log?`)) remove.mutate(h.id);
                      }}
                    >
                      Delete
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        </ListStates>
        {shown ? <DeliveryLog hook={shown} /> : null}
      </Stack>
      <SecretDialog created={created} onClose={() => setCreated(null)} />
    </>
  );
}
