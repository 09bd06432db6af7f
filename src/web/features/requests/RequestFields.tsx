import '@mantine/dates/styles.css';
import {
  Alert,
  Card,
  Group,
  NativeSelect,
  Radio,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Table,
  Text,
  Textarea,
} from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { IconCalendarDue } from '@tabler/icons-react';
import { incidentTypes, severities, type IncidentType, type Severity } from '../../../shared/domain.ts';
import { CalendarDate } from '../../components/DateTime.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { dateText } from './format.ts';
import { useCatalogOptions, useLeadTime } from './requests.api.ts';
import { deliverableLabels, incidentTypeLabels, severityInfo, targetDuration } from './requests.labels.ts';
import type { CatalogItem, Contract } from './requests.types.ts';
import type { RequestDraft } from './request-draft.ts';

type Errors = Record<string, string | undefined>;
type Change = (patch: Partial<RequestDraft>) => void;

const incidentOptions = [
  { value: '', label: 'Choose the kind of incident…' },
  ...incidentTypes.map((t) => ({ value: t, label: incidentTypeLabels[t] })),
];

/** Emergency: incident type, severity in plain words with the contract's response targets, on-site need. */
export function EmergencyFields({
  draft,
  onChange,
  errors,
  contract,
}: {
  draft: RequestDraft;
  onChange: Change;
  errors: Errors;
  contract: Contract | undefined;
}) {
  const sla = contract?.settings.slaTargets;
  return (
    <Stack gap="md">
      <NativeSelect
        label="What is happening?"
        required
        data={incidentOptions}
        value={draft.incidentType}
        onChange={(e) => onChange({ incidentType: e.currentTarget.value as IncidentType | '' })}
        error={errors['incidentType']}
      />
      <Radio.Group
        label="How bad is it?"
        description="Choose the closest; it can be corrected after the first call."
        required
        value={draft.severity}
        onChange={(v) => onChange({ severity: v as Severity })}
        error={errors['severity']}
      >
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" mt="xs">
          {severities.map((s) => {
            const target = sla?.[s];
            return (
              <Radio.Card
                key={s}
                value={s}
                radius="md"
                p="md"
                aria-label={`${severityInfo[s].label}: ${severityInfo[s].description}`}
              >
                <Group wrap="nowrap" align="flex-start" gap="sm">
                  <Radio.Indicator />
                  <div>
                    <Text fw={700} size="sm">
                      {severityInfo[s].label}
                    </Text>
                    <Text size="sm">{severityInfo[s].description}</Text>
                    {target ? (
                      <Text size="xs" c="dimmed" mt={4}>
                        First call back within {targetDuration(target.initialContactMinutes)}; remote work within{' '}
                        {targetDuration(target.remoteStartMinutes)}
                        {target.onsiteArrivalMinutes
                          ? `; on site within ${targetDuration(target.onsiteArrivalMinutes)}`
                          : '; on site by agreement'}
                        .
                      </Text>
                    ) : null}
                  </div>
                </Group>
              </Radio.Card>
            );
          })}
        </SimpleGrid>
      </Radio.Group>
      <Switch
        label="Someone is needed on site"
        description="Responders can start remotely while others travel to you."
        checked={draft.onsiteRequired}
        onChange={(e) => onChange({ onsiteRequired: e.currentTarget.checked })}
      />
    </Stack>
  );
}

