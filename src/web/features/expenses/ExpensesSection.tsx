import { Button, Group, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { IconPlus, IconReceipt } from '@tabler/icons-react';
import { useState } from 'react';
import { useSession } from '../../app/session.ts';
import { DataTable, PagedListStates } from '../../components/DataTable.tsx';
import { CalendarDate } from '../../components/DateTime.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { TableSkeleton } from '../../components/Loading.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { AddExpenseDialog } from './AddExpenseDialog.tsx';
import { DecideButtons, RejectExpenseDialog } from './DecideExpense.tsx';
import { useEngagementExpenses, type Expense, type ExpenseStatus, type ExpenseTotals } from './expenses.api.ts';
import { categoryLabels, expenseStatusColors } from './expenses.labels.ts';
import { ReceiptLink, ReceiptPreview } from './ReceiptPreview.tsx';
import { SectionCard } from './SectionCard.tsx';

const statusFilters = [
  { value: '', label: 'All' },
  { value: 'pending', label: 'Pending' },
  { value: 'approved', label: 'Approved' },
  { value: 'rejected', label: 'Rejected' },
];

/** Per currency: approved and pending (never converted, never added across currencies). */
function ExpenseTotalsLine({ totals, approvedOnly }: { totals: ExpenseTotals[]; approvedOnly: boolean }) {
  if (!totals.length) return null;
  return (
    <Group gap="lg" wrap="wrap" aria-label="Expense totals per currency" role="group">
      {totals.map((t) => (
        <Stack key={t.currency} gap={0}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            {t.currency}
          </Text>
          <Text size="sm" style={{ fontVariantNumeric: 'tabular-nums' }}>
            <Text span fw={700}>
              {t.approved.display}
            </Text>{' '}
            approved ({t.approvedCount})
            {approvedOnly ? null : (
              <>
                {' '}
                ·{' '}
                <Text span fw={600}>
                  {t.pending.display}
                </Text>{' '}
                pending ({t.pendingCount})
              </>
            )}
          </Text>
        </Stack>
      ))}
    </Group>
  );
}

/** One expense: date, category and note, amount, who filed it, status, receipt, and the decision buttons. */
function ExpenseRow({
  x,
  decides,
  userId,
  onPreview,
  onReject,
}: {
  x: Expense;
  decides: boolean;
  userId: string;
  onPreview: (expense: Expense) => void;
  onReject: (expense: Expense) => void;
}) {
  return (
    <Table.Tr>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Text size="sm">
          <CalendarDate value={x.date} />
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{categoryLabels[x.category]}</Text>
        {x.note ? (
          <Text size="xs" c="dimmed" lineClamp={2}>
            {x.note}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        <Text size="sm" fw={600} style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
          {x.amount.display}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{x.userName}</Text>
      </Table.Td>
      <Table.Td>
        <StatusBadge status={x.status} colors={expenseStatusColors} />
        {x.status === 'rejected' && x.rejectionReason ? (
          <Text size="xs" c="dimmed" mt={2}>
            {x.rejectionReason}
          </Text>
        ) : null}
        {x.decidedBy ? (
          <Text size="xs" c="dimmed" mt={2}>
            by {x.decidedBy.name}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        <ReceiptLink expense={x} onOpen={onPreview} />
      </Table.Td>
      {decides ? (
        <Table.Td>
          {x.status === 'pending' && x.userId !== userId ? (
            <DecideButtons expense={x} onReject={onReject} />
          ) : x.status === 'pending' ? (
            <Text size="xs" c="dimmed" ta="right">
              Another manager approves yours
            </Text>
          ) : null}
        </Table.Td>
      ) : null}
    </Table.Tr>
  );
}

/**
 * An engagement's travel and expenses, for its page: totals per currency, the list with receipts
 * (preview), "Add expense" for the firm's staff, Approve / Reject for IR managers and admins. Customer
 * users get the approved ones only (the server decides), billed at cost.
 */
export function ExpensesSection({ engagementId }: { engagementId: string }) {
  const { user } = useSession();
  const customer = user.organizationKind === 'customer';
  const mayFile = !customer && user.role !== 'account_manager';
  const mayDecide = user.role === 'admin' || user.role === 'ir_manager';
  const [status, setStatus] = useState('');
  const list = useEngagementExpenses(engagementId, (status || undefined) as ExpenseStatus | undefined);
  const [adding, setAdding] = useState(false);
  const [previewing, setPreviewing] = useState<Expense | null>(null);
  const [rejecting, setRejecting] = useState<Expense | null>(null);
  const approvedOnly = customer || list.scope === 'approved_only';

  return (
    <SectionCard
      title="Travel and expenses"
      description={
        approvedOnly
          ? 'Approved expenses, billed to you at cost, separately from the retainer.'
          : 'Billed to the customer at cost, never drawn from the retainer.'
      }
      action={
        mayFile ? (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setAdding(true)}>
            Add expense
          </Button>
        ) : null
      }
    >
      <Stack gap="md">
        <ExpenseTotalsLine totals={list.totals} approvedOnly={approvedOnly} />
        {approvedOnly ? null : (
          <SegmentedControl
            size="xs"
            data={statusFilters}
            value={status}
            onChange={setStatus}
            aria-label="Show expenses by status"
            w="fit-content"
          />
        )}
        <PagedListStates
          list={list}
          errorTitle="Could not load the expenses"
          skeleton={<TableSkeleton columns={6} rows={3} />}
          empty={
            <EmptyState
              bare
              size="sm"
              icon={<IconReceipt size={24} stroke={1.5} aria-hidden />}
              title={status ? `No ${status} expenses` : approvedOnly ? 'No approved expenses yet' : 'No expenses yet'}
              description={
                approvedOnly
                  ? 'Travel and expenses appear here once the IR firm approves them.'
                  : mayFile
                    ? 'File a flight, a hotel or a meal with its receipt; an IR manager approves it.'
                    : 'Expenses filed by the team appear here.'
              }
            />
          }
        >
          <DataTable
            label="Expenses"
            minWidth={760}
            columns={[
              'Date',
              'Category',
              'Amount',
              'Filed by',
              'Status',
              'Receipt',
              ...(mayDecide && !approvedOnly ? [{ label: 'Decision', hidden: true }] : []),
            ]}
          >
            {list.items.map((x) => (
              <ExpenseRow
                key={x.id}
                x={x}
                decides={mayDecide && !approvedOnly}
                userId={user.id}
                onPreview={setPreviewing}
                onReject={setRejecting}
              />
            ))}
          </DataTable>
        </PagedListStates>
      </Stack>
      {mayFile ? (
        <AddExpenseDialog
          engagementId={engagementId}
          defaultCurrency={list.defaultCurrency ?? 'EUR'}
          opened={adding}
          onClose={() => setAdding(false)}
        />
      ) : null}
      <ReceiptPreview expense={previewing} onClose={() => setPreviewing(null)} />
      <RejectExpenseDialog expense={rejecting} onClose={() => setRejecting(null)} />
    </SectionCard>
  );
}
