import { Alert, Anchor, Button, Card, Group, List, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconReceipt } from '@tabler/icons-react';
import { useState } from 'react';
import { periodLabel } from '../../../shared/statements.ts';
import { DataTable, ListStates } from '../../components/DataTable.tsx';
import { DateTime } from '../../components/DateTime.tsx';
import { EmptyCard } from '../../components/EmptyCard.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { BillingRunLines } from './BillingRunLines.tsx';
import { billingCsvUrl, billingPdfUrl, useBillingRuns, useRunBilling, type BillingRunJson } from './billing.api.ts';

/** The month before the current one (YYYY-MM): what a finance user bills at the start of a month. */
function lastMonth(): string {
  const now = new Date();
  const d = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

const totalsText = (totals: BillingRunJson['totals']): string =>
  totals.length ? totals.map((t) => t.display).join(' + ') : '—';

/** The month to bill and the outcome of the last run (how many new lines, or nothing new). */
function RunForm({ onRun }: { onRun: (runId: string) => void }) {
  const runBilling = useRunBilling();
  const [period, setPeriod] = useState(lastMonth);
  const [lastRun, setLastRun] = useState<BillingRunJson | null>(null);
  return (
    <Card withBorder>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          runBilling.mutate(period, {
            onSuccess: (r) => {
              setLastRun(r);
              onRun(r.id);
            },
          });
        }}
      >
        <Group align="flex-end">
          <TextInput
            label="Month to bill"
            description="YYYY-MM, in each customer's time zone"
            value={period}
            onChange={(e) => setPeriod(e.currentTarget.value)}
            w={220}
          />
          <Button type="submit" loading={runBilling.isPending}>
            Run billing
          </Button>
        </Group>
      </form>
      {runBilling.error ? (
        <Stack mt="sm">
          <ErrorAlert error={runBilling.error} title="Billing was not run" />
        </Stack>
      ) : null}
      {lastRun ? (
        <Alert mt="sm" color={lastRun.lines.length ? 'green' : 'gray'} role="status">
          {lastRun.lines.length
            ? `${periodLabel(lastRun.period)}: ${lastRun.lines.length} new line(s), ${totalsText(lastRun.totals)}.`
            : `${periodLabel(lastRun.period)}: nothing new to invoice (everything was exported before).`}
          {lastRun.waiting.length ? ` Waiting for the month to end: ${lastRun.waiting.join(', ')}.` : ''}
        </Alert>
      ) : null}
    </Card>
  );
}

/** Billing (admins, account managers): run a month, see the runs and their totals, download, record invoices. */
export function BillingPage() {
  const runs = useBillingRuns();
  const [open, setOpen] = useState<string | null>(null);
  const items = runs.data?.items ?? [];
  const missing = runs.data?.termsMissing ?? [];
  return (
    <>
      <PageHeader
        title="Billing"
        description="What the firm invoices each month: top-ups, overage past zero and travel at cost, each exported once."
      />
      <Stack gap="lg">
        <RunForm onRun={setOpen} />
        {missing.length ? (
          <Alert color="yellow" title="Terms missing">
            <Text size="sm">These contracts have no commercial terms: their top-ups and overage cannot be priced.</Text>
            <List size="sm" mt={4}>
              {missing.map((m) => (
                <List.Item key={m.contractId}>
                  {m.customerName}, contract {m.contractNumber}
                </List.Item>
              ))}
            </List>
          </Alert>
        ) : null}
        <ListStates
          error={runs.error}
          pending={runs.isPending}
          isEmpty={items.length === 0}
          errorTitle="Could not load the billing runs"
          onRetry={runs.refetch}
          empty={
            <EmptyCard
              heading="Billing runs"
              icon={<IconReceipt size={22} stroke={1.5} aria-hidden />}
              title="No billing run yet"
              description="Run last month's billing above: its lines, totals and downloads appear here."
            />
          }
        >
          <Title order={2} fz="h4">
            Runs
          </Title>
          <DataTable label="Billing runs" columns={['Month', 'Run', 'Lines', 'Invoiced', 'Totals', 'Downloads', '']}>
            {items.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>{periodLabel(r.period)}</Table.Td>
                <Table.Td>
                  <DateTime value={r.createdAt} />
                </Table.Td>
                <Table.Td>{r.lineCount}</Table.Td>
                <Table.Td>
                  {r.invoicedCount}/{r.lineCount}
                </Table.Td>
                <Table.Td>{totalsText(r.totals)}</Table.Td>
                <Table.Td>
                  <Group gap="xs">
                    <Anchor href={billingCsvUrl(r.id)} download>
                      CSV
                    </Anchor>
                    <Anchor href={billingPdfUrl(r.id)} download>
                      PDF
                    </Anchor>
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Button
                    size="compact-sm"
                    variant="subtle"
                    onClick={() => setOpen(open === r.id ? null : r.id)}
                    aria-label={`Lines of the run of ${periodLabel(r.period)}`}
                  >
                    {open === r.id ? 'Hide lines' : 'Lines'}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        </ListStates>
        {open ? <BillingRunLines runId={open} /> : null}
      </Stack>
    </>
  );
}
