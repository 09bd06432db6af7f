import { Alert, Button, Group, Modal, NativeSelect, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconMail } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FileField, splitUploadError } from '../expenses/FileField.tsx';
import {
  useAcceptDeliverable,
  useAddVersion,
  useCreateDeliverable,
  useIssueDeliverable,
  type Deliverable,
  type DeliverableKind,
} from './deliverables.api.ts';
import { kindLabels, kindOptions } from './deliverables.labels.ts';

const fileHint =
  'Any document (PDF, DOCX, CSV…), at most 25 MB. It stays a draft, visible to your firm only, until it is issued.';
const fileCodes = ['FILE_TOO_LARGE'] as const;

/** Upload a new deliverable: kind, title, a note and the file (version 1, a draft). */
export function NewDeliverableDialog({
  engagementId,
  opened,
  onClose,
}: {
  engagementId: string;
  opened: boolean;
  onClose: () => void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title="Upload deliverable" size="lg">
      {opened ? <NewDeliverableForm engagementId={engagementId} onClose={onClose} /> : null}
    </Modal>
  );
}

function NewDeliverableForm({ engagementId, onClose }: { engagementId: string; onClose: () => void }) {
  const create = useCreateDeliverable(engagementId);
  const [kind, setKind] = useState<DeliverableKind>('final_report');
  const [title, setTitle] = useState('');
  const [note, setNote] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [tried, setTried] = useState(false);
  const { fields, general } = splitUploadError(create.error, 'file', fileCodes);

  function submit(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    if (!title.trim() || !file) return;
    create.mutate(
      { kind, title, note, file },
      {
        onSuccess: (d) => {
          notifications.show({
            color: 'green',
            title: 'Deliverable uploaded',
            message: `${d.title}, version 1, is a draft until an IR manager issues it.`,
          });
          onClose();
        },
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Upload deliverable">
      <Stack gap="md">
        {general ? <ErrorAlert error={general} title="Could not upload the deliverable" /> : null}
        <NativeSelect
          label="Kind"
          data={kindOptions}
          value={kind}
          onChange={(e) => setKind(e.currentTarget.value as DeliverableKind)}
          error={fields['kind']}
          data-autofocus
        />
        <TextInput
          label="Title"
          required
          maxLength={200}
          placeholder={`${kindLabels[kind]}: …`}
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          error={(tried && !title.trim() ? 'Give the deliverable a title.' : null) ?? fields['title']}
        />
        <Textarea
          label="Note"
          description="What this version contains (optional)."
          autosize
          minRows={2}
          maxLength={2000}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          error={fields['note']}
        />
        <FileField
          id="deliverable-file"
          label="File"
          hint={fileHint}
          file={file}
          onChange={setFile}
          error={(tried && !file ? 'Choose the file to upload.' : null) ?? fields['file']}
        />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Upload
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Add a version to a deliverable (not once it is accepted). */
export function AddVersionDialog({ deliverable, onClose }: { deliverable: Deliverable | null; onClose: () => void }) {
  return (
    <Modal
      opened={deliverable !== null}
      onClose={onClose}
      title={deliverable ? `New version of ${deliverable.title}` : 'New version'}
      size="lg"
    >
      {deliverable ? <AddVersionForm key={deliverable.id} deliverable={deliverable} onClose={onClose} /> : null}
    </Modal>
  );
}

function AddVersionForm({ deliverable, onClose }: { deliverable: Deliverable; onClose: () => void }) {
  const add = useAddVersion();
  const [note, setNote] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [tried, setTried] = useState(false);
  const { fields, general } = splitUploadError(add.error, 'file', fileCodes);

  function submit(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    if (!file) return;
    add.mutate(
      { id: deliverable.id, note, file },
      {
        onSuccess: (d) => {
          notifications.show({
            color: 'green',
            title: 'Version added',
            message: `${d.title} is at version ${d.currentVersion}${d.issuedVersion ? `; the customer still sees version ${d.issuedVersion} until you issue this one` : ''}.`,
          });
          onClose();
        },
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Add version">
      <Stack gap="md">
        <Text size="sm">
          This becomes version {deliverable.currentVersion + 1}.
          {deliverable.issuedVersion
            ? ` The customer keeps seeing version ${deliverable.issuedVersion} until it is issued.`
            : ''}
        </Text>
        {general ? <ErrorAlert error={general} title="Could not add the version" /> : null}
        <Textarea
          label="What changed"
          autosize
          minRows={2}
          maxLength={2000}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          error={fields['note']}
          data-autofocus
        />
        <FileField
          id="version-file"
          label="File"
          hint="Any document, at most 25 MB."
          file={file}
          onChange={setFile}
          error={(tried && !file ? 'Choose the file to upload.' : null) ?? fields['file']}
        />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={add.isPending}>
            Add version
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Issue the current version to the customer: says who is told, then issues exactly the version shown. */
export function IssueDialog({ deliverable, onClose }: { deliverable: Deliverable | null; onClose: () => void }) {
  const issue = useIssueDeliverable();
  function close() {
    issue.reset();
    onClose();
  }
  function confirm() {
    if (!deliverable) return;
    issue.mutate(
      { id: deliverable.id, version: deliverable.currentVersion },
      {
        onSuccess: (d) => {
          notifications.show({
            color: 'green',
            title: 'Deliverable issued',
            message: `Version ${d.issuedVersion} of ${d.title} is in the customer's portal; its contacts are being told by email.`,
          });
          close();
        },
      },
    );
  }
  return (
    <Modal
      opened={deliverable !== null}
      onClose={close}
      title={deliverable ? `Issue ${deliverable.title}` : 'Issue deliverable'}
    >
      {deliverable ? (
        <Stack gap="md">
          <Text size="sm">
            Version {deliverable.currentVersion} ({kindLabels[deliverable.kind].toLowerCase()}) becomes visible in the
            customer's portal, where they download it and their point of contact accepts it.
          </Text>
          <Alert color="blue" variant="light" icon={<IconMail size={18} aria-hidden />}>
            <Text size="sm">
              The customer's approving contacts, statement contacts and the person who requested the work each get an
              email with a link to the portal. For confidentiality the document itself is not attached.
            </Text>
          </Alert>
          {issue.error ? <ErrorAlert error={issue.error} title="Could not issue the deliverable" /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button onClick={confirm} loading={issue.isPending}>
              Issue version {deliverable.currentVersion}
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}

/** Accept the issued version (a customer's point of contact): a sign-off, recorded with who and when. */
export function AcceptDialog({ deliverable, onClose }: { deliverable: Deliverable | null; onClose: () => void }) {
  return (
    <Modal
      opened={deliverable !== null}
      onClose={onClose}
      title={deliverable ? `Accept ${deliverable.title}` : 'Accept deliverable'}
    >
      {deliverable ? <AcceptForm key={deliverable.id} deliverable={deliverable} onClose={onClose} /> : null}
    </Modal>
  );
}

function AcceptForm({ deliverable, onClose }: { deliverable: Deliverable; onClose: () => void }) {
  const accept = useAcceptDeliverable();
  const [note, setNote] = useState('');
  const version = deliverable.issuedVersion ?? deliverable.currentVersion;
  function submit(e: FormEvent) {
    e.preventDefault();
    accept.mutate(
      { id: deliverable.id, version, note },
      {
        onSuccess: (d) => {
          notifications.show({
            color: 'green',
            title: 'Deliverable accepted',
            message: `You accepted version ${d.acceptedVersion} of ${d.title}. The IR firm is told.`,
          });
          onClose();
        },
      },
    );
  }
  return (
    <form onSubmit={submit} noValidate aria-label="Accept deliverable">
      <Stack gap="md">
        <Text size="sm">
          You accept version {version} of{' '}
          <Text span fw={600}>
            {deliverable.title}
          </Text>{' '}
          as delivered, on behalf of your organisation. The acceptance is final: later changes need a new deliverable.
        </Text>
        {accept.error ? <ErrorAlert error={accept.error} title="Could not accept the deliverable" /> : null}
        <Textarea
          label="Note to the IR firm"
          description="Optional."
          autosize
          minRows={2}
          maxLength={2000}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          data-autofocus
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" color="green" loading={accept.isPending}>
            Accept version {version}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