/** The standard scope of a catalog item: description, sizes with effort and price, deliverables, lead time. */
export function CatalogItemSummary({ item }: { item: CatalogItem }) {
  return (
    <Card withBorder padding="md" bg="gray.0" aria-label={`About ${item.name}`}>
      <Stack gap="sm">
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {item.description}
        </Text>
        {item.sizes.length ? (
          <Table.ScrollContainer minWidth={420}>
            <Table
              aria-label={`Sizes of ${item.name}`}
              withTableBorder={false}
              verticalSpacing={4}
              highlightOnHover={false}
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Size</Table.Th>
                  <Table.Th>Estimated effort</Table.Th>
                  <Table.Th>Fixed price</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {item.sizes.map((s) => (
                  <Table.Tr key={s.code}>
                    <Table.Td>{s.label ? `${s.code} · ${s.label}` : s.code}</Table.Td>
                    <Table.Td>{s.estimate.display}</Table.Td>
                    <Table.Td>
                      {[s.fixedPriceInUnits?.display, s.fixedPriceInHours?.display].filter(Boolean).join(' or ') ||
                        'time and materials'}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : null}
        <Group gap="xl" wrap="wrap">
          <Text size="sm">
            <strong>Lead time:</strong> {item.leadTimeDays} days or more
          </Text>
          {item.deliverables.length ? (
            <Text size="sm">
              <strong>Deliverables:</strong> {item.deliverables.map((d) => deliverableLabels[d]).join(', ')}
            </Text>
          ) : null}
        </Group>
      </Stack>
    </Card>
  );
}

/**
 * Proactive: a service of the catalog (with its scope, sizes and lead time) and the desired start, whose
 * picker greys out every day before the earliest allowed start (GET /requests/lead-time, counted in the
 * customer's time zone). `refusedEarliest` is the server's earliest date after a LEAD_TIME_TOO_SHORT.
 */
export function ProactiveFields({
  draft,
  onChange,
  errors,
  contractId,
  refusedEarliest,
}: {
  draft: RequestDraft;
  onChange: Change;
  errors: Errors;
  contractId: string | null;
  refusedEarliest: string | null;
}) {
  const catalog = useCatalogOptions('proactive');
  const lead = useLeadTime(contractId, draft.catalogItemId || null);
  const item = catalog.data?.find((i) => i.id === draft.catalogItemId);
  const serverEarliest = lead.data?.earliestStart ?? null;
  const earliest =
    [serverEarliest, refusedEarliest]
      .filter((d): d is string => Boolean(d))
      .sort()
      .at(-1) ?? null;
  const options = [
    { value: '', label: catalog.isPending ? 'Loading the catalog…' : 'Choose a service…' },
    ...(catalog.data ?? []).map((i) => ({ value: i.id, label: i.name })),
  ];

  return (
    <Stack gap="md">
      {catalog.error ? (
        <ErrorAlert
          error={catalog.error}
          title="Could not load the service catalog"
          onRetry={() => void catalog.refetch()}
        />
      ) : null}
      <NativeSelect
        label="Service"
        required
        data={options}
        value={draft.catalogItemId}
        onChange={(e) => onChange({ catalogItemId: e.currentTarget.value, desiredStart: null })}
        error={errors['catalogItemId']}
      />
      {item ? <CatalogItemSummary item={item} /> : null}
      {lead.error ? (
        <ErrorAlert
          error={lead.error}
          title="Could not work out the earliest start"
          onRetry={() => void lead.refetch()}
        />
      ) : null}
      {lead.data && !lead.data.contractActive ? (
        <Alert color="orange" variant="light" title="The contract is not active today">
          <Text size="sm">
            Proactive work needs an active retainer. Choose another contract, or ask your account team about a renewal.
          </Text>
        </Alert>
      ) : null}
      {draft.catalogItemId && lead.isPending && !lead.error ? (
        <Skeleton height={60} />
      ) : (
        <DatePickerInput
          // A new earliest date (the server refused an earlier one) opens the calendar on its month.
          key={earliest ?? 'none'}
          label="Desired start"
          required
          placeholder={earliest ? 'Pick a day' : 'Choose a service first'}
          leftSection={<IconCalendarDue size={18} aria-hidden />}
          description={
            earliest && lead.data ? (
              <span data-testid="earliest-start">
                Earliest allowed start:{' '}
                <strong>
                  <CalendarDate value={earliest} />
                </strong>{' '}
                ({lead.data.leadTimeDays} days&apos; lead time from today, {dateText(lead.data.today)}, in{' '}
                {lead.data.timeZone}). Earlier days are greyed out.
              </span>
            ) : (
              'The earliest allowed start depends on the service and your contract.'
            )
          }
          value={draft.desiredStart}
          onChange={(v) => onChange({ desiredStart: v })}
          minDate={earliest ?? undefined}
          defaultDate={earliest ?? undefined}
          disabled={!earliest}
          valueFormat="D MMMM YYYY"
          firstDayOfWeek={1}
          error={errors['desiredStart']}
          popoverProps={{ withinPortal: true }}
        />
      )}
    </Stack>
  );
}

/** What the customer tells us in their own words. */
export function DescriptionField({
  draft,
  onChange,
  error,
  kind,
}: {
  draft: RequestDraft;
  onChange: Change;
  error: string | undefined;
  kind: RequestDraft['kind'];
}) {
  return (
    <Textarea
      label={kind === 'emergency' ? 'What do you see?' : 'What do you need?'}
      description={
        kind === 'emergency'
          ? 'Affected systems and sites, when it started, what you have done so far, and the best number to call you back on.'
          : 'Goals, audience or systems in scope, preferred dates, and anything we should know before the scoping call.'
      }
      required
      autosize
      minRows={4}
      maxRows={12}
      value={draft.description}
      onChange={(e) => onChange({ description: e.currentTarget.value })}
      error={error}
    />
  );
}

/** The fields of the draft's kind, then the description: the part the portal form and the staff intake share. */
export function KindFields({
  draft,
  onChange,
  errors,
  contract,
  refusedEarliest,
}: {
  draft: RequestDraft;
  onChange: Change;
  errors: Errors;
  contract: Contract | undefined;
  refusedEarliest: string | null;
}) {
  return (
    <Stack gap="md">
      {draft.kind === 'emergency' ? (
        <EmergencyFields draft={draft} onChange={onChange} errors={errors} contract={contract} />
      ) : (
        <ProactiveFields
          draft={draft}
          onChange={onChange}
          errors={errors}
          contractId={contract?.id ?? null}
          refusedEarliest={refusedEarliest}
        />
      )}
      <DescriptionField draft={draft} onChange={onChange} error={errors['description']} kind={draft.kind} />
    </Stack>
  );
}
