import { NativeSelect, SegmentedControl, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { contractLabel, isoToPicker, readerTimeZone } from './format.ts';
import type { IntakeForm } from './useIntakeForm.ts';

/** "Who called": customer, contract, requester, channel and when the call or email came in. */
export function IntakeCallerFields({ intake, now }: { intake: IntakeForm; now: number }) {
  const {
    customers,
    customerId,
    contracts,
    contractList,
    contract,
    setContractId,
    channel,
    setChannel,
    receivedAt,
    setReceivedAt,
    requesterContactId,
    setRequesterContactId,
    requesters,
    others,
    fields,
    chooseCustomer,
  } = intake;
  return (
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
  );
}
