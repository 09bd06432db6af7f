import { Anchor, Badge, Card, Group, List, NativeSelect, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { DataTable } from '../../components/DataTable.tsx';
import { DateTime } from '../../components/DateTime.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { DecisionEvidence } from './DecisionEvidence.tsx';
import { diffDocuments, type WorkOrderDoc } from './document.ts';
import { workOrderPdfUrl } from './workorders.api.ts';
import { versionStatusColors } from './workorders.labels.ts';
import type { FrozenWorkOrder, WorkOrderVersion } from './workorders.types.ts';

/** The document of each version that has one: the frozen one of a sent version, the preview of the current draft. */
function documentsOf(versions: WorkOrderVersion[], draftDoc: WorkOrderDoc | null): Map<number, WorkOrderDoc> {
  const docs = new Map<number, WorkOrderDoc>();
  for (const v of versions) {
    if (v.frozen) docs.set(v.version, v.frozen as unknown as FrozenWorkOrder);
    else if (v.status === 'draft' && draftDoc && draftDoc.version === v.version) docs.set(v.version, draftDoc);
  }
  return docs;
}

/** Field-by-field differences between two versions' documents: what was removed, what was added. */
export function VersionDiff({
  before,
  after,
  labels,
}: {
  before: WorkOrderDoc;
  after: WorkOrderDoc;
  labels: [string, string];
}) {
  const diffs = diffDocuments(before, after);
  if (diffs.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No differences in the content of these versions.
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table aria-label={`Differences between ${labels[0]} and ${labels[1]}`} verticalSpacing="xs" fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w="20%">Field</Table.Th>
            <Table.Th w="40%">{labels[0]}</Table.Th>
            <Table.Th w="40%">{labels[1]}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {diffs.map((d) => (
            <Table.Tr key={d.key} data-testid={`diff-${d.key}`}>
              <Table.Th style={{ verticalAlign: 'top' }}>{d.label}</Table.Th>
              <Table.Td style={{ verticalAlign: 'top' }}>
                <DiffLines lines={d.before} marked={d.removed} sign="−" color="red" />
              </Table.Td>
              <Table.Td style={{ verticalAlign: 'top' }}>
                <DiffLines lines={d.after} marked={d.added} sign="+" color="green" />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** A field's lines, the changed ones marked (a sign for screen readers and colour-blind readers, and a colour). */
function DiffLines({
  lines,
  marked,
  sign,
  color,
}: {
  lines: string[];
  marked: string[];
  sign: string;
  color: 'red' | 'green';
}) {
  if (lines.length === 0)
    return (
      <Text size="sm" c="dimmed" fs="italic">
        (none)
      </Text>
    );
  const left = [...marked];
  return (
    <List size="sm" spacing={2} listStyleType="none" withPadding={false}>
      {lines.map((l, n) => {
        const i = left.indexOf(l);
        const changed = i >= 0;
        if (changed) left.splice(i, 1);
        return (
          <List.Item
            key={n}
            c={changed ? `${color}.9` : undefined}
            bg={changed ? `${color}.0` : undefined}
            style={{ whiteSpace: 'pre-wrap', borderRadius: 4, padding: changed ? '0 4px' : undefined }}
          >
            {changed ? (
              <>
                <span aria-label={color === 'red' ? 'removed' : 'added'}>{sign}</span>{' '}
              </>
            ) : null}
            {l}
          </List.Item>
        );
      })}
    </List>
  );
}

/** One version in the versions table: number, status, sending, deadline, decision, hash and PDF link. */
function VersionRow({ workOrderId, v }: { workOrderId: string; v: WorkOrderVersion }) {
  return (
    <Table.Tr>
      <Table.Td>
        <Text fw={600} size="sm">
          {v.version}
        </Text>
      </Table.Td>
      <Table.Td>
        <StatusBadge status={v.status} colors={versionStatusColors} />
        {v.statusReason ? (
          <Text size="xs" c="dimmed">
            {v.statusReason}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        <Text size="sm">
          <DateTime value={v.sentAt} />
        </Text>
        {v.sentBy ? (
          <Text size="xs" c="dimmed">
            by {v.sentBy}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        <Text size="sm">
          <DateTime value={v.approvalDeadline} />
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">
          <DateTime value={v.decidedAt} />
        </Text>
      </Table.Td>
      <Table.Td>
        {v.contentHash ? (
          <Tooltip label={v.contentHash} multiline w={300}>
            <Badge variant="outline" color="gray" tt="none" ff="monospace">
              {v.contentHash.slice(0, 12)}…
            </Badge>
          </Tooltip>
        ) : (
          <Text size="sm" c="dimmed">
            —
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {v.pdfAvailable ? (
          <Anchor
            href={workOrderPdfUrl(workOrderId, v.version)}
            size="sm"
            aria-label={`Download the PDF of version ${v.version}`}
          >
            <Group gap={4} wrap="nowrap">
              <IconDownload size={14} aria-hidden />
              PDF
            </Group>
          </Anchor>
        ) : null}
      </Table.Td>
    </Table.Tr>
  );
}

/**
 * Every version of an EWO (status, sending, deadline, decision, hash, PDF) and the differences between
 * any two: the frozen documents of sent versions, or the current draft's preview.
 */
export function VersionHistory({
  workOrderId,
  versions,
  draftDoc,
}: {
  workOrderId: string;
  versions: WorkOrderVersion[];
  draftDoc: WorkOrderDoc | null;
}) {
  const docs = documentsOf(versions, draftDoc);
  const numbers = [...docs.keys()].sort((a, b) => a - b);
  const [picked, setPicked] = useState<[number, number] | null>(null);
  const [from, to] = picked ?? [numbers[numbers.length - 2] ?? 0, numbers[numbers.length - 1] ?? 0];
  const label = (n: number) =>
    `Version ${n}${versions.find((v) => v.version === n)?.status === 'draft' ? ' (draft)' : ''}`;
  const options = numbers.map((n) => ({ value: String(n), label: label(n) }));
  const decided = [...versions].reverse().filter((v) => v.decision);

  return (
    <Stack gap="lg">
      <DataTable
        label="Versions"
        minWidth={820}
        columns={[
          'Version',
          'Status',
          'Sent',
          'Approval deadline',
          'Decided',
          'Content hash',
          { label: 'PDF', hidden: true },
        ]}
      >
        {[...versions].reverse().map((v) => (
          <VersionRow key={v.id} workOrderId={workOrderId} v={v} />
        ))}
      </DataTable>

      <Card component="section" withBorder aria-labelledby="diff-heading">
        <Title order={2} fz="h4" id="diff-heading" mb="sm">
          Differences between versions
        </Title>
        {numbers.length < 2 ? (
          <EmptyState
            bare
            size="sm"
            title="Only one version so far"
            description="When a sent work order is revised, what changed between the versions is shown here, field by field."
          />
        ) : (
          <Stack gap="md">
            <Group gap="sm" align="flex-end">
              <NativeSelect
                label="Compare"
                data={options}
                value={String(from)}
                onChange={(e) => setPicked([Number(e.currentTarget.value), to])}
                w={200}
              />
              <NativeSelect
                label="with"
                data={options}
                value={String(to)}
                onChange={(e) => setPicked([from, Number(e.currentTarget.value)])}
                w={200}
              />
            </Group>
            {from === to ? (
              <Text size="sm" c="dimmed">
                Choose two different versions.
              </Text>
            ) : (
              <VersionDiff before={docs.get(from)!} after={docs.get(to)!} labels={[label(from), label(to)]} />
            )}
          </Stack>
        )}
      </Card>

      {decided.map((v) => (
        <DecisionEvidence key={v.id} decision={v.decision!} title={`Decision on version ${v.version}`} />
      ))}
    </Stack>
  );
}
