import {
  ActionIcon,
  Autocomplete,
  Button,
  Card,
  Group,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconTrash, IconUserPlus } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { roleLabels } from '../../../shared/roles.ts';
import { useSession } from '../../app/session.ts';
import { DateTime } from '../../components/DateTime.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useCustomer } from '../customers/customers.api.ts';
import { splitError } from '../customers/form.ts';
import { FormFooter } from '../requests/FormFooter.tsx';
import { useStaffDirectory } from '../users/staff.api.ts';
import { useAddTeamMember, useRemoveTeamMember } from './engagements.api.ts';
import { isOpenEngagement } from './engagements.labels.ts';
import type { Engagement, TeamMember } from './engagements.types.ts';

/** Roles people usually hold on an engagement; any other may be typed. */
const roleSuggestions = [
  'lead',
  'forensic lead',
  'containment lead',
  'forensic analyst',
  'consultant',
  'facilitator',
  'project manager',
];

interface Candidate {
  id: string;
  name: string;
  detail: string;
}

/**
 * Who may be added: every active staff member of the firm (GET /staff), the people the page knows first
 * (the user, the customer's account team).
 */
function useCandidates(engagement: Engagement): { candidates: Candidate[]; pending: boolean; error: unknown } {
  const { user } = useSession();
  const staff = useStaffDirectory();
  const customer = useCustomer(engagement.customerId);
  const byId = new Map<string, Candidate>();
  byId.set(user.id, { id: user.id, name: user.name, detail: `${user.email} (you)` });
  for (const m of customer.data?.accountTeamMembers ?? [])
    if (m.status === 'active')
      byId.set(m.id, { id: m.id, name: m.name, detail: `${roleLabels[m.role]}, account team` });
  for (const u of staff.data ?? [])
    if (!byId.has(u.id)) byId.set(u.id, { id: u.id, name: u.name, detail: `${roleLabels[u.role]}, ${u.email}` });
  return {
    candidates: [...byId.values()],
    pending: staff.isPending || customer.isPending,
    error: staff.error ?? customer.error,
  };
}

