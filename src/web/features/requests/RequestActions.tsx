import { Alert, Button, Modal, NativeSelect, Stack, Switch, Text, Textarea } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent, type ReactNode } from 'react';
import { incidentTypes, severities, type IncidentType, type Severity } from '../../../shared/domain.ts';
import { isApiError } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FormFooter } from './FormFooter.tsx';
import { formatDateTime } from '../../components/DateTime.tsx';
import { contractLabel, isoToPicker, pickerToIso, readerTimeZone } from './format.ts';
import {
  useContractOptions,
  useRecordMilestone,
  useRejectRequest,
  useUpdateRequest,
  useWithdrawRequest,
} from './requests.api.ts';
import { incidentTypeLabels, severityInfo, slaKindLabels } from './requests.labels.ts';
import type { ServiceRequest, ServiceRequestDetail, SlaKind } from './requests.types.ts';
import { useNow } from './useNow.ts';

/** Field errors of a failed save, and the failure itself when it is not about one field. */
export function splitError(e: unknown): { fields: Record<string, string>; general: unknown } {
  if (!isApiError(e)) return { fields: {}, general: e ?? null };
  const fields = e.fieldErrors();
  return Object.keys(fields).length ? { fields, general: null } : { fields: {}, general: e };
}

interface ReasonProps {
  onClose: () => void;
  title: string;
  children: ReactNode;
  reasonLabel: string;
  required: boolean;
  confirm: string;
  color: string;
  pending: boolean;
  error: unknown;
  onConfirm: (reason: string) => void;
}

/** A confirmation with a reason (required or optional), for reject and withdraw; a fresh form each time it opens. */
function ReasonDialog({ opened, ...p }: ReasonProps & { opened: boolean }) {
  return (
    <Modal opened={opened} onClose={p.onClose} title={p.title}>
      {opened ? <ReasonForm {...p} /> : null}
    </Modal>
  );
}

function ReasonForm({
  onClose,
  title,
  children,
  reasonLabel,
  required,
  confirm,
  color,
  pending,
  error,
  onConfirm,
}: ReasonProps) {
  const [reason, setReason] = useState('');
  const { fields, general } = splitError(error);
  function submit(e: FormEvent) {
    e.preventDefault();
    onConfirm(reason.trim());
  }
  return (
    <form onSubmit={submit} noValidate aria-label={title}>
      <Stack gap="md">
        {general ? <ErrorAlert error={general} title="Nothing was changed" /> : null}
        <Text size="sm">{children}</Text>
        <Textarea
          label={reasonLabel}
          required={required}
          autosize
          minRows={2}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={fields['reason']}
          data-autofocus
        />
        <FormFooter
          onCancel={onClose}
          cancelLabel="Keep the request"
          submitLabel={confirm}
          pending={pending}
          color={color}
        />
      </Stack>
    </form>
  );
}

/** A button that asks for a reason, then changes the request (withdraw, reject) and says so. */
function ReasonButton({
  label,
  dialog,
  done,
  mutation,
  send,
}: {
  label: string;
  dialog: Omit<ReasonProps, 'onClose' | 'pending' | 'error' | 'onConfirm' | 'color'>;
  done: { title: string; message: string };
  mutation: { isPending: boolean; error: unknown; reset: () => void };
  send: (reason: string, onSuccess: () => void) => void;
}) {
  const [open, setOpen] = useState(false);
  const close = () => {
    mutation.reset();
    setOpen(false);
  };
  return (
    <>
      <Button variant="outline" color="red" onClick={() => setOpen(true)}>
        {label}
      </Button>
      <ReasonDialog
        opened={open}
        onClose={close}
        color="red"
        pending={mutation.isPending}
        error={mutation.error}
        onConfirm={(reason) =>
          send(reason, () => {
            notifications.show({ color: 'gray', ...done });
            close();
          })
        }
        {...dialog}
      />
    </>
  );
}

