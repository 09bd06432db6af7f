import { ActionIcon, Button, Group, MultiSelect, NativeSelect, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { skillLevelLabels, type StaffingRequirements } from '../../../shared/contracts/staffing.ts';
import { isApiError } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { errorUnder } from './profile-form.ts';
import {
  useCertifications,
  useRequirements,
  useSetRequirements,
  useSkills,
  type RequirementsSubject,
} from './staffing.api.ts';

export const minLevelOptions = [1, 2, 3, 4, 5].map((n) => ({
  value: String(n),
  label: `at least ${n} ${skillLevelLabels[n]}`,
}));

/** A list of skills with a minimum level each, and a picker to add one (used by requirements and EWO roles). */
export function SkillLevelsField({
  value,
  onChange,
  label,
  error,
}: {
  value: { skillId: string; minLevel: number }[];
  onChange: (v: { skillId: string; minLevel: number }[]) => void;
  label: string;
  error?: string | undefined;
}) {
  const skills = useSkills();
  const name = (id: string) => skills.data?.find((s) => s.id === id)?.name ?? id;
  const choices = (skills.data ?? []).filter((s) => s.active && !value.some((v) => v.skillId === s.id));
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        {label}
      </Text>
      {value.length === 0 ? (
        <Text size="xs" c="dimmed">
          No skill named.
        </Text>
      ) : null}
      {value.map((v, i) => (
        <Group key={v.skillId} gap="xs" wrap="nowrap">
          <Text size="sm" w={200}>
            {name(v.skillId)}
          </Text>
          <NativeSelect
            aria-label={`Minimum level of ${name(v.skillId)}`}
            data={minLevelOptions}
            value={String(v.minLevel)}
            onChange={(e) =>
              onChange(value.map((x, j) => (j === i ? { ...x, minLevel: Number(e.currentTarget.value) } : x)))
            }
            size="xs"
          />
          <ActionIcon
            variant="subtle"
            color="gray"
            aria-label={`Remove ${name(v.skillId)}`}
            onClick={() => onChange(value.filter((_, j) => j !== i))}
          >
            <IconTrash size={14} aria-hidden />
          </ActionIcon>
        </Group>
      ))}
      <NativeSelect
        aria-label={`${label}: add a skill`}
        size="xs"
        w={260}
        value=""
        data={[{ value: '', label: 'Add a skill…' }, ...choices.map((s) => ({ value: s.id, label: s.name }))]}
        onChange={(e) => {
          const id = e.currentTarget.value;
          if (id) onChange([...value, { skillId: id, minLevel: 3 }]);
        }}
        error={error}
      />
    </Stack>
  );
}

function RequirementsForm({
  subject,
  stored,
  canEdit,
  onSaved,
}: {
  subject: RequirementsSubject;
  stored: StaffingRequirements;
  canEdit: boolean;
  onSaved?: (() => void) | undefined;
}) {
  const certs = useCertifications();
  const save = useSetRequirements(subject);
  const [skills, setSkills] = useState(stored.skills.map((s) => ({ skillId: s.skillId, minLevel: s.minLevel })));
  const [preferred, setPreferred] = useState(stored.certifications.map((c) => c.certificationId));
  const fields = isApiError(save.error) ? save.error.fieldErrors() : {};
  if (!canEdit)
    return (
      <Text size="sm">
        {stored.skills.map((s) => `${s.name} (level ${s.minLevel}+)`).join(', ') || 'No required skills.'}
        {stored.certifications.length ? ` Preferred: ${stored.certifications.map((c) => c.code).join(', ')}.` : ''}
      </Text>
    );
  return (
    <Stack gap="sm">
      {save.error && !Object.keys(fields).length ? (
        <ErrorAlert error={save.error} title="The requirements were not saved" />
      ) : null}
      <SkillLevelsField
        label="Required skills"
        value={skills}
        onChange={setSkills}
        error={errorUnder(fields, 'skills')}
      />
      <MultiSelect
        label="Preferred certifications"
        searchable
        data={(certs.data ?? [])
          .filter((c) => c.active || preferred.includes(c.id))
          .map((c) => ({ value: c.id, label: `${c.code} (${c.name})` }))}
        value={preferred}
        onChange={setPreferred}
        error={errorUnder(fields, 'certifications')}
      />
      <Group justify="flex-end">
        <Button
          size="xs"
          loading={save.isPending}
          onClick={() =>
            save.mutate(
              { skills, certifications: preferred },
              {
                onSuccess: () => {
                  notifications.show({ color: 'green', message: 'Staffing requirements saved.' });
                  onSaved?.();
                },
              },
            )
          }
        >
          Save requirements
        </Button>
      </Group>
    </Stack>
  );
}

/** What a catalog item or incident type requires of its consultants: skills (minimum level), preferred certifications. */
export function RequirementsEditor({
  subject,
  canEdit,
  onSaved,
}: {
  subject: RequirementsSubject;
  canEdit: boolean;
  onSaved?: () => void;
}) {
  const q = useRequirements(subject);
  if (q.error) return <ErrorAlert error={q.error} title="Could not load the staffing requirements" />;
  if (!q.data)
    return (
      <Text size="sm" c="dimmed">
        Loading…
      </Text>
    );
  return <RequirementsForm subject={subject} stored={q.data} canEdit={canEdit} onSaved={onSaved} />;
}
