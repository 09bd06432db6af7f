import {
  Button,
  Card,
  Group,
  NativeSelect,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { BackLink } from './FormFooter.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { contractLabel, isoToPicker, pickerToIso, readerTimeZone } from './format.ts';
import { emptyDraft, requestBody, requestFormErrors, type RequestDraft } from './request-draft.ts';
import { KindFields } from './RequestFields.tsx';
import {
  requestsKey,
  useContactOptions,
  useContractOptions,
  useCreateRequest,
  useCustomerOptions,
} from './requests.api.ts';
import { useNow } from './useNow.ts';

/** Staff → Log a request: a hotline call or an email, with when it came in (the SLA clocks start there) and who asked. */
export function IntakePage() {
  const now = useNow();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const create = useCreateRequest();
  const customers = useCustomerOptions();
  const [customerId, setCustomerId] = useState<string | null>(null);
  const contracts = useContractOptions(customerId, Boolean(customerId));
  const contacts = useContactOptions(customerId);
  const [contractId, setContractId] = useState('');
  const [channel, setChannel] = useState<'hotline' | 'email'>('hotline');
  const [receivedAt, setReceivedAt] = useState<string | null>(null);
  const [requesterContactId, setRequesterContactId] = useState('');
  const [draft, setDraft] = useState<RequestDraft>(() => emptyDraft('emergency'));
  const [refusedEarliest, setRefusedEarliest] = useState<string | null>(null);
  const { fields, general } = requestFormErrors(create.error);

  const contractList = contracts.data ?? [];
  const contract =
    contractList.find((c) => c.id === contractId) ?? contractList.find((c) => c.status === 'active') ?? contractList[0];
  const requesters = (contacts.data ?? []).filter((c) => c.canRequest || c.canApprove);
  const others = (contacts.data ?? []).filter((c) => !c.canRequest && !c.canApprove);

  function chooseCustomer(id: string | null) {
    setCustomerId(id);
    setContractId('');
    setRequesterContactId('');
    create.reset();
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const extra = {
      channel,
      ...(receivedAt ? { receivedAt: pickerToIso(receivedAt) } : {}),
      ...(requesterContactId ? { requesterContactId } : {}),
    };
    create.mutate(requestBody(draft, contract?.id ?? '', extra), {
      onSuccess: (r) => void navigate(`/requests/${r.id}`, { state: { created: true } }),
      onError: (err) => {
        const refused = requestFormErrors(err).refusedEarliest;
        if (refused) {
          setRefusedEarliest(refused);
          void qc.invalidateQueries({ queryKey: [...requestsKey, 'lead-time'] });
        }
      },
    });
  }

  return (
    <>
      <BackLink to="/requests">Requests board</BackLink>
      <PageHeader
        title="Log a request"
        description="A customer called the hotline or sent an email. Emergencies are recorded whatever the contract says; you will see what it covers once it is logged."
      />
      <Card maw={920}>
        <form onSubmit={submit} noValidate aria-label="Log a request">
          <Stack gap="lg">
            {general ? <ErrorAlert error={general} title="The request was not logged" /> : null}
            {customers.error ? (
              <ErrorAlert
                error={customers.error}
                title="Could not load the customers"
                onRetry={() => void customers.refetch()}
              />
            ) : null}
            <Stack gap="md">
              <Title order={2} fz="h4">
                Who called
              </Title>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <Select
                  label="Customer"
                  placeholder={customers.isPending ? 'Loading customers…' : 'Type to search'}
                  required
                  searchable
                  data={(customers.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
                  value={customerId}
                  onChange={chooseCustomer}
                  nothingFoundMessage="No customer by that name"
                  error={fields['customerId']}
                />
                <NativeSelect
                  label="Contract"
                  required
                  disabled={!customerId || contracts.isPending}
                  data={
                    customerId
                      ? contractList.map((c) => ({ value: c.id, label: contractLabel(c) }))
                      : [{ value: '', label: 'Choose the customer first' }]
                  }
                  value={contract?.id ?? ''}
                  onChange={(e) => setContractId(e.currentTarget.value)}
                  error={
                    fields['contractId'] ??
                    (customerId && !contracts.isPending && contractList.length === 0
                      ? 'This customer has no contract: create one first, or log the emergency under the nearest contract and move it later.'
                      : undefined)
                  }
                />
                <NativeSelect
                  label="Requester"
                  disabled={!customerId}
                  data={[
                    { value: '', label: customerId ? 'Not recorded' : 'Choose the customer first' },
                    ...requesters.map((c) => ({
                      value: c.id,
                      label: `${c.name}${c.canApprove ? ' (point of contact)' : ''}`,
                    })),
                    ...others.map((c) => ({ value: c.id, label: `${c.name} (may not request)` })),
                  ]}
                  value={requesterContactId}
                  onChange={(e) => setRequesterContactId(e.currentTarget.value)}
                  error={fields['requesterContactId']}
                />
                <Stack gap={4}>
                  <Text size="sm" fw={500} id="channel-label">
                    Channel
                  </Text>
                  <SegmentedControl
                    aria-labelledby="channel-label"
                    data={[
                      { value: 'hotline', label: 'Hotline call' },
                      { value: 'email', label: 'Email' },
                    ]}
                    value={channel}
                    onChange={(v) => setChannel(v as 'hotline' | 'email')}
                  />
                </Stack>
                <DateTimePicker
                  label="Received at"
                  description={`When the call or email came in; the SLA clocks start here. Empty means now. Your time zone: ${readerTimeZone()}.`}
                  placeholder="Now"
                  clearable
                  value={receivedAt}
                  onChange={setReceivedAt}
                  maxDate={isoToPicker(now)}
                  valueFormat="D MMM YYYY, HH:mm"
                  error={fields['receivedAt']}
                />
              </SimpleGrid>
            </Stack>
            <Stack gap="md">
              <Title order={2} fz="h4">
                What they need
              </Title>
              <SegmentedControl
                aria-label="Kind of request"
                color={draft.kind === 'emergency' ? 'red' : 'brand'}
                data={[
                  { value: 'emergency', label: 'Emergency' },
                  { value: 'proactive', label: 'Proactive service' },
                ]}
                value={draft.kind}
                onChange={(v) => setDraft((d) => ({ ...d, kind: v as RequestDraft['kind'] }))}
                w={{ base: '100%', sm: 360 }}
              />
              {contract || draft.kind === 'emergency' ? (
                <KindFields
                  draft={draft}
                  onChange={(p) => setDraft((d) => ({ ...d, ...p }))}
                  errors={fields}
                  contract={contract}
                  refusedEarliest={refusedEarliest}
                />
              ) : (
                <Text size="sm" c="dimmed">
                  Choose the customer and contract to see the services and the earliest start.
                </Text>
              )}
            </Stack>
            <Group justify="flex-end">
              <Button variant="default" component={Link} to="/requests">
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending} color={draft.kind === 'emergency' ? 'red' : undefined}>
                Log request
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
    </>
  );
}
