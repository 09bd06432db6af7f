import { Checkbox, SegmentedControl, SimpleGrid, Stack, Text } from '@mantine/core';
import { labels } from '../../../shared/labels.ts';
import type { DraftForm } from './draft.ts';
import type { DraftEditor } from './useDraftEditor.ts';
import { FormCard, WhenInput } from './WorkOrderFormParts.tsx';
import type { ServiceRequest, Site } from './workorders.types.ts';

/** The delivery card: mode, sites, proposed start and end in the customer's time zone, the lead-time hint. */
export function DeliveryCard({
  editor,
  request,
  sites,
}: {
  editor: DraftEditor;
  request: ServiceRequest | undefined;
  sites: Site[] | undefined;
}) {
  const { form, set, errors } = editor;
  const timeZone = request?.timeZone ?? 'UTC';
  const earliest = request?.kind === 'proactive' ? request.earliestStart : null;
  return (
    <FormCard title="Delivery and dates" description={`Dates and times are in the customer's time zone, ${timeZone}.`}>
      <Stack gap={4}>
        <Text size="sm" fw={500} id="mode-label">
          Delivery mode
        </Text>
        <SegmentedControl
          aria-labelledby="mode-label"
          data={[
            { value: 'remote', label: labels.deliveryMode.remote },
            { value: 'onsite', label: labels.deliveryMode.onsite },
            { value: 'hybrid', label: labels.deliveryMode.hybrid },
          ]}
          value={form.deliveryMode}
          onChange={(v) => set('deliveryMode', v as DraftForm['deliveryMode'])}
          w="fit-content"
        />
      </Stack>
      <Checkbox.Group
        label="Sites"
        description={
          form.deliveryMode === 'remote' ? 'Optional for remote work.' : 'On-site work needs at least one site.'
        }
        value={form.siteIds}
        onChange={(v) => set('siteIds', v)}
        error={errors['siteIds'] ?? Object.entries(errors).find(([k]) => k.startsWith('siteIds.'))?.[1]}
      >
        <Stack gap={6} mt={6}>
          {sites === undefined ? (
            <Text size="sm" c="dimmed">
              Loading the customer&apos;s sites…
            </Text>
          ) : null}
          {sites?.length === 0 ? (
            <Text size="sm" c="dimmed">
              The customer has no sites yet: add one on the customer&apos;s page.
            </Text>
          ) : null}
          {sites?.map((s) => (
            <Checkbox key={s.id} value={s.id} label={s.name} description={`${s.address} · ${s.timeZone}`} />
          ))}
        </Stack>
      </Checkbox.Group>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <WhenInput
          label="Proposed start"
          value={form.proposedStart}
          onChange={(v) => set('proposedStart', v)}
          error={errors['proposedStart']}
          min={earliest ?? undefined}
          timeZone={timeZone}
        />
        <WhenInput
          label="Proposed end"
          value={form.proposedEnd}
          onChange={(v) => set('proposedEnd', v)}
          error={errors['proposedEnd']}
          min={form.proposedStart.date || undefined}
          timeZone={timeZone}
        />
      </SimpleGrid>
      <Text size="sm" c="dimmed" mt={-4}>
        {earliest ? (
          <>
            Earliest allowed start: <strong>{earliest}</strong> ({request?.leadTimeDays} days&apos; lead time, counted
            from the request).
          </>
        ) : request?.kind === 'emergency' ? (
          'Emergency work may start at once.'
        ) : null}
      </Text>
    </FormCard>
  );
}
