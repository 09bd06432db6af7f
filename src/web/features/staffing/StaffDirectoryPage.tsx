import { Anchor, Badge, Group, NativeSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import type { ConsultantProfile } from '../../../shared/contracts/staffing.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { TableSkeleton } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { fromLocalInput, periodLabel } from '../timeline/timeline.layout.ts';
import { useCertifications, useConsultants, useSkills } from './staffing.api.ts';

const levelOptions = [
  { value: '', label: 'Any level' },
  ...[2, 3, 4, 5].map((n) => ({ value: String(n), label: `Level ${n} or more` })),
];

/** The directory's rows: name and title, home base and zone, skills, certifications in force, languages. */
function DirectoryTable({ items }: { items: ConsultantProfile[] }) {
  return (
    <Table striped highlightOnHover>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Name</Table.Th>
          <Table.Th>Home base</Table.Th>
          <Table.Th>Skills</Table.Th>
          <Table.Th>Certifications</Table.Th>
          <Table.Th>Languages</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((c) => (
          <Table.Tr key={c.userId}>
            <Table.Td>
              <Anchor component={Link} to={`/staff/${c.userId}`} fw={600} size="sm">
                {c.name}
              </Anchor>
              <Text size="xs" c="dimmed">
                {c.title}
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm">{[c.homeBase?.city, c.homeBase?.country].filter(Boolean).join(', ') || '—'}</Text>
              <Text size="xs" c="dimmed">
                {c.timeZone.replace(/_/g, ' ')}
              </Text>
            </Table.Td>
            <Table.Td>
              <Group gap={4}>
                {c.skills.slice(0, 4).map((s) => (
                  <Badge key={s.skillId} size="sm" variant="light" tt="none">
                    {s.name} {s.level}
                  </Badge>
                ))}
              </Group>
            </Table.Td>
            <Table.Td>
              <Text size="sm">
                {c.certifications
                  .filter((x) => !x.expired)
                  .map((x) => x.code)
                  .join(' ') || '—'}
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm">{c.languages.join(', ')}</Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** /staff: the consultant directory, filtered by skill (and level), certification, language, time zone and availability. */
export function StaffDirectoryPage() {
  const [q, setQ] = useState('');
  const [skill, setSkill] = useState('');
  const [minLevel, setMinLevel] = useState('');
  const [language, setLanguage] = useState('');
  const [timeZone, setTimeZone] = useState('');
  const [certification, setCertification] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [debouncedQ] = useDebouncedValue(q, 250);
  const [debouncedLanguage] = useDebouncedValue(language, 250);
  const skills = useSkills();
  const certs = useCertifications();
  const availableFrom = fromLocalInput(from);
  const availableTo = fromLocalInput(to);
  const availability =
    availableFrom && availableTo && availableFrom < availableTo ? { availableFrom, availableTo } : null;
  const windowProblem =
    (from || to) && !availability
      ? availableFrom && availableTo
        ? 'The end must be after the start.'
        : 'Give both the start and the end.'
      : undefined;
  const list = useConsultants({
    q: debouncedQ,
    skill,
    minLevel: skill ? minLevel : '',
    certification,
    language: debouncedLanguage,
    timeZone,
    ...availability,
  });
  const everyone = useConsultants({});
  const zones = [...new Set((everyone.data ?? []).map((c) => c.timeZone))].sort();
  return (
    <Stack>
      <PageHeader
        title="Staff"
        description="Consultants, their skills, certifications, languages, home base and time zone."
      />
      <Group wrap="wrap" align="flex-end">
        <TextInput
          label="Name"
          leftSection={<IconSearch size={16} />}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
        />
        <NativeSelect
          label="Skill"
          value={skill}
          onChange={(e) => setSkill(e.currentTarget.value)}
          data={[
            { value: '', label: 'Any skill' },
            ...(skills.data ?? []).map((s) => ({ value: s.id, label: s.name })),
          ]}
        />
        <NativeSelect
          label="Level"
          value={minLevel}
          disabled={!skill}
          onChange={(e) => setMinLevel(e.currentTarget.value)}
          data={levelOptions}
        />
        <TextInput
          label="Language"
          placeholder="e.g. de"
          value={language}
          onChange={(e) => setLanguage(e.currentTarget.value.trim().toLowerCase())}
        />
        <NativeSelect
          label="Certification"
          value={certification}
          onChange={(e) => setCertification(e.currentTarget.value)}
          data={[
            { value: '', label: 'Any certification' },
            ...(certs.data ?? []).map((c) => ({ value: c.id, label: `${c.code} (${c.name})` })),
          ]}
        />
        <NativeSelect
          label="Time zone"
          value={timeZone}
          onChange={(e) => setTimeZone(e.currentTarget.value)}
          data={[{ value: '', label: 'Any zone' }, ...zones.map((z) => ({ value: z, label: z.replace(/_/g, ' ') }))]}
        />
        <TextInput
          type="datetime-local"
          label="Available from (your time)"
          value={from}
          onChange={(e) => setFrom(e.currentTarget.value)}
        />
        <TextInput
          type="datetime-local"
          label="Available until (your time)"
          value={to}
          onChange={(e) => setTo(e.currentTarget.value)}
          error={windowProblem}
        />
      </Group>
      {availability ? (
        <Text size="sm" c="dimmed">
          Consultants with no confirmed booking and no time off{' '}
          {periodLabel(availability.availableFrom, availability.availableTo)}.
        </Text>
      ) : null}
      {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.isPending ? (
        <TableSkeleton columns={5} />
      ) : (list.data ?? []).length === 0 ? (
        <EmptyState title="No consultant matches" description="Loosen a filter." />
      ) : (
        <DirectoryTable items={list.data ?? []} />
      )}
    </Stack>
  );
}
