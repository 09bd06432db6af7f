import {
  Badge,
  Button,
  Card,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useParams } from 'react-router';
import { skillLevelLabels, travelReadinessLabels, type ConsultantProfile } from '../../../shared/contracts/staffing.ts';
import { useSession } from '../../app/session.ts';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert.tsx';
import { CardsSkeleton } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import {
  useAddTimeOff,
  useConsultant,
  useDeleteTimeOff,
  usePatchConsultant,
  useSkills,
  useTimeOff,
} from './staffing.api.ts';

const levelData = [1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: `${n} ${skillLevelLabels[n]}` }));

/** Skills with levels: read for everyone, editable by managers and the consultant himself. */
function SkillsCard({ profile, canEdit }: { profile: ConsultantProfile; canEdit: boolean }) {
  const skills = useSkills();
  const patch = usePatchConsultant(profile.userId);
  const [draft, setDraft] = useState(profile.skills.map((s) => ({ skillId: s.skillId, level: s.level })));
  const [adding, setAdding] = useState('');
  const name = (id: string) => skills.data?.find((s) => s.id === id)?.name ?? id;
  const save = () =>
    patch.mutate(
      { skills: draft, revision: profile.revision },
      {
        onSuccess: () => notifications.show({ color: 'green', message: 'Skills saved.' }),
        onError: (e) => notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(e) }),
      },
    );
  return (
    <Card withBorder>
      <Title order={2} fz="h4" mb="sm">
        Skills
      </Title>
      <Table>
        <Table.Tbody>
          {draft.map((s, i) => (
            <Table.Tr key={s.skillId}>
              <Table.Td>{name(s.skillId)}</Table.Td>
              <Table.Td>
                {canEdit ? (
                  <NativeSelect
                    aria-label={`Level of ${name(s.skillId)}`}
                    value={String(s.level)}
                    data={levelData}
                    onChange={(e) =>
                      setDraft(draft.map((d, j) => (j === i ? { ...d, level: Number(e.currentTarget.value) } : d)))
                    }
                  />
                ) : (
                  `${s.level} ${skillLevelLabels[s.level]}`
                )}
              </Table.Td>
              {canEdit ? (
                <Table.Td>
                  <Button variant="subtle" size="xs" onClick={() => setDraft(draft.filter((_, j) => j !== i))}>
                    Remove
                  </Button>
                </Table.Td>
              ) : null}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {canEdit ? (
        <Group mt="sm" align="flex-end">
          <NativeSelect
            label="Add a skill"
            value={adding}
            onChange={(e) => setAdding(e.currentTarget.value)}
            data={[
              { value: '', label: 'Choose…' },
              ...(skills.data ?? [])
                .filter((s) => s.active && !draft.some((d) => d.skillId === s.id))
                .map((s) => ({ value: s.id, label: s.name })),
            ]}
          />
          <Button
            variant="default"
            disabled={!adding}
            onClick={() => {
              setDraft([...draft, { skillId: adding, level: 3 }]);
              setAdding('');
            }}
          >
            Add
          </Button>
          <Button onClick={save} loading={patch.isPending}>
            Save skills
          </Button>
        </Group>
      ) : null}
    </Card>
  );
}

/** Time off: periods for staff, the reason for managers and the consultant; entered and deleted by them. */
function TimeOffCard({ userId, canEdit }: { userId: string; canEdit: boolean }) {
  const list = useTimeOff(userId);
  const add = useAddTimeOff(userId);
  const remove = useDeleteTimeOff();
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [reason, setReason] = useState('');
  return (
    <Card withBorder>
      <Title order={2} fz="h4" mb="sm">
        Time off
      </Title>
      {list.error ? <ErrorAlert error={list.error} /> : null}
      {(list.data ?? []).length === 0 ? <Text c="dimmed">No time off entered.</Text> : null}
      {(list.data ?? []).map((t) => (
        <Group key={t.id} justify="space-between">
          <Text size="sm">
            {t.start.slice(0, 10)} – {new Date(new Date(t.end).getTime() - 1).toISOString().slice(0, 10)}
            {t.reason ? ` · ${t.reason}` : ''}
          </Text>
          {canEdit ? (
            <Button variant="subtle" size="xs" color="red" onClick={() => remove.mutate(t.id)}>
              Delete
            </Button>
          ) : null}
        </Group>
      ))}
      {canEdit ? (
        <Group mt="sm" align="flex-end">
          <TextInput label="From" type="date" value={start} onChange={(e) => setStart(e.currentTarget.value)} />
          <TextInput label="To (included)" type="date" value={end} onChange={(e) => setEnd(e.currentTarget.value)} />
          <TextInput label="Reason (managers only)" value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
          <Button
            disabled={!start || !end}
            loading={add.isPending}
            onClick={() =>
              add.mutate(
                { start, end, ...(reason ? { reason } : {}) },
                {
                  onSuccess: () => {
                    setStart('');
                    setEnd('');
                    setReason('');
                  },
                  onError: (e) => notifications.show({ color: 'red', title: 'Not entered', message: errorMessage(e) }),
                },
              )
            }
          >
            Enter time off
          </Button>
        </Group>
      ) : null}
    </Card>
  );
}

/** /staff/:userId: a consultant's profile, skills editor and time off. */
export function ConsultantPage() {
  const { userId = '' } = useParams();
  const { user } = useSession();
  const profile = useConsultant(userId);
  if (profile.error) return <ErrorAlert error={profile.error} />;
  if (!profile.data) return <CardsSkeleton />;
  const p = profile.data;
  const manager = user.role === 'admin' || user.role === 'ir_manager';
  const canEdit = manager || user.id === p.userId;
  return (
    <Stack>
      <PageHeader title={p.name} description={p.title || undefined} />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Stack gap={4}>
            <Text size="sm">Time zone: {p.timeZone}</Text>
            <Text size="sm">
              Home base: {[p.homeBase?.city, p.homeBase?.country].filter(Boolean).join(', ') || 'not recorded'}
            </Text>
            <Text size="sm">
              Works {p.workingHours.start}–{p.workingHours.end} (days {p.workingHours.days.join(', ')})
            </Text>
            <Text size="sm">Travel: {travelReadinessLabels[p.travelReadiness]}</Text>
            <Text size="sm">Languages: {p.languages.join(', ') || 'not recorded'}</Text>
            <Group gap={4}>
              {p.onCallEligible ? <Badge variant="light">On-call eligible</Badge> : null}
              {p.certifications.map((c) => (
                <Badge key={c.certificationId} color={c.expired ? 'gray' : 'blue'} variant="outline" tt="none">
                  {c.code}
                  {c.expiresOn ? ` until ${c.expiresOn}` : ''}
                </Badge>
              ))}
            </Group>
          </Stack>
        </Card>
        <SkillsCard key={p.revision} profile={p} canEdit={canEdit} />
      </SimpleGrid>
      <TimeOffCard userId={p.userId} canEdit={canEdit} />
    </Stack>
  );
}
