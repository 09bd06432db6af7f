import { Anchor, Badge, Button, Code, Group, MultiSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import { ledgerReferenceText } from '../../../shared/labels.ts';
import { IconDownload, IconFileCode, IconListDetails } from '@tabler/icons-react';
import { useState } from 'react';
import type { LedgerEntry, LedgerKind } from '../../api/types.ts';
import { DataTable, PagedListStates } from '../../components/DataTable.tsx';
import { DateTime } from '../../components/DateTime.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { TableSkeleton } from '../../components/Loading.tsx';
import { QuantityText } from '../../components/QuantityText.tsx';
import { actorName, ledgerKindLabels, ledgerKindOptions } from './contract-labels.ts';
import { ledgerDownloads, useLedger, type LedgerFilter } from './contracts.api.ts';

/** How an entry moves the balance: credits +, debits −, reservations neither (they move "reserved"). */
const direction: Partial<Record<LedgerKind, '+' | '−'>> = {
  grant: '+',
  top_up: '+',
  rollover_in: '+',
  consume: '−',
  minimum_true_up: '−',
  expire: '−',
  rollover_out: '−',
};

function Amount({ e }: { e: LedgerEntry }) {
  const sign = e.kind === 'adjustment' ? (e.amount.amount > 0 ? '+' : '') : (direction[e.kind] ?? '');
  return (
    <Text
      size="sm"
      fw={500}
      c={sign === '−' ? 'red' : sign === '+' ? 'green' : undefined}
      style={{ whiteSpace: 'nowrap' }}
    >
      {sign}
      <QuantityText value={e.amount} negativeColor={false} />
    </Text>
  );
}

/** "eng_01m8btmgvwrhe214mw660q1d7w" → "eng_…660q1d7w" (the whole id on hover). */
const shortId = (id: string): string => (id.length > 16 ? `${id.slice(0, id.indexOf('_') + 1)}…${id.slice(-8)}` : id);

function Kind({ kind }: { kind: LedgerKind }) {
  const label = ledgerKindLabels[kind];
  return (
    <Badge color={label.color} variant="light" radius="sm" tt="none" fw={600} style={{ minWidth: 'max-content' }}>
      {label.label}
    </Badge>
  );
}

/** One ledger entry: sequence, time, kind, amount (and overage), engagement, reference or reason, who, balance after. */
function LedgerRow({ e }: { e: LedgerEntry }) {
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" c="dimmed" ff="monospace">
          {e.seq}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
          <DateTime value={e.createdAt} />
        </Text>
      </Table.Td>
      <Table.Td>
        <Kind kind={e.kind} />
      </Table.Td>
      <Table.Td>
        <Amount e={e} />
        {e.overage.amount > 0 ? (
          <Text size="xs" c="red.8">
            Overage <QuantityText value={e.overage} />
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        {e.engagementId ? (
          <Code title={e.engagementId} style={{ whiteSpace: 'nowrap' }}>
            {shortId(e.engagementId)}
          </Code>
        ) : (
          <Text size="sm" c="dimmed">
            —
          </Text>
        )}
      </Table.Td>
      <Table.Td maw={280}>
        {e.reference ? <Text size="sm">{ledgerReferenceText(e.reference)}</Text> : null}
        {e.price ? (
          <Text size="sm" c="dimmed">
            {e.price.price ? `Price ${e.price.price.display}` : 'Price not recorded'}
            {e.price.purchaseOrder ? ` · PO ${e.price.purchaseOrder}` : ''}
          </Text>
        ) : null}
        {e.reason ? (
          <Text size="sm" c={e.reference ? 'dimmed' : undefined}>
            {e.reason}
          </Text>
        ) : null}
        {!e.reference && !e.reason ? (
          <Text size="sm" c="dimmed">
            —
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        <Text size="sm" title={e.createdBy}>
          {actorName(e.createdBy)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" fw={500} style={{ whiteSpace: 'nowrap' }}>
          <QuantityText value={e.balanceAfter} />
        </Text>
        {e.reservedAfter.amount ? (
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
            available <QuantityText value={e.availableAfter} />
          </Text>
        ) : null}
      </Table.Td>
    </Table.Tr>
  );
}

/**
 * The ledger of a contract in chain order: every posting with its amount, engagement, reference or
 * reason, who posted it and the balance after it; filters by kind and days (the contract's time zone),
 * "Load more", and downloads (CSV of the filtered entries, the hash-chained JSON export).
 */
export function LedgerTable({
  contractId,
  contractNumber,
  timeZone,
}: {
  contractId: string;
  contractNumber: string;
  timeZone: string;
}) {
  const jsonFile = `ledger-${contractNumber.replace(/[^A-Za-z0-9._-]+/g, '_')}.json`;
  const [kinds, setKinds] = useState<string[]>([]);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const filter: LedgerFilter = { kind: kinds.join(','), from, to };
  const list = useLedger(contractId, filter);
  const filtered = Boolean(kinds.length || from || to);
  const downloads = ledgerDownloads(contractId, filter);

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <MultiSelect
            label="Kinds"
            placeholder={kinds.length ? undefined : 'All kinds'}
            data={ledgerKindOptions}
            value={kinds}
            onChange={setKinds}
            clearable
            w={280}
          />
          <TextInput label="From" type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} w={160} />
          <TextInput label="To" type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} w={160} />
          {filtered ? (
            <Button
              variant="subtle"
              onClick={() => {
                setKinds([]);
                setFrom('');
                setTo('');
              }}
            >
              Clear filters
            </Button>
          ) : null}
        </Group>
        <Group gap="xs">
          <Button
            component="a"
            href={downloads.csv}
            download
            variant="default"
            leftSection={<IconDownload size={16} aria-hidden />}
          >
            Download CSV
          </Button>
          <Button
            component="a"
            href={downloads.json}
            download={jsonFile}
            variant="default"
            leftSection={<IconFileCode size={16} aria-hidden />}
          >
            JSON export
          </Button>
        </Group>
      </Group>
      <Text size="xs" c="dimmed">
        Days count in {timeZone}. Entries are never edited: a correction is a new entry with a reason.
      </Text>

      <PagedListStates
        list={list}
        errorTitle="Could not load the ledger"
        skeleton={<TableSkeleton columns={7} />}
        empty={
          <EmptyState
            icon={<IconListDetails size={28} stroke={1.5} aria-hidden />}
            title={filtered ? 'No entries match these filters' : 'No ledger entries yet'}
            description={
              filtered
                ? 'Change or clear the filters to see more.'
                : 'Grants, top-ups, reservations and consumption will be listed here as they are posted.'
            }
          />
        }
      >
        <DataTable
          label="Ledger entries"
          minWidth={980}
          columns={[
            { label: '#', width: 56 },
            'Time',
            'Kind',
            'Amount',
            'Engagement',
            'Reference / reason',
            'By',
            'Balance after',
          ]}
        >
          {list.items.map((e) => (
            <LedgerRow key={e.id} e={e} />
          ))}
        </DataTable>
      </PagedListStates>
      <Text size="xs" c="dimmed">
        The JSON export carries each entry&apos;s hash and the previous one&apos;s (SHA-256 over RFC 8785 canonical
        JSON), so anyone can check that no entry was changed:{' '}
        <Anchor href={downloads.json} download={jsonFile} size="xs">
          download it
        </Anchor>{' '}
        and run <Code>imr ledger verify FILE</Code>.
      </Text>
    </Stack>
  );
}
