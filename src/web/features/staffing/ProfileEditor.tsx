import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  NativeSelect,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMemo, useState, type FormEvent } from 'react';
import {
  travelReadinessLabels,
  travelReadinessValues,
  type ConsultantProfile,
  type TravelReadiness,
} from '../../../shared/contracts/staffing.ts';
import { isApiError } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { timeZoneOptions } from '../customers/form.ts';
import { bodyOf, errorUnder, formOf, rowKey, type CertificationRow, type ProfileFormState } from './profile-form.ts';
import { useCertifications, usePatchConsultant } from './staffing.api.ts';

const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Certifications with the dates obtained and of expiry; an expired one is marked as such. */
function CertificationsField({
  rows,
  setRows,
  errors,
  profile,
}: {
  rows: CertificationRow[];
  setRows: (rows: CertificationRow[]) => void;
  errors: Record<string, string>;
  profile: ConsultantProfile;
}) {
  const catalog = useCertifications();
  const change = (i: number, patch: Partial<CertificationRow>) =>
    setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const stored = (r: CertificationRow) =>
    profile.certifications.find((c) => c.certificationId === r.certificationId && (c.expiresOn ?? '') === r.expiresOn);
  return (
    <Stack gap="xs">
      <Text size="sm" fw={500}>
        Certifications
      </Text>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          No certifications recorded.
        </Text>
      ) : null}
      {rows.map((r, i) => {
        const options = (catalog.data ?? [])
          .filter((c) => c.active || c.id === r.certificationId)
          .map((c) => ({ value: c.id, label: `${c.code} (${c.name})` }));
        const label = catalog.data?.find((c) => c.id === r.certificationId)?.code ?? `certification ${i + 1}`;
        return (
          <Group key={r.key} align="flex-start" gap="xs" wrap="wrap">
            <NativeSelect
              aria-label={`Certification ${i + 1}`}
              data={[{ value: '', label: 'Choose…' }, ...options]}
              value={r.certificationId}
              onChange={(e) => change(i, { certificationId: e.currentTarget.value })}
              error={errors[`certifications.${i}.certificationId`]}
              w={260}
            />
            <TextInput
              type="date"
              label="Obtained"
              aria-label={`${label}: obtained on`}
              value={r.obtainedOn}
              onChange={(e) => change(i, { obtainedOn: e.currentTarget.value })}
              error={errors[`certifications.${i}.obtainedOn`]}
              w={170}
            />
            <TextInput
              type="date"
              label="Expires"
              aria-label={`${label}: expires on`}
              value={r.expiresOn}
              onChange={(e) => change(i, { expiresOn: e.currentTarget.value })}
              error={errors[`certifications.${i}.expiresOn`]}
              w={170}
            />
            {stored(r)?.expired ? (
              <Badge color="red" variant="light" mt={30} tt="none">
                Expired
              </Badge>
            ) : null}
            <ActionIcon
              variant="subtle"
              color="gray"
              mt={30}
              aria-label={`Remove ${label}`}
              onClick={() => setRows(rows.filter((_, j) => j !== i))}
            >
              <IconTrash size={16} aria-hidden />
            </ActionIcon>
          </Group>
        );
      })}
      <Group>
        <Button
          variant="light"
          size="xs"
          leftSection={<IconPlus size={14} aria-hidden />}
          onClick={() => setRows([...rows, { key: rowKey(), certificationId: '', obtainedOn: '', expiresOn: '' }])}
        >
          Add certification
        </Button>
      </Group>
    </Stack>
  );
}

/** Field errors the API named, merged under the client's own (same keys). */
function apiFieldErrors(error: unknown): Record<string, string> {
  return isApiError(error) ? error.fieldErrors() : {};
}

