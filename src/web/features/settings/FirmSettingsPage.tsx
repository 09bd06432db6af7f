import { Alert, Button, Card, Group, NumberInput, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { DateTime } from '../../components/DateTime.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { CardsSkeleton } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { splitError } from '../requests/RequestActions.tsx';
import type { FirmSettings } from '../requests/requests.types.ts';
import { FirmDefaultsForm } from './FirmDefaultsForm.tsx';
import { FirmLogoForm, FirmProfileForm } from './FirmProfileForm.tsx';
import { useFirmSettings, useSaveFirmSettings } from './settings.api.ts';

type StaffingWeightKey =
  | 'staffingWeightSkills'
  | 'staffingWeightAvailability'
  | 'staffingWeightTimeZone'
  | 'staffingWeightDistance'
  | 'staffingWeightLoad'
  | 'staffingWeightCertifications';
type Key = 'leadTimeDays' | 'emergencyApprovalDeadlineHours' | 'proactiveApprovalDeadlineDays' | StaffingWeightKey;

/** The staffing suggestions' weights (0–100 each; the score is their weighted mean over what applies). */
const weight = (key: StaffingWeightKey, label: string, description: string) => ({
  key,
  label: `Staffing weight: ${label}`,
  unit: '0–100',
  min: 0,
  max: 100,
  description,
});

const fields: { key: Key; label: string; unit: string; min: number; max: number; description: string }[] = [
  {
    key: 'leadTimeDays',
    label: 'Proactive lead time',
    unit: 'days',
    min: 0,
    max: 365,
    description:
      "Calendar days between a proactive request and its earliest start, counted in the customer's time zone. Raise it when demand is high; a contract's override and a longer catalog lead time still win.",
  },
  {
    key: 'emergencyApprovalDeadlineHours',
    label: 'Emergency EWO approval deadline',
    unit: 'hours',
    min: 1,
    max: 720,
    description: 'How long the customer has to approve an emergency work order after it is sent.',
  },
  {
    key: 'proactiveApprovalDeadlineDays',
    label: 'Proactive EWO approval deadline',
    unit: 'days',
    min: 1,
    max: 90,
    description: 'How long the customer has to approve a proactive work order after it is sent.',
  },
  weight('staffingWeightSkills', 'skills', 'Coverage of the required skills and levels (default 35).'),
  weight('staffingWeightAvailability', 'availability', 'Free working hours in the planned window (default 25).'),
  weight('staffingWeightTimeZone', 'time zone', "Overlap with the site's business hours, remote work (default 10)."),
  weight('staffingWeightDistance', 'distance', 'Distance from home base to the site, on-site work (default 10).'),
  weight('staffingWeightLoad', 'load', 'A light load over the next two weeks (default 10).'),
  weight('staffingWeightCertifications', 'certifications', 'Holding the preferred certifications (default 10).'),
];

function SettingsForm({ current }: { current: FirmSettings }) {
  const [reason, setReason] = useState('');
  const { update, save } = useSaveFirmSettings(
    {
      title: 'Settings saved',
      message: 'They apply to what happens from now on; requests already received keep their lead time.',
    },
    () => setReason(''),
  );
  const [values, setValues] = useState<Record<Key, number | string>>(
    () => Object.fromEntries(fields.map((f) => [f.key, current[f.key]])) as Record<Key, number>,
  );
  const { fields: errors, general } = splitError(update.error);
  const changed = fields.filter((f) => values[f.key] !== '' && Number(values[f.key]) !== current[f.key]);

  function submit(e: FormEvent) {
    e.preventDefault();
    const patch = Object.fromEntries(changed.map((f) => [f.key, Number(values[f.key])]));
    save(patch, reason);
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Firm-wide settings">
      <Stack gap="lg">
        {general ? <ErrorAlert error={general} title="Nothing was changed" /> : null}
        <SimpleGrid cols={{ base: 1, md: 3 }} spacing="lg">
          {fields.map((f) => (
            <NumberInput
              key={f.key}
              label={`${f.label} (${f.unit})`}
              description={f.description}
              min={f.min}
              max={f.max}
              allowDecimal={false}
              allowNegative={false}
              value={values[f.key]}
              onChange={(v) => setValues((s) => ({ ...s, [f.key]: v }))}
              error={errors[f.key]}
            />
          ))}
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
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            {changed.length ? `Changing: ${changed.map((f) => f.label.toLowerCase()).join(', ')}.` : 'No changes yet.'}
          </Text>
          <Button type="submit" loading={update.isPending} disabled={changed.length === 0}>
            Save settings
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * Settings → Firm settings (admin): the proactive lead time, the EWO approval deadlines and the staffing weights;
 * the default currency and time zone; the firm's profile and logo; each changed with a reason.
 */
export function FirmSettingsPage() {
  const query = useFirmSettings();
  return (
    <>
      <PageHeader
        title="Firm settings"
        description="Rules that apply to every customer unless a contract says otherwise."
      />
      {query.error ? (
        <ErrorAlert error={query.error} title="Could not load the settings" onRetry={() => void query.refetch()} />
      ) : null}
      {query.isPending ? <CardsSkeleton count={1} /> : null}
      {query.data ? (
        <Stack gap="lg">
          <Card>
            <Title order={2} fz="h4" mb="md">
              Lead time and approval deadlines
            </Title>
            <SettingsForm key={`${query.data.updatedAt ?? 'default'}`} current={query.data} />
          </Card>
          <Card>
            <Title order={2} fz="h4" mb="md">
              Currency and time zone
            </Title>
            <FirmDefaultsForm key={`defaults-${query.data.updatedAt ?? 'default'}`} current={query.data} />
          </Card>
          <Card>
            <Title order={2} fz="h4" mb="md">
              Firm profile
            </Title>
            <Stack gap="xl">
              <FirmProfileForm key={`profile-${query.data.updatedAt ?? 'default'}`} current={query.data.profile} />
              <FirmLogoForm current={query.data.profile} />
            </Stack>
          </Card>
          <Alert variant="light" color="gray" icon={<IconInfoCircle size={18} aria-hidden />}>
            <Text size="sm">
              {query.data.updatedAt ? (
                <>
                  Last changed <DateTime value={query.data.updatedAt} /> by {query.data.updatedBy ?? 'unknown'}.{' '}
                </>
              ) : (
                'These are the defaults; nobody has changed them yet. '
              )}
              Changes apply to requests and work orders from now on; every change is in the audit log.
            </Text>
          </Alert>
        </Stack>
      ) : null}
    </>
  );
}
