import { Badge, Button, Card, Group, Skeleton, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { billingKindLabels } from '../../../shared/contracts/invoicing.ts';
import { periodLabel } from '../../../shared/statements.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { CalendarDate } from '../../components/DateTime.tsx';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert.tsx';
import { useBillingRun, useRecordInvoice, type BillingLineJson } from './billing.api.ts';

/** An invoice number field with its button: for one line, or for every line of one customer. */
function InvoiceForm({
  runId,
  target,
  label,
}: {
  runId: string;
  target: { lineId: string } | { customerId: string };
  label: string;
}) {
  const record = useRecordInvoice(runId);
  const [value, setValue] = useState('');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        record.mutate({ ...target, invoiceNumber: value });
      }}
    >
      <Group gap={4} wrap="nowrap" align="flex-start">
        <TextInput
          size="xs"
          aria-label={label}
          placeholder="Invoice number"
          value={value}
          onChange={(e) => setValue(e.currentTarget.value)}
          error={record.error ? errorMessage(record.error) : null}
        />
        <Button size="xs" type="submit" loading={record.isPending} disabled={!value.trim()}>
          Save
        </Button>
      </Group>
    </form>
  );
}

function LineRow({ runId, l }: { runId: string; l: BillingLineJson }) {
  return (
    <Table.Tr>
      <Table.Td>{l.position}</Table.Td>
      <Table.Td>{l.contractNumber}</Table.Td>
      <Table.Td>
        <CalendarDate value={l.date} />
      </Table.Td>
      <Table.Td>
        <Badge variant="light" size="sm">
          {billingKindLabels[l.kind]}
        </Badge>{' '}
        {l.description}
        {l.receiptUrl ? (
          <>
            {' '}
            <a href={l.receiptUrl}>receipt</a>
          </>
        ) : null}
      </Table.Td>
      <Table.Td>{l.engagements.join(', ')}</Table.Td>
      <Table.Td>{l.quantity?.display ?? ''}</Table.Td>
      <Table.Td>{l.amount?.display ?? <Text c="dimmed">not recorded</Text>}</Table.Td>
      <Table.Td>{l.purchaseOrder ?? ''}</Table.Td>
      <Table.Td>
        {l.invoiceNumber ?? (
          <InvoiceForm runId={runId} target={{ lineId: l.id }} label={`Invoice number of line ${l.position}`} />
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/** One run's lines grouped by customer, with invoice number entry per line and per customer. */
export function BillingRunLines({ runId }: { runId: string }) {
  const run = useBillingRun(runId);
  if (run.isPending) return <Skeleton height={120} aria-label="Loading the lines" />;
  if (run.error) return <ErrorAlert error={run.error} title="Could not load the run" onRetry={run.refetch} />;
  const customers = [...new Set(run.data.lines.map((l) => l.customerId))];
  return (
    <Stack gap="md">
      <Title order={2} fz="h4">
        Lines of {periodLabel(run.data.period)}
      </Title>
      {customers.length === 0 ? <Text c="dimmed">Nothing new was exported in this run.</Text> : null}
      {customers.map((customerId) => {
        const lines = run.data.lines.filter((l) => l.customerId === customerId);
        const open = lines.some((l) => l.invoiceNumber === null);
        return (
          <Card key={customerId} withBorder>
            <Group justify="space-between" mb="sm">
              <Title order={3} fz="h5">
                {lines[0]!.customerName}
              </Title>
              {open && lines.every((l) => l.invoiceNumber === null) ? (
                <InvoiceForm
                  runId={runId}
                  target={{ customerId }}
                  label={`Invoice number for every line of ${lines[0]!.customerName}`}
                />
              ) : null}
            </Group>
            <DataTable
              label={`Billing lines of ${lines[0]!.customerName}`}
              minWidth={960}
              columns={['#', 'Contract', 'Date', 'Item', 'Engagements', 'Quantity', 'Amount', 'PO', 'Invoice']}
            >
              {lines.map((l) => (
                <LineRow key={l.id} runId={runId} l={l} />
              ))}
            </DataTable>
          </Card>
        );
      })}
    </Stack>
  );
}
