import { Anchor, Button, Group, Stack, Table, Text } from '@mantine/core';
import { IconChevronDown, IconChevronRight, IconDownload, IconFileText, IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { useSession } from '../../app/session.ts';
import { DataTable, PagedListStates } from '../../components/DataTable.tsx';
import { DateTime } from '../../components/DateTime.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { TableSkeleton } from '../../components/Loading.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { formatBytes } from '../expenses/expenses.labels.ts';
import { SectionCard } from '../expenses/SectionCard.tsx';
import { AcceptDialog, AddVersionDialog, IssueDialog, NewDeliverableDialog } from './DeliverableDialogs.tsx';
import { useDeliverables, type Deliverable } from './deliverables.api.ts';
import { deliverableStatusColors, hasUnissuedVersion, kindLabels } from './deliverables.labels.ts';

/** What the signed-in user may do here (the server decides again on every request). */
function abilities(role: string, customer: boolean) {
  return {
    author: !customer && role !== 'account_manager',
    issue: role === 'admin' || role === 'ir_manager',
    accept: role === 'customer_approver',
    customer,
  };
}
type Abilities = ReturnType<typeof abilities>;

/**
 * An engagement's deliverables, for its page and the customer's portal: kind, title, current version,
 * issued / accepted state, every version to download; upload and new versions for the team, Issue for
 * IR managers (the customer's contacts are notified), Accept for the customer's point of contact.
 */
export function DeliverablesSection({ engagementId }: { engagementId: string }) {
  const { user } = useSession();
  const can = abilities(user.role, user.organizationKind === 'customer');
  const list = useDeliverables(engagementId);
  const [uploading, setUploading] = useState(false);
  const [versioning, setVersioning] = useState<Deliverable | null>(null);
  const [issuing, setIssuing] = useState<Deliverable | null>(null);
  const [accepting, setAccepting] = useState<Deliverable | null>(null);
  const [open, setOpen] = useState<Record<string, boolean>>({});

  return (
    <SectionCard
      title="Deliverables"
      description={
        can.customer
          ? 'Reports and documents your IR firm issued to you. Download them here; your point of contact accepts them.'
          : 'Drafts stay with your firm until an IR manager issues them to the customer.'
      }
      action={
        can.author ? (
          <Button leftSection={<IconUpload size={16} aria-hidden />} onClick={() => setUploading(true)}>
            Upload deliverable
          </Button>
        ) : null
      }
    >
      <PagedListStates
        list={list}
        errorTitle="Could not load the deliverables"
        skeleton={<TableSkeleton columns={4} rows={2} />}
        empty={
          <EmptyState
            bare
            size="sm"
            icon={<IconFileText size={24} stroke={1.5} aria-hidden />}
            title={can.customer ? 'Nothing issued yet' : 'No deliverables yet'}
            description={
              can.customer
                ? 'Reports, IOC lists and briefings appear here when your IR firm issues them; you are told by email.'
                : 'Upload the final report, IOC list or briefing as it takes shape; issue it when it is ready.'
            }
          />
        }
      >
        <DataTable
          label="Deliverables"
          minWidth={720}
          columns={[
            { label: 'Versions', hidden: true, width: 40 },
            'Deliverable',
            'Version',
            'State',
            { label: 'Actions', hidden: true },
          ]}
        >
          {list.items.map((d) => (
            <DeliverableRow
              key={d.id}
              d={d}
              can={can}
              open={Boolean(open[d.id])}
              onToggle={() => setOpen((o) => ({ ...o, [d.id]: !o[d.id] }))}
              onVersion={setVersioning}
              onIssue={setIssuing}
              onAccept={setAccepting}
            />
          ))}
        </DataTable>
      </PagedListStates>
      {can.author ? (
        <NewDeliverableDialog engagementId={engagementId} opened={uploading} onClose={() => setUploading(false)} />
      ) : null}
      <AddVersionDialog deliverable={versioning} onClose={() => setVersioning(null)} />
      <IssueDialog deliverable={issuing} onClose={() => setIssuing(null)} />
      <AcceptDialog deliverable={accepting} onClose={() => setAccepting(null)} />
    </SectionCard>
  );
}

/** One deliverable as a row (title, version, state, actions), and its versions under it when opened. */
function DeliverableRow({
  d,
  can,
  open,
  onToggle,
  onVersion,
  onIssue,
  onAccept,
}: {
  d: Deliverable;
  can: Abilities;
  open: boolean;
  onToggle: () => void;
  onVersion: (deliverable: Deliverable) => void;
  onIssue: (deliverable: Deliverable) => void;
  onAccept: (deliverable: Deliverable) => void;
}) {
  return (
    <>
      <Table.Tr>
        <Table.Td>
          <Button
            variant="subtle"
            size="compact-sm"
            px={4}
            aria-expanded={open}
            aria-label={`${open ? 'Hide' : 'Show'} the versions of ${d.title}`}
            onClick={onToggle}
          >
            {open ? <IconChevronDown size={16} aria-hidden /> : <IconChevronRight size={16} aria-hidden />}
          </Button>
        </Table.Td>
        <Table.Td>
          <Text size="sm" fw={600}>
            {d.title}
          </Text>
          <Text size="xs" c="dimmed">
            {kindLabels[d.kind]}
          </Text>
        </Table.Td>
        <Table.Td>
          <Text size="sm">Version {d.currentVersion}</Text>
          {!can.customer && d.issuedVersion && d.issuedVersion !== d.currentVersion ? (
            <Text size="xs" c="orange">
              Customer sees version {d.issuedVersion}
            </Text>
          ) : null}
        </Table.Td>
        <Table.Td>
          <DeliverableState d={d} />
        </Table.Td>
        <Table.Td>
          <DeliverableActions d={d} can={can} onVersion={onVersion} onIssue={onIssue} onAccept={onAccept} />
        </Table.Td>
      </Table.Tr>
      {open ? (
        <Table.Tr>
          <Table.Td />
          <Table.Td colSpan={4}>
            <VersionList d={d} />
          </Table.Td>
        </Table.Tr>
      ) : null}
    </>
  );
}

function DeliverableState({ d }: { d: Deliverable }) {
  return (
    <Stack gap={2}>
      <StatusBadge status={d.status} colors={deliverableStatusColors} />
      {d.status === 'accepted' && d.acceptedAt ? (
        <Text size="xs" c="dimmed">
          Version {d.acceptedVersion} accepted <DateTime value={d.acceptedAt} />
          {d.acceptedBy ? ` by ${d.acceptedBy.name}` : ''}
        </Text>
      ) : d.issuedAt ? (
        <Text size="xs" c="dimmed">
          Version {d.issuedVersion} issued <DateTime value={d.issuedAt} />
        </Text>
      ) : (
        <Text size="xs" c="dimmed">
          Not issued to the customer
        </Text>
      )}
      {d.acceptanceNote ? (
        <Text size="xs" c="dimmed" fs="italic">
          “{d.acceptanceNote}”
        </Text>
      ) : null}
    </Stack>
  );
}

function DeliverableActions({
  d,
  can,
  onVersion,
  onIssue,
  onAccept,
}: {
  d: Deliverable;
  can: Abilities;
  onVersion: (deliverable: Deliverable) => void;
  onIssue: (deliverable: Deliverable) => void;
  onAccept: (deliverable: Deliverable) => void;
}) {
  const current = d.versions.find((v) => v.version === d.currentVersion) ?? d.versions.at(-1);
  return (
    <Group gap={6} justify="flex-end" wrap="nowrap">
      {current ? (
        <Button
          component="a"
          href={current.file.url}
          download={current.file.name}
          size="compact-sm"
          variant="default"
          leftSection={<IconDownload size={14} aria-hidden />}
          aria-label={`Download ${d.title}, version ${current.version}`}
        >
          Download
        </Button>
      ) : null}
      {can.issue && hasUnissuedVersion(d) ? (
        <Button size="compact-sm" onClick={() => onIssue(d)} aria-label={`Issue ${d.title} to the customer`}>
          Issue
        </Button>
      ) : null}
      {can.accept && d.status === 'issued' ? (
        <Button size="compact-sm" color="green" onClick={() => onAccept(d)} aria-label={`Accept ${d.title}`}>
          Accept
        </Button>
      ) : null}
      {can.author && d.status !== 'accepted' ? (
        <Button
          size="compact-sm"
          variant="subtle"
          leftSection={<IconUpload size={14} aria-hidden />}
          onClick={() => onVersion(d)}
          aria-label={`New version of ${d.title}`}
        >
          New version
        </Button>
      ) : null}
    </Group>
  );
}

function VersionList({ d }: { d: Deliverable }) {
  const versions = [...d.versions].sort((a, b) => b.version - a.version);
  return (
    <Stack gap={6} py={4} aria-label={`Versions of ${d.title}`} role="list">
      {versions.map((v) => (
        <Group key={v.version} justify="space-between" wrap="nowrap" gap="md" role="listitem">
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Text size="sm">
              <Text span fw={600}>
                Version {v.version}
              </Text>{' '}
              · {v.file.name} · {formatBytes(v.file.size)}
              {v.issuedAt ? (
                <Text span c="blue.8">
                  {' '}
                  · issued <DateTime value={v.issuedAt} />
                </Text>
              ) : null}
            </Text>
            <Text size="xs" c="dimmed" lineClamp={2}>
              {v.createdBy ? `${v.createdBy.name}, ` : ''}
              <DateTime value={v.createdAt} />
              {v.note ? ` — ${v.note}` : ''}
            </Text>
          </Stack>
          <Anchor
            href={v.file.url}
            download={v.file.name}
            size="sm"
            aria-label={`Download version ${v.version} of ${d.title}`}
          >
            Download
          </Anchor>
        </Group>
      ))}
    </Stack>
  );
}
