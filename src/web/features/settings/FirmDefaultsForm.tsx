import { Button, Group, Select, SimpleGrid, Stack, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { TimeZoneSelect } from '../customers/CustomerDialogs.tsx';
import { currencyOptions } from '../expenses/money.ts';
import { splitError } from '../requests/RequestActions.tsx';
import type { FirmSettings } from '../requests/requests.types.ts';
import { useSaveFirmSettings } from './settings.api.ts';

/** "EUR · Euro": the code people type, and the name the browser knows for it. */
function currencyData() {
  const names = typeof Intl.DisplayNames === 'function' ? new Intl.DisplayNames(['en'], { type: 'currency' }) : null;
  const label = (code: string) => {
    const name = names?.of(code);
    return name && name !== code ? `${code} · ${name}` : code;
  };
  return currencyOptions.map((g) => ({
    group: g.group,
    items: g.items.map((i) => ({ value: i.value, label: label(i.value) })),
  }));
}

const currencies = currencyData();

/**
 * The firm's defaults (admin): the currency of expenses whose contract has no commercial terms, and the time
 * zone of emails to staff users without their own; changed together with a reason (PATCH /settings).
 */
export function FirmDefaultsForm({ current }: { current: FirmSettings }) {
  const [currency, setCurrency] = useState(current.defaultCurrency);
  const [timeZone, setTimeZone] = useState(current.profile.timeZone);
  const [reason, setReason] = useState('');
  const { update, save } = useSaveFirmSettings(
    { title: 'Defaults saved', message: 'New expenses and emails to staff use them from now on.' },
    () => setReason(''),
  );
  const [missing, setMissing] = useState<Record<string, string>>({});
  const { fields: errors, general } = splitError(update.error);
  const currencyChanged = currency !== current.defaultCurrency;
  const zoneChanged = timeZone !== current.profile.timeZone;

  function submit(e: FormEvent) {
    e.preventDefault();
    const empty: Record<string, string> = {};
    if (!currency) empty['defaultCurrency'] = 'Choose the currency expenses start in, such as EUR or USD.';
    if (!timeZone) empty['timeZone'] = 'Choose the time zone, such as Europe/Berlin: type a city to find it.';
    setMissing(empty);
    if (Object.keys(empty).length) return;
    save(
      {
        ...(currencyChanged ? { defaultCurrency: currency } : {}),
        ...(zoneChanged ? { profile: { timeZone } } : {}),
      },
      reason,
    );
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Currency and time zone">
      <Stack gap="md">
        {general ? <ErrorAlert error={general} title="Nothing was changed" /> : null}
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <Select
            label="Default currency"
            description="New expenses start in it when their contract names no currency of its own."
            data={currencies}
            value={currency || null}
            onChange={(v) => setCurrency(v ?? '')}
            searchable
            nothingFoundMessage="No currency in circulation has that code or name"
            required
            limit={60}
            maxDropdownHeight={280}
            comboboxProps={{ withinPortal: true }}
            error={missing['defaultCurrency'] ?? errors['defaultCurrency']}
          />
          <TimeZoneSelect
            label="Default time zone"
            description="Emails to staff users who have not chosen their own time zone are written in it."
            value={timeZone}
            onChange={setTimeZone}
            error={missing['timeZone'] ?? errors['profile.timeZone']}
          />
        </SimpleGrid>
        <Textarea
          label="Reason for the change"
          description="Required; kept in the audit log with the old and new values."
          required
          autosize
          minRows={2}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={errors['reason']}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={update.isPending} disabled={!currencyChanged && !zoneChanged}>
            Save defaults
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