/** Withdraw a request (the customer's requesters and approvers, or an IR manager on their behalf). */
export function WithdrawButton({ request: r }: { request: ServiceRequest }) {
  const withdraw = useWithdrawRequest();
  return (
    <ReasonButton
      label="Withdraw"
      mutation={withdraw}
      dialog={{
        title: 'Withdraw this request?',
        reasonLabel: 'Reason (optional)',
        required: false,
        confirm: 'Withdraw request',
        children:
          'The IR firm stops working on it and its response clocks stop. This cannot be undone; you can always send a new request.',
      }}
      done={{ title: 'Request withdrawn', message: 'Nobody will work on it any more.' }}
      send={(reason, onSuccess) => withdraw.mutate({ id: r.id, ...(reason ? { reason } : {}) }, { onSuccess })}
    />
  );
}

/** Reject a request: duplicate, out of scope (IR manager, reason required). */
export function RejectButton({ request: r }: { request: ServiceRequest }) {
  const reject = useRejectRequest();
  return (
    <ReasonButton
      label="Reject"
      mutation={reject}
      dialog={{
        title: 'Reject this request?',
        reasonLabel: 'Reason',
        required: true,
        confirm: 'Reject request',
        children:
          'For duplicates and requests outside the retainer. The reason is kept with the request and shown to the customer.',
      }}
      done={{ title: 'Request rejected', message: 'The requester can see the reason in the portal.' }}
      send={(reason, onSuccess) => reject.mutate({ id: r.id, reason }, { onSuccess })}
    />
  );
}

/** Correct a request (description, incident type, severity, on-site need) or move it to another contract of its customer. */
export function EditRequestDialog({
  request: r,
  opened,
  onClose,
}: {
  request: ServiceRequest;
  opened: boolean;
  onClose: () => void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title="Edit request" size="lg">
      {opened ? <EditRequestForm request={r} onClose={onClose} /> : null}
    </Modal>
  );
}

function EditRequestForm({ request: request, onClose }: { request: ServiceRequest; onClose: () => void }) {
  const update = useUpdateRequest();
  const contracts = useContractOptions(request.customerId);
  const [description, setDescription] = useState(request.description);
  const [incidentType, setIncidentType] = useState<IncidentType | null>(request.incidentType);
  const [severity, setSeverity] = useState<Severity | null>(request.severity);
  const [onsite, setOnsite] = useState(request.onsiteRequired);
  const [contractId, setContractId] = useState(request.contractId);
  const [reason, setReason] = useState('');
  const { fields, general } = splitError(update.error);
  const emergency = request.kind === 'emergency';

  function submit(e: FormEvent) {
    e.preventDefault();
    const patch = {
      ...(description.trim() !== request.description ? { description: description.trim() } : {}),
      ...(emergency && incidentType !== request.incidentType && incidentType ? { incidentType } : {}),
      ...(emergency && severity !== request.severity && severity ? { severity } : {}),
      ...(onsite !== request.onsiteRequired ? { onsiteRequired: onsite } : {}),
      ...(contractId !== request.contractId ? { contractId } : {}),
    };
    if (Object.keys(patch).length === 0) return onClose();
    update.mutate(
      {
        id: request.id,
        patch: { ...patch, ...(reason.trim() ? { reason: reason.trim() } : {}), revision: request.revision },
      },
      {
        onSuccess: () => {
          notifications.show({
            color: 'green',
            title: 'Request saved',
            message: 'Flags and SLA targets were worked out again; what was met stays met.',
          });
          onClose();
        },
      },
    );
  }

  const contractOptions = (contracts.data ?? []).map((c) => ({ value: c.id, label: contractLabel(c) }));
  if (!contractOptions.some((o) => o.value === request.contractId))
    contractOptions.unshift({ value: request.contractId, label: request.contractNumber });
  return (
    <form onSubmit={submit} noValidate aria-label="Edit request">
      <Stack gap="md">
        {general ? <ErrorAlert error={general} title="Nothing was changed" /> : null}
        <NativeSelect
          label="Contract"
          description="Move the request to another contract of the same customer, for instance a new emergency retainer."
          data={contractOptions}
          value={contractId}
          onChange={(e) => setContractId(e.currentTarget.value)}
          error={fields['contractId']}
        />
        {emergency ? (
          <>
            <NativeSelect
              label="Incident type"
              data={incidentTypes.map((t) => ({ value: t, label: incidentTypeLabels[t] }))}
              value={incidentType ?? ''}
              onChange={(e) => setIncidentType(e.currentTarget.value as IncidentType)}
              error={fields['incidentType']}
            />
            <NativeSelect
              label="Severity"
              data={severities.map((s) => ({
                value: s,
                label: `${severityInfo[s].label}: ${severityInfo[s].description}`,
              }))}
              value={severity ?? ''}
              onChange={(e) => setSeverity(e.currentTarget.value as Severity)}
              error={fields['severity']}
            />
          </>
        ) : null}
        <Switch label="On site needed" checked={onsite} onChange={(e) => setOnsite(e.currentTarget.checked)} />
        <Textarea
          label="Description"
          autosize
          minRows={3}
          maxRows={10}
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
          error={fields['description']}
        />
        <Textarea
          label="Reason for the change (optional)"
          description="Kept in the audit log and the timeline."
          autosize
          minRows={1}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={fields['reason']}
        />
        <FormFooter onCancel={onClose} submitLabel="Save" pending={update.isPending} />
      </Stack>
    </form>
  );
}

