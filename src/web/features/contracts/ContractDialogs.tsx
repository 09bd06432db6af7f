import {
  Checkbox,
  Divider,
  Group,
  Modal,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import type { Contract, ContractUnit, Customer } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { splitError } from '../customers/form.ts';
import { readAmount } from './amount.ts';
import { AmountInput } from './AmountInput.tsx';
import { dayIn } from './balance-series.ts';
import { unitLabels } from './contract-labels.ts';
import { useContractAction, useCreateContract } from './contracts.api.ts';
import { SettingsFields } from './SettingsFields.tsx';
import { defaultDraft, draftErrors, fieldOfPath, mainFields, patchOf, type DraftField } from './settings-draft.ts';
import { FormActions } from '../customers/FormParts.tsx';

/** A calendar date shifted by whole days (YYYY-MM-DD, no time zone involved). */
export function addDays(day: string, n: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + n);
  return date.toISOString().slice(0, 10);
}

/** One year on from a day, less one day: the default end of a term starting on it. */
const yearTermEnd = (start: string): string => {
  const date = new Date(`${start}T00:00:00Z`);
  date.setUTCFullYear(date.getUTCFullYear() + 1);
  return addDays(date.toISOString().slice(0, 10), -1);
};

const contractFields = [
  'number',
  'termStart',
  'termEnd',
  'unit',
  'unitsPerHour',
  'initialAmount',
  'status',
  ...Object.keys(fieldOfPath),
];

