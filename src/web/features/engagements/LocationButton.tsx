import { Button, Checkbox, Modal, Radio, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconMapPin } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useSites } from '../customers/customers.api.ts';
import { splitError } from '../customers/form.ts';
import { FormFooter } from '../requests/FormFooter.tsx';
import { ReasonField } from './EngagementParts.tsx';
import { useEngagementMutation } from './engagements.api.ts';
import { deliveryModeLabels } from './engagements.labels.ts';
import type { Engagement } from './engagements.types.ts';

type Mode = Engagement['deliveryMode'];
const modes: Mode[] = ['onsite', 'hybrid', 'remote'];

/** POST /engagements/{id}/location: mode and sites, with the reason the customer's contacts are told. */
const useChangeLocation = (id: string) =>
  useEngagementMutation((body: { deliveryMode: Mode; siteIds: string[]; reason: string; revision: number }) =>
    api<Engagement>(`/engagements/${encodeURIComponent(id)}/location`, { method: 'POST', body }),
  );

function LocationForm({ engagement: e, onClose }: { engagement: Engagement; onClose: () => void }) {
  const sites = useSites(e.customerId);
  const change = useChangeLocation(e.id);
  const [mode, setMode] = useState<Mode>(e.deliveryMode);
  const [siteIds, setSiteIds] = useState<string[]>(e.siteIds);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState<Record<string, string>>({});
  const { fields, general } = splitError(change.error, ['reason', 'siteIds', 'deliveryMode']);
  const errors = { ...fields, ...missing };

  function submit(ev: FormEvent) {
    ev.preventDefault();
    const found: Record<string, string> = {};
    if (!reason.trim()) found['reason'] = 'Say why the location changes: the customer’s contacts are told.';
    if (mode !== 'remote' && siteIds.length === 0) found['siteIds'] = 'Choose at least one site, or deliver remotely.';
    setMissing(found);
    if (Object.keys(found).length) return change.reset();
    change.mutate(
      { deliveryMode: mode, siteIds: mode === 'remote' ? [] : siteIds, reason: reason.trim(), revision: e.revision },
      {
        onSuccess: () => {
          notifications.show({
            color: 'green',
            title: 'Location changed',
            message: 'The customer’s approving contacts are told by email.',
          });
          onClose();
        },
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {general ? <ErrorAlert error={general} title="The location was not changed" /> : null}
        <Radio.Group label="Delivered" value={mode} onChange={(v) => setMode(v as Mode)} error={errors['deliveryMode']}>
          <Stack gap={4} mt={4}>
            {modes.map((m) => (
              <Radio key={m} value={m} label={deliveryModeLabels[m]} />
            ))}
          </Stack>
        </Radio.Group>
        {mode !== 'remote' ? (
          <Checkbox.Group label="Sites" value={siteIds} onChange={setSiteIds} error={errors['siteIds']}>
            <Stack gap={4} mt={4}>
              {sites.error ? <ErrorAlert error={sites.error} title="Could not load the customer's sites" /> : null}
              {(sites.data?.items ?? []).map((s) => (
                <Checkbox key={s.id} value={s.id} label={`${s.name} (${s.address})`} />
              ))}
              {sites.data && sites.data.items.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {e.customerName} has no site yet: add one on the customer page, or deliver remotely.
                </Text>
              ) : null}
            </Stack>
          </Checkbox.Group>
        ) : null}
        <ReasonField
          label="Reason"
          description="Told to the customer’s approving contacts"
          required
          value={reason}
          onChange={setReason}
          error={errors['reason']}
        />
        <FormFooter onCancel={onClose} submitLabel="Change location" pending={change.isPending} />
      </Stack>
    </form>
  );
}

/** An IR manager redefines where the engagement is delivered (site and/or mode) at the point of delivery. */
export function LocationButton({ engagement: e }: { engagement: Engagement }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        size="compact-sm"
        variant="light"
        leftSection={<IconMapPin size={14} aria-hidden />}
        onClick={() => setOpen(true)}
      >
        Change location
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={`Where ${e.number} is delivered`}>
        {open ? <LocationForm engagement={e} onClose={() => setOpen(false)} /> : null}
      </Modal>
    </>
  );
}