/** Record when an SLA target was met (time defaults to now); a second record is a correction and needs a reason. */
export function MilestoneDialog({
  request: r,
  kind,
  onClose,
}: {
  request: ServiceRequestDetail;
  kind: SlaKind | null;
  onClose: () => void;
}) {
  return (
    <Modal
      opened={kind !== null}
      onClose={onClose}
      title={kind ? `Record: ${slaKindLabels[kind]}` : 'Record milestone'}
    >
      {kind ? <MilestoneForm key={kind} request={r} kind={kind} onClose={onClose} /> : null}
    </Modal>
  );
}

function MilestoneForm({
  request: r,
  kind,
  onClose,
}: {
  request: ServiceRequestDetail;
  kind: SlaKind;
  onClose: () => void;
}) {
  const record = useRecordMilestone();
  const now = useNow();
  const [at, setAt] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const current = r.milestones.find((m) => m.kind === kind && m.current);
  const { fields, general } = splitError(record.error);

  function submit(e: FormEvent) {
    e.preventDefault();
    record.mutate(
      {
        id: r.id,
        body: { kind, ...(at ? { at: pickerToIso(at) } : {}), ...(reason.trim() ? { reason: reason.trim() } : {}) },
      },
      {
        onSuccess: (res) => {
          const target = res.request.slaTargets.find((x) => x.kind === kind);
          notifications.show({
            color: target?.status === 'breached' ? 'orange' : 'green',
            title: `${slaKindLabels[kind]} recorded`,
            message: target ? `Target ${target.status === 'met' ? 'met' : target.status}.` : 'Recorded.',
          });
          onClose();
        },
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate aria-label={`Record ${slaKindLabels[kind]}`}>
      <Stack gap="md">
        {general ? <ErrorAlert error={general} title="Nothing was recorded" /> : null}
        {current ? (
          <Alert color="yellow" variant="light" title="Already recorded">
            <Text size="sm">
              {slaKindLabels[kind]} was recorded for {formatDateTime(current.at)} by {current.recordedBy}. Recording it
              again corrects it: give the right time and a reason.
            </Text>
          </Alert>
        ) : null}
        <DateTimePicker
          label="When"
          description={`Leave empty for now. Your time zone: ${readerTimeZone()}. Not before the request was received, not in the future.`}
          placeholder="Now"
          clearable
          value={at}
          onChange={setAt}
          minDate={isoToPicker(Date.parse(r.receivedAt))}
          maxDate={isoToPicker(now)}
          valueFormat="D MMM YYYY, HH:mm"
          error={fields['at']}
        />
        {current ? (
          <Textarea
            label="Reason for the correction"
            required
            autosize
            minRows={2}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={fields['reason']}
          />
        ) : null}
        <FormFooter
          onCancel={onClose}
          submitLabel={current ? 'Record correction' : 'Record'}
          pending={record.isPending}
        />
      </Stack>
    </form>
  );
}
