import { Alert, Button, Modal, MultiSelect, NativeSelect, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconRefresh } from '@tabler/icons-react';
import { useMemo, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { roleLabels } from '../../../shared/roles.ts';
import { isApiError } from '../../api/client.ts';
import type { Customer } from '../../api/types.ts';
import { useSession } from '../../app/session.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useCreateCustomer, useTeamCandidates, useUpdateCustomer } from './customers.api.ts';
import { browserTimeZone, splitError, timeZoneOptions } from './form.ts';
import { FormActions } from './FormParts.tsx';

/** The IANA zone picker: type to search ("Chicago", "Europe/"). */
export function TimeZoneSelect({
  label = 'Time zone',
  value,
  onChange,
  error,
  description,
  required = true,
  placeholder,
}: {
  label?: string;
  value: string;
  onChange: (zone: string) => void;
  error?: string | undefined;
  description?: string;
  /** Optional zones can be cleared (an empty value: the default the description names). */
  required?: boolean;
  placeholder?: string;
}) {
  const zones = useMemo(() => timeZoneOptions(), []);
  const data = zones.includes(value) || !value ? zones : [value, ...zones];
  return (
    <Select
      label={label}
      description={description}
      data={data}
      value={value || null}
      onChange={(v) => onChange(v ?? '')}
      searchable
      nothingFoundMessage="No such time zone"
      error={error}
      required={required}
      clearable={!required}
      {...(placeholder ? { placeholder } : {})}
      limit={50}
      maxDropdownHeight={280}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

/**
 * The account team: active account managers and IR managers of the firm. Administrators pick from every
 * one of them; others (the API lists users to administrators only) keep the current team and may add
 * themselves.
 */
export function AccountTeamSelect({
  value,
  onChange,
  current = [],
  error,
}: {
  value: string[];
  onChange: (ids: string[]) => void;
  current?: Customer['accountTeamMembers'];
  error?: string | undefined;
}) {
  const candidates = useTeamCandidates();
  const data = useMemo(() => {
    const byId = new Map<string, { value: string; label: string }>();
    const add = (user: { id: string; name: string; role: string }) => {
      if (!byId.has(user.id))
        byId.set(user.id, {
          value: user.id,
          label: `${user.name} · ${roleLabels[user.role as keyof typeof roleLabels] ?? user.role}`,
        });
    };
    current.forEach(add);
    candidates.data?.forEach(add);
    return [...byId.values()].sort((a, b) => a.label.localeCompare(b.label));
  }, [candidates.data, current]);
  return (
    <MultiSelect
      label="Account team"
      description="Account managers and IR managers who look after this customer."
      placeholder={value.length ? undefined : candidates.isPending ? 'Loading staff…' : 'Pick people'}
      data={data}
      value={value}
      onChange={onChange}
      searchable
      clearable
      error={
        error ??
        (candidates.error
          ? `Could not load the staff list: ${candidates.error instanceof Error ? candidates.error.message : 'try again'}`
          : undefined)
      }
      nothingFoundMessage="No account manager or IR manager by that name"
      comboboxProps={{ withinPortal: true }}
    />
  );
}

const customerFields = ['name', 'timeZone', 'accountTeam', 'status'] as const;

/** New customer: name, time zone, account team. Creating it creates the customer's organisation. */
export function NewCustomerDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="New customer" size="lg">
      {opened ? <NewCustomerForm onClose={onClose} /> : null}
    </Modal>
  );
}

function NewCustomerForm({ onClose }: { onClose: () => void }) {
  const { user } = useSession();
  const create = useCreateCustomer();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [timeZone, setTimeZone] = useState(browserTimeZone);
  const [team, setTeam] = useState<string[]>(user.role === 'account_manager' ? [user.id] : []);
  const { fields, general } = splitError(create.error, customerFields);

  function submit(e: FormEvent) {
    e.preventDefault();
    create.mutate(
      { name: name.trim(), timeZone, accountTeam: team },
      {
        onSuccess: (c) => {
          notifications.show({
            color: 'green',
            title: 'Customer created',
            message: `${c.name} is ready: add contacts, sites and a contract.`,
          });
          onClose();
          void navigate(`/customers/${c.id}`);
        },
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate aria-label="New customer">
      <Stack gap="md">
        {general ? <ErrorAlert error={general} title="Could not create the customer" /> : null}
        <TextInput
          label="Name"
          required
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fields['name']}
          data-autofocus
          autoComplete="off"
        />
        <TimeZoneSelect
          value={timeZone}
          onChange={setTimeZone}
          error={fields['timeZone']}
          description="Term dates, lead times and statement days count in this zone."
        />
        <AccountTeamSelect value={team} onChange={setTeam} error={fields['accountTeam']} />
        <FormActions onCancel={onClose} submit="Create customer" loading={create.isPending} />
      </Stack>
    </form>
  );
}

/** Someone else saved the customer first: say so, and offer to start again from the current version. */
export function StaleRevisionAlert({ error, what, onReload }: { error: unknown; what: string; onReload: () => void }) {
  if (!isApiError(error) || error.code !== 'STALE_REVISION') return null;
  return (
    <Alert color="orange" variant="light" title={`This ${what} was changed by someone else`} role="alert">
      <Text size="sm">{error.detail}</Text>
      <Text size="sm" mt={4}>
        Your changes were not saved. Reload to see the current version, then make your change again.
      </Text>
      <Button
        mt="sm"
        size="xs"
        variant="default"
        leftSection={<IconRefresh size={14} aria-hidden />}
        onClick={onReload}
      >
        Reload the {what}
      </Button>
    </Alert>
  );
}

/** Edit name, time zone, status and account team, sending the revision that was read. */
export function EditCustomerDialog({
  customer,
  opened,
  onClose,
  onReload,
}: {
  customer: Customer;
  opened: boolean;
  onClose: () => void;
  onReload: () => Promise<unknown>;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={`Edit ${customer.name}`} size="lg">
      {opened ? (
        <EditCustomerForm key={customer.revision} customer={customer} onClose={onClose} onReload={onReload} />
      ) : null}
    </Modal>
  );
}

function EditCustomerForm({
  customer,
  onClose,
  onReload,
}: {
  customer: Customer;
  onClose: () => void;
  onReload: () => Promise<unknown>;
}) {
  const update = useUpdateCustomer(customer.id);
  const [name, setName] = useState(customer.name);
  const [timeZone, setTimeZone] = useState(customer.timeZone);
  const [status, setStatus] = useState(customer.status);
  const [team, setTeam] = useState(customer.accountTeam);
  const stale = isApiError(update.error) && update.error.code === 'STALE_REVISION';
  const { fields, general } = stale ? { fields: {}, general: null } : splitError(update.error, customerFields);

  function submit(e: FormEvent) {
    e.preventDefault();
    update.mutate(
      {
        revision: customer.revision,
        ...(name.trim() !== customer.name ? { name: name.trim() } : {}),
        ...(timeZone !== customer.timeZone ? { timeZone } : {}),
        ...(status !== customer.status ? { status } : {}),
        ...(team.join() !== customer.accountTeam.join() ? { accountTeam: team } : {}),
      },
      {
        onSuccess: (c) => {
          notifications.show({
            color: 'green',
            title: 'Customer saved',
            message: `${c.name} is at revision ${c.revision}.`,
          });
          onClose();
        },
      },
    );
  }

  const unchanged =
    name.trim() === customer.name &&
    timeZone === customer.timeZone &&
    status === customer.status &&
    team.join() === customer.accountTeam.join();
  return (
    <form onSubmit={submit} noValidate aria-label={`Edit ${customer.name}`}>
      <Stack gap="md">
        <StaleRevisionAlert
          error={update.error}
          what="customer"
          onReload={() => void onReload().then(() => update.reset())}
        />
        {general ? <ErrorAlert error={general} title="Could not save the customer" /> : null}
        <TextInput
          label="Name"
          required
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fields['name']}
          data-autofocus
        />
        <TimeZoneSelect
          value={timeZone}
          onChange={setTimeZone}
          error={fields['timeZone']}
          description="Changing it moves how term dates and statement days are counted."
        />
        <NativeSelect
          label="Status"
          data={[
            { value: 'active', label: 'Active' },
            { value: 'inactive', label: 'Inactive (no new contracts)' },
          ]}
          value={status}
          onChange={(e) => setStatus(e.currentTarget.value as Customer['status'])}
          error={fields['status']}
        />
        <AccountTeamSelect
          value={team}
          onChange={setTeam}
          current={customer.accountTeamMembers}
          error={fields['accountTeam']}
        />
        <Text size="xs" c="dimmed">
          Editing revision {customer.revision}. If someone saves in between, you will be asked to reload.
        </Text>
        <FormActions onCancel={onClose} submit="Save" loading={update.isPending} disabled={unchanged || stale} />
      </Stack>
    </form>
  );
}