/** Terms, unit and the first grant of a new or renewed contract. */
function TermFields({
  v,
  set,
  errors,
  unitFixed,
}: {
  v: { number: string; termStart: string; termEnd: string; unit: ContractUnit; unitsPerHour: string; initial: string };
  set: (patch: Partial<typeof v>) => void;
  errors: Record<string, string | undefined>;
  unitFixed?: boolean;
}) {
  return (
    <Stack gap="md">
      <TextInput
        label="Contract number"
        required
        placeholder="NW-2026-01"
        description="Unique across all customers."
        value={v.number}
        onChange={(e) => set({ number: e.currentTarget.value })}
        error={errors['number']}
        data-autofocus
        autoComplete="off"
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <TextInput
          label="Term start"
          type="date"
          required
          value={v.termStart}
          onChange={(e) => set({ termStart: e.currentTarget.value })}
          error={errors['termStart']}
          description="First day, inclusive."
        />
        <TextInput
          label="Term end"
          type="date"
          required
          value={v.termEnd}
          onChange={(e) => set({ termEnd: e.currentTarget.value })}
          error={errors['termEnd']}
          description="Last day, inclusive."
        />
      </SimpleGrid>
      {unitFixed ? null : (
        <Radio.Group
          label="Unit of account"
          value={v.unit}
          onChange={(u) => set({ unit: u as ContractUnit, initial: '' })}
          error={errors['unit']}
        >
          <Group mt={6} gap="lg">
            <Radio value="hours" label="Hours" />
            <Radio value="service_units" label="Service units" />
          </Group>
        </Radio.Group>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <AmountInput
          label="Initial amount"
          unit={v.unit}
          value={v.initial}
          onChange={(initial) => set({ initial })}
          error={errors['initialAmount']}
          description={
            v.unit === 'hours'
              ? 'Posted as the grant, e.g. 40h. Empty: no grant.'
              : 'Posted as the grant, e.g. 120su. Empty: no grant.'
          }
        />
        {v.unit === 'service_units' ? (
          <TextInput
            label="Service units per hour"
            required={!unitFixed}
            placeholder="1.5"
            description="How many units an hour of effort uses (at most two decimals)."
            value={v.unitsPerHour}
            onChange={(e) => set({ unitsPerHour: e.currentTarget.value })}
            error={errors['unitsPerHour']}
          />
        ) : null}
      </SimpleGrid>
    </Stack>
  );
}

/** New retainer contract of a customer: number, term, unit, initial grant and the main settings. */
export function NewContractDialog({
  customer,
  opened,
  onClose,
}: {
  customer: Customer;
  opened: boolean;
  onClose: () => void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={`New contract for ${customer.name}`} size="xl">
      {opened ? <NewContractForm customer={customer} onClose={onClose} /> : null}
    </Modal>
  );
}

function NewContractForm({ customer, onClose }: { customer: Customer; onClose: () => void }) {
  const create = useCreateContract();
  const navigate = useNavigate();
  const today = dayIn(new Date().toISOString(), customer.timeZone);
  const [v, setV] = useState({
    number: '',
    termStart: today,
    termEnd: yearTermEnd(today),
    unit: 'hours' as ContractUnit,
    unitsPerHour: '',
    initial: '',
  });
  const [draft, setDraft] = useState(defaultDraft);
  const [asDraft, setAsDraft] = useState(false);
  const [local, setLocal] = useState<Partial<Record<DraftField | 'initialAmount', string>>>({});
  const { fields, general } = splitError(create.error, contractFields);
  const settingsErrors = { ...draftErrors(fields), ...local };

  function submit(e: FormEvent) {
    e.preventDefault();
    const initial = readAmount(v.initial, v.unit);
    const { patch, errors } = patchOf(draft, v.unit, mainFields);
    const problems = { ...errors, ...(initial.message ? { initialAmount: initial.message } : {}) };
    setLocal(problems);
    if (Object.keys(problems).length) return;
    create.mutate(
      {
        customerId: customer.id,
        number: v.number.trim(),
        termStart: v.termStart,
        termEnd: v.termEnd,
        unit: v.unit,
        ...(v.unit === 'service_units' ? { unitsPerHour: v.unitsPerHour.trim() } : {}),
        initialAmount: initial.amount ?? 0,
        settings: patch,
        status: asDraft ? 'draft' : 'active',
      },
      {
        onSuccess: (c) => {
          notifications.show({
            color: 'green',
            title: 'Contract created',
            message: `${c.number}: ${c.initialAmount.display} granted, ${c.status}.`,
          });
          onClose();
          void navigate(`/contracts/${c.id}`);
        },
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate aria-label="New contract">
      <Stack gap="md">
        {general ? <ErrorAlert error={general} title="Could not create the contract" /> : null}
        <TermFields v={v} set={(p) => setV({ ...v, ...p })} errors={{ ...fields, ...local }} />
        <Text size="xs" c="dimmed">
          Term dates count in the customer&apos;s time zone, {customer.timeZone}.
        </Text>
        <Divider />
        <Title order={3} fz="h5">
          Settings
        </Title>
        <SettingsFields draft={draft} onChange={setDraft} unit={v.unit} errors={settingsErrors} show="main" />
        <Text size="xs" c="dimmed">
          Multipliers, minimums, SLA targets and coverage start with the firm&apos;s defaults; change them on the
          contract&apos;s Settings tab.
        </Text>
        <Checkbox
          label="Create as draft"
          description="A draft takes no top-ups or work until it is activated."
          checked={asDraft}
          onChange={(e) => setAsDraft(e.currentTarget.checked)}
        />
        <FormActions onCancel={onClose} submit="Create contract" loading={create.isPending} />
      </Stack>
    </form>
  );
}

/** Renew: the successor contract for the next term (the rollover happens at this one's term end). */
export function RenewContractDialog({
  contract,
  opened,
  onClose,
}: {
  contract: Contract;
  opened: boolean;
  onClose: () => void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={`Renew ${contract.number}`} size="lg">
      {opened ? <RenewForm contract={contract} onClose={onClose} /> : null}
    </Modal>
  );
}

function RenewForm({ contract, onClose }: { contract: Contract; onClose: () => void }) {
  const renew = useContractAction(contract.id);
  const navigate = useNavigate();
  const start = addDays(contract.termEnd, 1);
  const [v, setV] = useState({
    number: '',
    termStart: start,
    termEnd: yearTermEnd(start),
    unit: contract.unit,
    unitsPerHour: contract.unitsPerHour ?? '',
    initial: '',
  });
  const [asDraft, setAsDraft] = useState(false);
  const [local, setLocal] = useState<Record<string, string>>({});
  const { fields, general } = splitError(renew.error, contractFields);
  const rollover = contract.settings.expiryPolicy;

  function submit(e: FormEvent) {
    e.preventDefault();
    const initial = readAmount(v.initial, v.unit);
    setLocal(initial.message ? { initialAmount: initial.message } : {});
    if (initial.message) return;
    renew.mutate(
      {
        action: 'renew',
        body: {
          number: v.number.trim(),
          termStart: v.termStart,
          termEnd: v.termEnd,
          initialAmount: initial.amount ?? 0,
          ...(v.unit === 'service_units' && v.unitsPerHour.trim() ? { unitsPerHour: v.unitsPerHour.trim() } : {}),
          status: asDraft ? 'draft' : 'active',
        },
      },
      {
        onSuccess: (c) => {
          notifications.show({
            color: 'green',
            title: 'Contract renewed',
            message: `${c.number} follows ${contract.number} from ${c.termStart}.`,
          });
          onClose();
          void navigate(`/contracts/${c.id}`);
        },
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate aria-label={`Renew ${contract.number}`}>
      <Stack gap="md">
        {general ? <ErrorAlert error={general} title="Could not renew the contract" /> : null}
        <Text size="sm">
          The successor takes a copy of this contract&apos;s settings ({unitLabels[contract.unit].toLowerCase()}).{' '}
          {rollover.mode === 'rollover'
            ? `At ${contract.number}'s term end, ${rollover.percent}% of its available balance rolls over to it; the rest expires.`
            : `At ${contract.number}'s term end its available balance expires (the policy does not roll over).`}
        </Text>
        <TermFields v={v} set={(p) => setV({ ...v, ...p })} errors={{ ...fields, ...local }} unitFixed />
        <Checkbox label="Create as draft" checked={asDraft} onChange={(e) => setAsDraft(e.currentTarget.checked)} />
        <FormActions onCancel={onClose} submit="Renew contract" loading={renew.isPending} />
      </Stack>
    </form>
  );
}

/** Activate a draft, or terminate (admin, with a reason), after a confirmation. */
export function ContractActionDialog({
  contract,
  action,
  onClose,
}: {
  contract: Contract;
  action: 'activate' | 'terminate' | null;
  onClose: () => void;
}) {
  const title = action === 'terminate' ? `Terminate ${contract.number}?` : `Activate ${contract.number}?`;
  return (
    <Modal opened={action !== null} onClose={onClose} title={title} size="md">
      {action ? <ActionForm contract={contract} action={action} onClose={onClose} /> : null}
    </Modal>
  );
}

function ActionForm({
  contract,
  action,
  onClose,
}: {
  contract: Contract;
  action: 'activate' | 'terminate';
  onClose: () => void;
}) {
  const run = useContractAction(contract.id);
  const [reason, setReason] = useState('');
  const { fields, general } = splitError(run.error, ['reason']);

  function submit(e: FormEvent) {
    e.preventDefault();
    run.mutate(action === 'terminate' ? { action, reason: reason.trim() } : { action }, {
      onSuccess: (c) => {
        notifications.show({
          color: action === 'terminate' ? 'gray' : 'green',
          title: action === 'terminate' ? 'Contract terminated' : 'Contract activated',
          message: `${c.number} is ${c.status}.`,
        });
        onClose();
      },
    });
  }

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label={action === 'terminate' ? `Terminate ${contract.number}` : `Activate ${contract.number}`}
    >
      <Stack gap="md">
        {general ? <ErrorAlert error={general} title={`Could not ${action} the contract`} /> : null}
        {action === 'terminate' ? (
          <>
            <Text size="sm">
              The contract ends today, before its term end ({contract.termEnd}). It takes no more top-ups or new work.
              Its balance stays as it is: correct it with an adjustment if the customer is owed a refund or a charge.
            </Text>
            <Textarea
              label="Reason"
              required
              autosize
              minRows={2}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={fields['reason']}
              data-autofocus
              description="Kept with the contract and in the audit log."
            />
          </>
        ) : (
          <Text size="sm">
            From now on {contract.number} takes top-ups and work can be approved against it. Its term runs{' '}
            {contract.termStart} to {contract.termEnd}.
          </Text>
        )}
        <FormActions
          onCancel={onClose}
          submit={action === 'terminate' ? 'Terminate contract' : 'Activate contract'}
          loading={run.isPending}
          color={action === 'terminate' ? 'red' : undefined}
        />
      </Stack>
    </form>
  );
}
