import {
  Button,
  Card,
  DataList,
  Divider,
  Group,
  Modal,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { formatAmount, ledgerUnitOf } from '../../../shared/units.ts';
import { isApiError } from '../../api/client.ts';
import type { Contract } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { StaleRevisionAlert } from '../customers/CustomerDialogs.tsx';
import { splitError } from '../customers/form.ts';
import { expiryLabels, overdraftLabels, unitLabels } from './contract-labels.ts';
import { useUpdateContract } from './contracts.api.ts';
import { SettingsFields } from './SettingsFields.tsx';
import { SettingsTables } from './SettingsTables.tsx';
import { changedFields, draftErrors, draftOf, fieldOfPath, patchOf, type DraftField } from './settings-draft.ts';
import { FormActions } from '../customers/FormParts.tsx';

function Item({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue>{children}</DataList.ItemValue>
    </DataList.Item>
  );
}

/** Every setting of a contract, read-only, with "Edit" for those who manage it while it is draft or active. */
export function SettingsPanel({
  contract,
  canEdit,
  onReload,
}: {
  contract: Contract;
  canEdit: boolean;
  onReload: () => Promise<unknown>;
}) {
  const [editing, setEditing] = useState(false);
  const settings = contract.settings;
  const amount = (n: number) => formatAmount(n, ledgerUnitOf(contract.unit));
  const editable = canEdit && (contract.status === 'draft' || contract.status === 'active');
  return (
    <Stack gap="md">
      <Card>
        <Group justify="space-between" mb="md">
          <Title order={2} fz="h4">
            Contract and billing
          </Title>
          {editable ? (
            <Button
              variant="default"
              leftSection={<IconPencil size={16} aria-hidden />}
              onClick={() => setEditing(true)}
            >
              Edit settings
            </Button>
          ) : null}
        </Group>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl">
          <DataList labelWidth={200}>
            <Item label="Number">{contract.number}</Item>
            <Item label="Term">
              {contract.termStart} to {contract.termEnd} ({contract.timeZone})
            </Item>
            <Item label="Unit">
              {unitLabels[contract.unit]}
              {contract.unitsPerHour ? `, ${contract.unitsPerHour} per hour` : ''}
            </Item>
            <Item label="Overdraft policy">
              {overdraftLabels[settings.overdraftPolicy.mode]}
              {settings.overdraftPolicy.mode === 'allow_up_to' ? `: ${amount(settings.overdraftPolicy.limit)}` : ''}
            </Item>
            <Item label="At term end">
              {expiryLabels[settings.expiryPolicy.mode]}
              {settings.expiryPolicy.mode === 'rollover' ? ` (${settings.expiryPolicy.percent}%)` : ''}
            </Item>
            <Item label="Statement day">{settings.statementDay} of each month</Item>
            <Item label="Alert thresholds">{settings.alertThresholds.map((t) => `${t}%`).join(', ') || 'none'}</Item>
          </DataList>
          <DataList labelWidth={200}>
            <Item label="Rounding increment">{settings.roundingIncrementMinutes} min, rounded up</Item>
            <Item label="Estimate tolerance">{settings.estimateTolerancePercent}%</Item>
            <Item label="Minimum billable">
              emergency {amount(settings.minimumBillable.emergency)}, proactive{' '}
              {amount(settings.minimumBillable.proactive)}
            </Item>
            <Item label="Minimum on cancellation">
              {settings.minimumAppliesOnCancel ? 'Applies' : 'Does not apply'}
            </Item>
            <Item label="Travel time">
              {settings.travelTimeBillable ? 'Drawn from the retainer' : 'Not drawn from the retainer'}
            </Item>
            <Item label="Lead time">
              {settings.leadTimeDaysOverride === null
                ? 'Catalog and firm-wide setting'
                : `${settings.leadTimeDaysOverride} days (override)`}
            </Item>
            <Item label="Customer sees">
              {settings.customerSeesEffortDetail ? 'Individual effort entries' : 'Effort totals only'}
            </Item>
          </DataList>
        </SimpleGrid>
      </Card>

      <SettingsTables s={settings} />
      <Text size="xs" c="dimmed">
        Multipliers by activity, SLA targets and coverage are changed through the API or the imr command line (PATCH
        /contracts/{'{id}'} with settings).
      </Text>

      <Modal opened={editing} onClose={() => setEditing(false)} title={`Edit ${contract.number}`} size="xl">
        {editing ? (
          <EditContractForm
            key={contract.revision}
            contract={contract}
            onClose={() => setEditing(false)}
            onReload={onReload}
          />
        ) : null}
      </Modal>
    </Stack>
  );
}

const editFields = ['number', 'termStart', 'termEnd', 'unitsPerHour', ...Object.keys(fieldOfPath)];

function EditContractForm({
  contract,
  onClose,
  onReload,
}: {
  contract: Contract;
  onClose: () => void;
  onReload: () => Promise<unknown>;
}) {
  const update = useUpdateContract(contract.id);
  const original = draftOf(contract.settings, contract.unit);
  const [draft, setDraft] = useState(original);
  const [number, setNumber] = useState(contract.number);
  const [termStart, setTermStart] = useState(contract.termStart);
  const [termEnd, setTermEnd] = useState(contract.termEnd);
  const [unitsPerHour, setUnitsPerHour] = useState(contract.unitsPerHour ?? '');
  const [local, setLocal] = useState<Partial<Record<DraftField, string>>>({});
  const stale = isApiError(update.error) && update.error.code === 'STALE_REVISION';
  const { fields, general } = stale
    ? { fields: {} as Record<string, string>, general: null }
    : splitError(update.error, editFields);
  const errors = { ...draftErrors(fields), ...local };

  function submit(e: FormEvent) {
    e.preventDefault();
    const changed = changedFields(original, draft);
    const { patch, errors: problems } = patchOf(draft, contract.unit, changed);
    setLocal(problems);
    if (Object.keys(problems).length) return;
    const body = {
      revision: contract.revision,
      ...(number.trim() !== contract.number ? { number: number.trim() } : {}),
      ...(termStart !== contract.termStart ? { termStart } : {}),
      ...(termEnd !== contract.termEnd ? { termEnd } : {}),
      ...(contract.unit === 'service_units' && unitsPerHour.trim() !== (contract.unitsPerHour ?? '')
        ? { unitsPerHour: unitsPerHour.trim() }
        : {}),
      ...(Object.keys(patch).length ? { settings: patch } : {}),
    };
    if (Object.keys(body).length === 1) return onClose();
    update.mutate(body, {
      onSuccess: (c) => {
        notifications.show({
          color: 'green',
          title: 'Contract saved',
          message: `${c.number} is at revision ${c.revision}.`,
        });
        onClose();
      },
    });
  }

  return (
    <form onSubmit={submit} noValidate aria-label={`Edit ${contract.number}`}>
      <Stack gap="md">
        <StaleRevisionAlert error={update.error} what="contract" onReload={() => void onReload()} />
        {general ? <ErrorAlert error={general} title="Could not save the contract" /> : null}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput
            label="Contract number"
            required
            value={number}
            onChange={(e) => setNumber(e.currentTarget.value)}
            error={fields['number']}
            data-autofocus
          />
          {contract.unit === 'service_units' ? (
            <TextInput
              label="Service units per hour"
              value={unitsPerHour}
              onChange={(e) => setUnitsPerHour(e.currentTarget.value)}
              error={fields['unitsPerHour']}
            />
          ) : (
            <div />
          )}
          <TextInput
            label="Term start"
            type="date"
            required
            value={termStart}
            onChange={(e) => setTermStart(e.currentTarget.value)}
            error={fields['termStart']}
          />
          <TextInput
            label="Term end"
            type="date"
            required
            value={termEnd}
            onChange={(e) => setTermEnd(e.currentTarget.value)}
            error={fields['termEnd']}
          />
        </SimpleGrid>
        <Divider />
        <SettingsFields draft={draft} onChange={setDraft} unit={contract.unit} errors={errors} show="all" />
        <Text size="xs" c="dimmed">
          Editing revision {contract.revision}. If someone saves in between, you will be asked to reload.
        </Text>
        <FormActions onCancel={onClose} submit="Save" loading={update.isPending} disabled={stale} />
      </Stack>
    </form>
  );
}