function MemberForm({
  engagement: e,
  member,
  onClose,
}: {
  engagement: Engagement;
  member: TeamMember | null;
  onClose: () => void;
}) {
  const add = useAddTeamMember(e.id);
  const { candidates, pending, error } = useCandidates(e);
  const [userId, setUserId] = useState<string | null>(member?.userId ?? null);
  const [role, setRole] = useState(member?.role ?? 'consultant');
  const [missing, setMissing] = useState(false);
  const { fields, general } = splitError(add.error, ['userId', 'role']);
  const onTeam = new Set(e.team.map((m) => m.userId));
  const options = member
    ? [{ value: member.userId, label: member.name }]
    : candidates.filter((c) => !onTeam.has(c.id)).map((c) => ({ value: c.id, label: `${c.name} — ${c.detail}` }));

  function submit(ev: FormEvent) {
    ev.preventDefault();
    if (!userId || !role.trim()) return setMissing(true);
    add.mutate(
      { userId, role: role.trim() },
      {
        onSuccess: () => {
          notifications.show({
            color: 'green',
            title: member ? 'Role changed' : 'Added to the team',
            message: member
              ? `${member.name} is now ${role.trim()}.`
              : 'They can log effort now. Each booking of theirs sends them a calendar invitation.',
          });
          onClose();
        },
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate aria-label={member ? `Change the role of ${member.name}` : 'Add a team member'}>
      <Stack gap="md">
        {general ? <ErrorAlert error={general} title="The team was not changed" /> : null}
        {error ? <ErrorAlert error={error} title="Could not load the people you can add" /> : null}
        <Select
          label="Person"
          placeholder={pending ? 'Loading…' : 'Pick a member of your firm'}
          data={options}
          value={userId}
          onChange={setUserId}
          searchable
          disabled={Boolean(member)}
          nothingFoundMessage="Nobody by that name"
          required
          error={fields['userId'] ?? (missing && !userId ? 'Pick the person to add.' : undefined)}
          data-autofocus
        />
        <Autocomplete
          label="Role on this engagement"
          data={roleSuggestions}
          value={role}
          onChange={setRole}
          required
          error={fields['role'] ?? (missing && !role.trim() ? 'Say what they do here.' : undefined)}
        />
        <FormFooter onCancel={onClose} submitLabel={member ? 'Save role' : 'Add to the team'} pending={add.isPending} />
      </Stack>
    </form>
  );
}

function RemoveMember({
  engagement: e,
  member,
  onClose,
}: {
  engagement: Engagement;
  member: TeamMember;
  onClose: () => void;
}) {
  const remove = useRemoveTeamMember(e.id);
  return (
    <Stack gap="md">
      {remove.error ? <ErrorAlert error={remove.error} title="The team was not changed" /> : null}
      <Text size="sm">
        {member.name} leaves the team of {e.number}: they can no longer log effort here, and their bookings not yet
        started are cancelled, each with a calendar cancellation. Their effort so far stays.
      </Text>
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Keep {member.name}
        </Button>
        <Button
          color="red"
          loading={remove.isPending}
          onClick={() =>
            remove.mutate(member.userId, {
              onSuccess: () => {
                notifications.show({
                  color: 'gray',
                  title: 'Removed from the team',
                  message: `${member.name} is no longer on ${e.number}.`,
                });
                onClose();
              },
            })
          }
        >
          Remove from the team
        </Button>
      </Group>
    </Stack>
  );
}

/** The team: who works on the engagement and in which role; IR managers add, re-role and remove members. */
export function TeamCard({ engagement: e, canManage }: { engagement: Engagement; canManage: boolean }) {
  const [editing, setEditing] = useState<TeamMember | 'new' | null>(null);
  const [removing, setRemoving] = useState<TeamMember | null>(null);
  const open = isOpenEngagement(e.status);
  const manage = canManage && open;
  return (
    <Card component="section" aria-labelledby="team-heading" h="100%">
      <Group justify="space-between" mb="sm">
        <Title order={2} fz="h4" id="team-heading">
          Team
        </Title>
        {manage ? (
          <Button
            size="compact-sm"
            variant="light"
            leftSection={<IconUserPlus size={14} aria-hidden />}
            onClick={() => setEditing('new')}
          >
            Add member
          </Button>
        ) : null}
      </Group>
      {e.team.length === 0 ? (
        <EmptyState
          bare
          size="sm"
          title="Nobody on the team yet"
          description={
            manage
              ? 'Add the consultants who do the work: only team members (and IR managers) log effort.'
              : 'An IR manager staffs the engagement.'
          }
        />
      ) : (
        <Table aria-label="Team" verticalSpacing="xs">
          <Table.Tbody>
            {e.team.map((m) => (
              <Table.Tr key={m.userId}>
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {m.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {m.email}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{m.role}</Text>
                  <Text size="xs" c="dimmed">
                    since <DateTime value={m.addedAt} />
                  </Text>
                </Table.Td>
                {manage ? (
                  <Table.Td w={80}>
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      <Tooltip label="Change role">
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          aria-label={`Change the role of ${m.name}`}
                          onClick={() => setEditing(m)}
                        >
                          <IconPencil size={16} aria-hidden />
                        </ActionIcon>
                      </Tooltip>
                      <Tooltip label="Remove">
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={`Remove ${m.name} from the team`}
                          onClick={() => setRemoving(m)}
                        >
                          <IconTrash size={16} aria-hidden />
                        </ActionIcon>
                      </Tooltip>
                    </Group>
                  </Table.Td>
                ) : null}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' || editing === null ? 'Add a team member' : `Role of ${editing.name}`}
      >
        {editing ? (
          <MemberForm engagement={e} member={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
        ) : null}
      </Modal>
      <Modal
        opened={removing !== null}
        onClose={() => setRemoving(null)}
        title={removing ? `Remove ${removing.name}?` : ''}
      >
        {removing ? <RemoveMember engagement={e} member={removing} onClose={() => setRemoving(null)} /> : null}
      </Modal>
    </Card>
  );
}
