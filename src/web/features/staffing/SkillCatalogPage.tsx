import { Accordion, Badge, Button, Card, Group, Modal, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import type { Certification, Skill } from '../../../shared/contracts/staffing.ts';
import { incidentTypes } from '../../../shared/domain.ts';
import { isApiError } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { TableSkeleton } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { incidentTypeLabels } from '../requests/requests.labels.ts';
import { RequirementsEditor } from './RequirementsEditor.tsx';
import { useCatalogMutations, useCertifications, useSkills } from './staffing.api.ts';

/** The fields of one catalog entry as the add and rename forms show them. */
interface EntryField {
  name: string;
  label: string;
  required?: boolean;
}
const skillFields: EntryField[] = [
  { name: 'name', label: 'Name', required: true },
  { name: 'category', label: 'Category' },
  { name: 'description', label: 'Description' },
];
const certificationFields: EntryField[] = [
  { name: 'code', label: 'Code', required: true },
  { name: 'name', label: 'Name', required: true },
  { name: 'issuer', label: 'Issuer' },
];

/** A small form over some text fields; field errors from the API under each field; one submit. */
function EntryForm({
  fields,
  initial,
  submitLabel,
  pending,
  error,
  onSubmit,
  inline,
  ariaLabel,
}: {
  fields: EntryField[];
  initial: Record<string, string>;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (values: Record<string, string>, reset: () => void) => void;
  inline?: boolean;
  ariaLabel: string;
}) {
  const [values, setValues] = useState(initial);
  const [missing, setMissing] = useState<Record<string, string>>({});
  const apiFields = isApiError(error) ? error.fieldErrors() : {};
  const errors = { ...apiFields, ...missing };
  function submit(e: FormEvent) {
    e.preventDefault();
    const found: Record<string, string> = {};
    for (const f of fields)
      if (f.required && !values[f.name]?.trim()) found[f.name] = `Give the ${f.label.toLowerCase()}.`;
    setMissing(found);
    if (Object.keys(found).length) return;
    const trimmed = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.trim()]));
    onSubmit(trimmed, () => setValues(initial));
  }
  const inputs = fields.map((f) => (
    <TextInput
      key={f.name}
      label={f.label}
      value={values[f.name] ?? ''}
      onChange={(e) => {
        const v = e.currentTarget.value;
        setValues((old) => ({ ...old, [f.name]: v }));
      }}
      error={errors[f.name]}
    />
  ));
  return (
    <form onSubmit={submit} noValidate aria-label={ariaLabel}>
      <Stack gap="xs">
        {error && !Object.keys(apiFields).length ? <ErrorAlert error={error} title="Nothing was saved" /> : null}
        {inline ? (
          <Group align="flex-start" wrap="wrap">
            {inputs}
            <Button type="submit" mt={24} loading={pending}>
              {submitLabel}
            </Button>
          </Group>
        ) : (
          <>
            {inputs}
            <Group justify="flex-end">
              <Button type="submit" loading={pending}>
                {submitLabel}
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </form>
  );
}

type Entry = { kind: 'skill'; item: Skill } | { kind: 'certification'; item: Certification };

/** Rename (and describe) a skill or a certification. */
function RenameDialog({ entry, onClose }: { entry: Entry; onClose: () => void }) {
  const m = useCatalogMutations();
  const mutation = entry.kind === 'skill' ? m.updateSkill : m.updateCertification;
  const initial: Record<string, string> =
    entry.kind === 'skill'
      ? { name: entry.item.name, category: entry.item.category, description: entry.item.description }
      : { code: entry.item.code, name: entry.item.name, issuer: entry.item.issuer };
  const title = `Edit ${entry.kind === 'skill' ? entry.item.name : entry.item.code}`;
  return (
    <Modal opened onClose={onClose} title={title}>
      <EntryForm
        ariaLabel={title}
        fields={entry.kind === 'skill' ? skillFields : certificationFields}
        initial={initial}
        submitLabel="Save"
        pending={mutation.isPending}
        error={mutation.error}
        onSubmit={(values) =>
          mutation.mutate(
            { id: entry.item.id, patch: { ...values, revision: entry.item.revision } },
            {
              onSuccess: () => {
                notifications.show({ color: 'green', message: 'Saved.' });
                onClose();
              },
            },
          )
        }
      />
    </Modal>
  );
}

/** Retire (no longer offered for new profiles and requirements) or reinstate an entry. */
function RetireButton({ entry }: { entry: Entry }) {
  const m = useCatalogMutations();
  const mutation = entry.kind === 'skill' ? m.updateSkill : m.updateCertification;
  const label = entry.kind === 'skill' ? entry.item.name : entry.item.code;
  return (
    <Button
      size="xs"
      variant="subtle"
      color={entry.item.active ? 'red' : 'blue'}
      loading={mutation.isPending}
      aria-label={`${entry.item.active ? 'Retire' : 'Reinstate'} ${label}`}
      onClick={() =>
        mutation.mutate(
          { id: entry.item.id, patch: { active: !entry.item.active, revision: entry.item.revision } },
          {
            onSuccess: () =>
              notifications.show({
                color: 'green',
                message: `${label} ${entry.item.active ? 'retired' : 'reinstated'}.`,
              }),
            onError: (e) =>
              notifications.show({ color: 'red', title: 'Not changed', message: isApiError(e) ? e.detail : String(e) }),
          },
        )
      }
    >
      {entry.item.active ? 'Retire' : 'Reinstate'}
    </Button>
  );
}

function StatusCell({ active }: { active: boolean }) {
  return active ? (
    <Badge variant="light" color="green" tt="none">
      In use
    </Badge>
  ) : (
    <Badge variant="light" color="gray" tt="none">
      Retired
    </Badge>
  );
}

function SkillsSection({ onEdit }: { onEdit: (e: Entry) => void }) {
  const skills = useSkills();
  const { addSkill } = useCatalogMutations();
  return (
    <Card withBorder>
      <Title order={2} fz="h4" mb="sm">
        Skills
      </Title>
      {skills.error ? <ErrorAlert error={skills.error} onRetry={() => void skills.refetch()} /> : null}
      {skills.isPending ? (
        <TableSkeleton columns={4} />
      ) : (
        <Table aria-label="Skills" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Category</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(skills.data ?? []).map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {s.name}
                  </Text>
                  <Text size="xs" c="dimmed" lineClamp={1}>
                    {s.description}
                  </Text>
                </Table.Td>
                <Table.Td>{s.category || '—'}</Table.Td>
                <Table.Td>
                  <StatusCell active={s.active} />
                </Table.Td>
                <Table.Td>
                  <EntryActions entry={{ kind: 'skill', item: s }} label={s.name} onEdit={onEdit} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Title order={3} fz="h5" mt="md" mb="xs">
        Add a skill
      </Title>
      <EntryForm
        ariaLabel="Add a skill"
        inline
        fields={skillFields}
        initial={{ name: '', category: '', description: '' }}
        submitLabel="Add skill"
        pending={addSkill.isPending}
        error={addSkill.error}
        onSubmit={(v, reset) =>
          addSkill.mutate(
            { name: v['name'] ?? '', category: v['category'], description: v['description'] },
            {
              onSuccess: (s) => {
                notifications.show({ color: 'green', message: `${s.name} added to the skills.` });
                reset();
              },
            },
          )
        }
      />
    </Card>
  );
}

/** Rename and retire (or reinstate) one catalog entry. */
function EntryActions({ entry, label, onEdit }: { entry: Entry; label: string; onEdit: (e: Entry) => void }) {
  return (
    <Group gap={4} justify="flex-end" wrap="nowrap">
      <Button size="xs" variant="subtle" aria-label={`Rename ${label}`} onClick={() => onEdit(entry)}>
        Rename
      </Button>
      <RetireButton entry={entry} />
    </Group>
  );
}

function CertificationsSection({ onEdit }: { onEdit: (e: Entry) => void }) {
  const certs = useCertifications();
  const { addCertification } = useCatalogMutations();
  return (
    <Card withBorder>
      <Title order={2} fz="h4" mb="sm">
        Certifications
      </Title>
      {certs.error ? <ErrorAlert error={certs.error} onRetry={() => void certs.refetch()} /> : null}
      {certs.isPending ? (
        <TableSkeleton columns={4} />
      ) : (
        <Table aria-label="Certifications" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Code</Table.Th>
              <Table.Th>Name</Table.Th>
              <Table.Th>Issuer</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(certs.data ?? []).map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td fw={500}>{c.code}</Table.Td>
                <Table.Td>{c.name}</Table.Td>
                <Table.Td>{c.issuer || '—'}</Table.Td>
                <Table.Td>
                  <StatusCell active={c.active} />
                </Table.Td>
                <Table.Td>
                  <EntryActions entry={{ kind: 'certification', item: c }} label={c.code} onEdit={onEdit} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Title order={3} fz="h5" mt="md" mb="xs">
        Add a certification
      </Title>
      <EntryForm
        ariaLabel="Add a certification"
        inline
        fields={certificationFields}
        initial={{ code: '', name: '', issuer: '' }}
        submitLabel="Add certification"
        pending={addCertification.isPending}
        error={addCertification.error}
        onSubmit={(v, reset) =>
          addCertification.mutate(
            { code: v['code'] ?? '', name: v['name'] ?? '', issuer: v['issuer'] },
            {
              onSuccess: (c) => {
                notifications.show({ color: 'green', message: `${c.code} added to the certifications.` });
                reset();
              },
            },
          )
        }
      />
    </Card>
  );
}

/** What each emergency incident type requires of the responders the suggestions rank. */
function IncidentTypesSection() {
  return (
    <Card withBorder>
      <Title order={2} fz="h4" mb={4}>
        Emergency incident types
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        The skills (with a minimum level) and the certifications staffing suggestions look for on an emergency request
        of each type.
      </Text>
      <Accordion variant="separated">
        {incidentTypes.map((t) => (
          <Accordion.Item key={t} value={t}>
            <Accordion.Control>{incidentTypeLabels[t]}</Accordion.Control>
            <Accordion.Panel>
              <RequirementsEditor subject={{ incidentType: t }} canEdit />
            </Accordion.Panel>
          </Accordion.Item>
        ))}
      </Accordion>
    </Card>
  );
}

/** Settings → Skills & certifications: the firm's two catalogs and what incident types require (IR managers, admins). */
export function SkillCatalogPage() {
  const [editing, setEditing] = useState<Entry | null>(null);
  return (
    <Stack>
      <PageHeader
        title="Skills & certifications"
        description="The skills and certifications consultant profiles, catalog items and staffing suggestions use. A retired entry stays on the profiles that have it but is no longer offered."
      />
      <SkillsSection onEdit={setEditing} />
      <CertificationsSection onEdit={setEditing} />
      <IncidentTypesSection />
      {editing ? <RenameDialog key={editing.item.id} entry={editing} onClose={() => setEditing(null)} /> : null}
    </Stack>
  );
}
