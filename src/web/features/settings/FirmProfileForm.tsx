import {
  ActionIcon,
  Button,
  FileInput,
  Group,
  Image,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash, IconUpload } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { splitError } from '../requests/RequestActions.tsx';
import { useRemoveLogo, useUploadLogo, type FirmHotline, type FirmProfile } from './firm.api.ts';
import { useSaveFirmSettings } from './settings.api.ts';

type Editable = {
  name: string;
  postalAddress: string;
  hotlines: FirmHotline[];
  supportEmail: string;
  website: string;
};

const editableOf = (p: FirmProfile): Editable => ({
  name: p.name,
  postalAddress: p.postalAddress,
  hotlines: p.hotlines.length ? p.hotlines : [],
  supportEmail: p.supportEmail ?? '',
  website: p.website ?? '',
});

/** The profile fields that differ from the stored ones, as PATCH /settings takes them (empty optional → null). */
function changesOf(current: FirmProfile, v: Editable): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (v.name.trim() !== current.name) out['name'] = v.name.trim();
  if (v.postalAddress.trim() !== current.postalAddress) out['postalAddress'] = v.postalAddress.trim();
  const hotlines = v.hotlines.filter((h) => h.label.trim() || h.number.trim());
  if (JSON.stringify(hotlines) !== JSON.stringify(current.hotlines)) out['hotlines'] = hotlines;
  if ((v.supportEmail.trim() || null) !== current.supportEmail) out['supportEmail'] = v.supportEmail.trim() || null;
  if ((v.website.trim() || null) !== current.website) out['website'] = v.website.trim() || null;
  return out;
}

/** The hotline rows: label and number each, up to five. */
function HotlinesEditor(props: {
  hotlines: FirmHotline[];
  onChange: (hotlines: FirmHotline[]) => void;
  error: (path: string) => string | undefined;
}) {
  const { hotlines, onChange, error } = props;
  const setHotline = (i: number, patch: Partial<FirmHotline>) =>
    onChange(hotlines.map((h, j) => (j === i ? { ...h, ...patch } : h)));
  return (
    <Stack gap="xs">
      <Text fw={600} size="sm">
        24×7 hotlines
      </Text>
      <Text size="xs" c="dimmed">
        Shown on the portal&apos;s home and emergency page, in every email footer and on every document.
      </Text>
      {hotlines.map((h, i) => (
        <Group key={i} align="flex-start" wrap="nowrap">
          <TextInput
            aria-label={`Hotline ${i + 1} label`}
            placeholder="24×7 incident hotline (EU)"
            value={h.label}
            onChange={(e) => setHotline(i, { label: e.currentTarget.value })}
            error={error(`hotlines.${i}.label`)}
            style={{ flex: 2 }}
          />
          <TextInput
            aria-label={`Hotline ${i + 1} number`}
            placeholder="+44 20 7946 0000"
            value={h.number}
            onChange={(e) => setHotline(i, { number: e.currentTarget.value })}
            error={error(`hotlines.${i}.number`)}
            style={{ flex: 1 }}
          />
          <ActionIcon
            variant="subtle"
            color="red"
            size="lg"
            aria-label={`Remove hotline ${i + 1}`}
            onClick={() => onChange(hotlines.filter((_, j) => j !== i))}
          >
            <IconTrash size={16} aria-hidden />
          </ActionIcon>
        </Group>
      ))}
      {hotlines.length < 5 ? (
        <Group>
          <Button
            variant="light"
            size="xs"
            leftSection={<IconPlus size={14} aria-hidden />}
            onClick={() => onChange([...hotlines, { label: '', number: '' }])}
          >
            Add a hotline
          </Button>
        </Group>
      ) : null}
      {error('hotlines') ? (
        <Text size="xs" c="red">
          {error('hotlines')}
        </Text>
      ) : null}
    </Stack>
  );
}

