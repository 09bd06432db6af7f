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
import { isApiError } from '../../api/client.ts';
import { useSession } from '../../app/session.ts';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert.tsx';
import { CardsSkeleton } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { CalendarFeedCard } from './CalendarFeedCard.tsx';
import { ProfileEditor } from './ProfileEditor.tsx';
import { dateLabel, periodInZone } from './profile-form.ts';
import {
  useAddTimeOff,
  useConsultant,
  useDeleteTimeOff,
  usePatchConsultant,
  useSkills,
  useTimeOff,
} from './staffing.api.ts';

const weekdayNames = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const levelData = [1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: `${n} ${skillLevelLabels[n]}` }));

/** Skills with levels: read for everyone, editable by managers and the consultant himself. */
function SkillsCard({ profile, canEdit }: { profile: ConsultantProfile; canEdit: boolean }) {
  const skills = useSkills();
  const patch = usePatchConsultant(profile.userId);
  const [draft, setDraft] = useState(profile.skills.map((s) => ({ skillId: s.skillId, level: s.level })));
  const [adding, setAdding] = useState('');
  const name = (id: string) => skills.data?.find((s) => s.id === id)?.name ?? id;
  // mutateAsync: the new revision remounts this card, which would drop mutate's callbacks.
  const save = () =>
    patch
      .mutateAsync({ skills: draft, revision: profile.revision })
      .then(() => notifications.show({ color: 'green', message: 'Skills saved.' }))
      .catch((e: unknown) => notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(e) }));
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

/** Time off: periods (whole days in the consultant's zone), with the reason where the API gives it (managers, himself). */
function TimeOffCard({ profile, canEdit }: { profile: ConsultantProfile; canEdit: boolean }) {
  const userId = profile.userId;
  const list = useTimeOff(userId);
  const add = useAddTimeOff(userId);
  const remove = useDeleteTimeOff();
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState<Record<string, string>>({});
  const apiFields = isApiError(add.error) ? add.error.fieldErrors() : {};
  const errors = { ...apiFields, ...missing };
  function enter() {
    const found: Record<string, string> = {};
    if (!start) found['start'] = 'Give the first day off.';
    if (!end) found['end'] = 'Give the last day off.';
    else if (start && end < start) found['end'] = 'The last day must not be before the first.';
    setMissing(found);
    if (Object.keys(found).length) return add.reset();
    add.mutate(
      { start, end, ...(reason.trim() ? { reason: reason.trim() } : {}) },
      {
        onSuccess: () => {
          setStart('');
          setEnd('');
          setReason('');
          notifications.show({ color: 'green', message: 'Time off entered.' });
        },
      },
    );
  }
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
            {periodInZone(t.start, t.end, profile.timeZone)}
            {t.reason ? <Text span c="dimmed">{` · ${t.reason}`}</Text> : null}
          </Text>
          {canEdit ? (
            <Button variant="subtle" size="xs" color="red" onClick={() => remove.mutate(t.id)}>
              Delete
            </Button>
          ) : null}
        </Group>
      ))}
      {canEdit ? (
        <Stack gap="xs" mt="sm">
          {add.error && !Object.keys(apiFields).length ? (
            <ErrorAlert error={add.error} title="The time off was not entered" />
          ) : null}
          <Group align="flex-start">
            <TextInput
              label="First day"
              type="date"
              value={start}
              onChange={(e) => setStart(e.currentTarget.value)}
              error={errors['start']}
            />
            <TextInput
              label="Last day (included)"
              type="date"
              value={end}
              onChange={(e) => setEnd(e.currentTarget.value)}
              error={errors['end']}
            />
            <TextInput
              label="Reason"
              description="Seen by IR managers and admins only"
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={errors['reason']}
            />
            <Button mt={24} loading={add.isPending} onClick={enter}>
              Enter time off
            </Button>
          </Group>
          <Text size="xs" c="dimmed">
            Days are whole days in the consultant’s time zone ({profile.timeZone.replace(/_/g, ' ')}).
          </Text>
        </Stack>
      ) : null}
    </Card>
  );
}

/** What the profile says, for every staff reader (the home base and travel documents only where the API gives them). */
function SummaryCard({ p }: { p: ConsultantProfile }) {
  const days = p.workingHours.days.map((d) => weekdayNames[d - 1]).join(', ');
  return (
    <Card withBorder aria-label="Summary">
      <Stack gap={4}>
        <Text size="sm">Time zone: {p.timeZone.replace(/_/g, ' ')}</Text>
        <Text size="sm">
          Home base: {[p.homeBase?.city, p.homeBase?.country].filter(Boolean).join(', ') || 'not recorded'}
        </Text>
        <Text size="sm">
          Works {p.workingHours.start}–{p.workingHours.end} ({days || 'no working days set'})
        </Text>
        <Text size="sm">Travel: {travelReadinessLabels[p.travelReadiness]}</Text>
        {p.travelDocuments ? <Text size="sm">Travel documents: {p.travelDocuments}</Text> : null}
        <Text size="sm">Languages: {p.languages.join(', ') || 'not recorded'}</Text>
        <Group gap={4}>
          {p.onCallEligible ? <Badge variant="light">On-call eligible</Badge> : null}
          {p.certifications.map((c) => (
            <Badge key={c.certificationId} color={c.expired ? 'red' : 'blue'} variant="outline" tt="none">
              {c.code}
              {c.expired ? ' expired' : ''}
              {c.expiresOn ? ` ${c.expired ? 'on' : 'until'} ${dateLabel(c.expiresOn)}` : ''}
            </Badge>
          ))}
        </Group>
      </Stack>
    </Card>
  );
}

/**
 * /staff/:userId: a consultant's profile. Admins and IR managers edit all of it; the consultant himself his
 * skills and time off; everyone else reads.
 */
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
        <SummaryCard p={p} />
        <SkillsCard key={p.revision} profile={p} canEdit={canEdit} />
      </SimpleGrid>
      {manager ? <ProfileEditor key={p.revision} profile={p} /> : null}
      <TimeOffCard profile={p} canEdit={canEdit} />
      {canEdit ? <CalendarFeedCard userId={p.userId} own={user.id === p.userId} /> : null}
    </Stack>
  );
}