/** The managers' editor of a whole profile (skills and time off have their own cards): one form, one save. */
// eslint-disable-next-line max-lines-per-function -- one form: home base, working hours, travel, on call, languages, certifications
export function ProfileEditor({ profile }: { profile: ConsultantProfile }) {
  const patch = usePatchConsultant(profile.userId);
  const zones = useMemo(() => timeZoneOptions(), []);
  const [form, setForm] = useState<ProfileFormState>(() => formOf(profile));
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const set = <K extends keyof ProfileFormState>(key: K, value: ProfileFormState[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const errors = { ...apiFieldErrors(patch.error), ...clientErrors };
  // A refusal naming no field, or a field this form does not show, is shown whole so that no message is lost.
  const shown = /^(title|languages|homeBase|workingHours|travelReadiness|travelDocuments|certifications)\b/;
  const apiKeys = Object.keys(apiFieldErrors(patch.error));
  const general = patch.error && (apiKeys.length === 0 || apiKeys.some((k) => !shown.test(k))) ? patch.error : null;

  function submit(e: FormEvent) {
    e.preventDefault();
    const { body, errors: found } = bodyOf(form, profile.revision);
    setClientErrors(found);
    if (!body) return patch.reset();
    // mutateAsync: the saved profile's new revision remounts this form, which would drop mutate's callbacks.
    patch
      .mutateAsync(body)
      .then((saved) => notifications.show({ color: 'green', message: `The profile of ${saved.name} is saved.` }))
      .catch(() => undefined);
  }

  const invalid = Object.keys(errors).length > 0;
  return (
    <Card withBorder>
      <form onSubmit={submit} noValidate aria-label="Profile">
        <Stack gap="md">
          <Title order={2} fz="h4">
            Profile
          </Title>
          {general ? <ErrorAlert error={general} title="The profile was not saved" /> : null}
          {invalid ? (
            <Alert color="red" variant="light" role="alert" title="The profile was not saved">
              Correct the fields marked below and save again.
            </Alert>
          ) : null}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="Job title"
              value={form.title}
              onChange={(e) => set('title', e.currentTarget.value)}
              error={errors['title']}
            />
            <TagsInput
              label="Languages"
              description="Language codes, Enter after each: en, de, pt-BR."
              value={form.languages}
              onChange={(v) => set('languages', v)}
              error={errorUnder(errors, 'languages')}
            />
          </SimpleGrid>
          <Title order={3} fz="h5">
            Home base
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
            <TextInput
              label="City"
              value={form.city}
              onChange={(e) => set('city', e.currentTarget.value)}
              error={errors['homeBase.city']}
            />
            <TextInput
              label="Country"
              description="Two-letter code, e.g. DE"
              maxLength={2}
              value={form.country}
              onChange={(e) => set('country', e.currentTarget.value.toUpperCase())}
              error={errors['homeBase.country']}
            />
            <Select
              label="Time zone"
              searchable
              allowDeselect={false}
              data={zones}
              value={form.timeZone || null}
              onChange={(v) => set('timeZone', v ?? '')}
              error={errors['homeBase.timeZone']}
            />
            <TextInput
              label="Latitude"
              description="Decimal degrees, north positive"
              inputMode="decimal"
              value={form.latitude}
              onChange={(e) => set('latitude', e.currentTarget.value)}
              error={errors['homeBase.latitude']}
            />
            <TextInput
              label="Longitude"
              description="Decimal degrees, east positive"
              inputMode="decimal"
              value={form.longitude}
              onChange={(e) => set('longitude', e.currentTarget.value)}
              error={errors['homeBase.longitude']}
            />
          </SimpleGrid>
          <Title order={3} fz="h5">
            Working hours (in the consultant’s zone)
          </Title>
          <Group align="flex-start" wrap="wrap">
            <Checkbox.Group
              label="Working days"
              value={form.days}
              onChange={(v) => set('days', v)}
              error={errorUnder(errors, 'workingHours.days')}
            >
              <Group gap="xs" mt={6}>
                {weekdays.map((d, i) => (
                  <Checkbox key={d} value={String(i + 1)} label={d} />
                ))}
              </Group>
            </Checkbox.Group>
            <TextInput
              type="time"
              label="From"
              value={form.start}
              onChange={(e) => set('start', e.currentTarget.value)}
              error={errors['workingHours.start']}
              w={130}
            />
            <TextInput
              type="time"
              label="To"
              value={form.end}
              onChange={(e) => set('end', e.currentTarget.value)}
              error={errors['workingHours.end']}
              w={130}
            />
          </Group>
          <Title order={3} fz="h5">
            Travel and on call
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NativeSelect
              label="Travel readiness"
              data={travelReadinessValues.map((v) => ({ value: v, label: travelReadinessLabels[v] }))}
              value={form.travelReadiness}
              onChange={(e) => set('travelReadiness', e.currentTarget.value as TravelReadiness)}
              error={errors['travelReadiness']}
            />
            <Switch
              mt={28}
              label="Eligible for the on-call rota"
              checked={form.onCallEligible}
              onChange={(e) => set('onCallEligible', e.currentTarget.checked)}
            />
          </SimpleGrid>
          <Textarea
            label="Travel documents"
            description="Passport validity, visas, security clearances (managers and the consultant only)."
            autosize
            minRows={2}
            value={form.travelDocuments}
            onChange={(e) => set('travelDocuments', e.currentTarget.value)}
            error={errors['travelDocuments']}
          />
          <CertificationsField
            rows={form.certifications}
            setRows={(rows) => set('certifications', rows)}
            errors={errors}
            profile={profile}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={patch.isPending}>
              Save profile
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