/** The firm's profile: name, address, hotlines, support email and website, changed with a reason (admin). */
export function FirmProfileForm({ current }: { current: FirmProfile }) {
  const [reason, setReason] = useState('');
  const { update, save } = useSaveFirmSettings(
    { title: 'Profile saved', message: 'Emails, documents and the portal use it from now on.' },
    () => setReason(''),
  );
  const [values, setValues] = useState<Editable>(() => editableOf(current));
  const { fields: errors, general } = splitError(update.error);
  const changes = changesOf(current, values);
  const err = (k: string) => errors[`profile.${k}`];

  function submit(e: FormEvent) {
    e.preventDefault();
    save({ profile: changes }, reason);
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Firm profile">
      <Stack gap="md">
        {general ? <ErrorAlert error={general} title="Nothing was changed" /> : null}
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <TextInput
            label="Firm name"
            description="Letterhead, email sender name and the portal."
            required
            value={values.name}
            onChange={(e) => setValues((s) => ({ ...s, name: e.currentTarget.value }))}
            error={err('name')}
          />
          <Textarea
            label="Postal address"
            description="One line per line of the letterhead."
            autosize
            minRows={3}
            value={values.postalAddress}
            onChange={(e) => setValues((s) => ({ ...s, postalAddress: e.currentTarget.value }))}
            error={err('postalAddress')}
          />
          <TextInput
            label="Support email"
            type="email"
            placeholder="support@example.com"
            value={values.supportEmail}
            onChange={(e) => setValues((s) => ({ ...s, supportEmail: e.currentTarget.value }))}
            error={err('supportEmail')}
          />
          <TextInput
            label="Website"
            placeholder="https://example.com"
            value={values.website}
            onChange={(e) => setValues((s) => ({ ...s, website: e.currentTarget.value }))}
            error={err('website')}
          />
        </SimpleGrid>
        <HotlinesEditor
          hotlines={values.hotlines}
          onChange={(hotlines) => setValues((s) => ({ ...s, hotlines }))}
          error={err}
        />
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
          <Button type="submit" loading={update.isPending} disabled={Object.keys(changes).length === 0}>
            Save profile
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The logo: preview, upload (PNG or plain SVG, at most 256 KB) and removal, each with a reason. */
export function FirmLogoForm({ current }: { current: FirmProfile }) {
  const upload = useUploadLogo();
  const remove = useRemoveLogo();
  const [file, setFile] = useState<File | null>(null);
  const [reason, setReason] = useState('');
  const { fields: errors, general } = splitError(upload.error ?? remove.error);
  const done = (title: string) => () => {
    notifications.show({ color: 'green', title, message: 'Documents and the portal use it from now on.' });
    setFile(null);
    setReason('');
  };
  return (
    <Stack gap="md">
      <Title order={3} fz="h5">
        Logo
      </Title>
      {general ? <ErrorAlert error={general} title="The logo was not changed" /> : null}
      {current.logo ? (
        <Image src={current.logo.url} alt={`Logo of ${current.name}`} h={64} w="auto" fit="contain" />
      ) : (
        <Text size="sm" c="dimmed">
          No logo yet: documents show the firm&apos;s name only.
        </Text>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <FileInput
          label="Logo file"
          description="A PNG (drawn on PDFs) or a plain SVG without scripts or links; at most 256 KB."
          accept="image/png,image/svg+xml"
          clearable
          value={file}
          onChange={setFile}
          error={errors['logo']}
        />
        <TextInput
          label="Reason"
          description="Required; kept in the audit log."
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={errors['reason']}
        />
      </SimpleGrid>
      <Group justify="flex-end">
        {current.logo ? (
          <Button
            variant="subtle"
            color="red"
            loading={remove.isPending}
            disabled={reason.trim().length < 3}
            onClick={() => remove.mutate(reason.trim(), { onSuccess: done('Logo removed') })}
          >
            Remove the logo
          </Button>
        ) : null}
        <Button
          leftSection={<IconUpload size={16} aria-hidden />}
          loading={upload.isPending}
          disabled={!file || reason.trim().length < 3}
          onClick={() => file && upload.mutate({ file, reason: reason.trim() }, { onSuccess: done('Logo saved') })}
        >
          Upload the logo
        </Button>
      </Group>
    </Stack>
  );
}
