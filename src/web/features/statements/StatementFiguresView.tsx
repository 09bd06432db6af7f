import { BarChart } from '../../components/Charts.tsx';
import { Button, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import type { StatementFigures } from '../../../shared/contracts/statements.ts';
import { formatMoney } from '../../../shared/currencies.ts';
import { dayLabel, periodLabel } from '../../../shared/statements.ts';
import { formatAmount } from '../../../shared/units.ts';
import { statementPdfUrl } from './statements.api.ts';

/** Label/value rows of a statement. */
function Rows({ rows }: { rows: [string, string][] }) {
  return (
    <Table withRowBorders={false} verticalSpacing={4}>
      <Table.Tbody>
        {rows.map(([k, v]) => (
          <Table.Tr key={k}>
            <Table.Th fw={500} c="dimmed" w="60%">
              {k}
            </Table.Th>
            <Table.Td ta="right">{v}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** The heading of the figures: an issued statement with its PDF, or the month so far (a preview, no PDF). */
function FiguresHeading({ f, id, toDate }: { f: StatementFigures; id?: string; toDate?: string }) {
  if (toDate)
    return (
      <Title order={3} fz="h4">
        {periodLabel(f.period)} to {dayLabel(toDate)}
      </Title>
    );
  return (
    <Group justify="space-between">
      <Title order={3} fz="h4">
        Statement {f.number}: {periodLabel(f.period)}
      </Title>
      {id && (
        <Button
          component="a"
          href={statementPdfUrl(id)}
          download={`${f.number}.pdf`}
          variant="light"
          leftSection={<IconDownload size={16} aria-hidden />}
        >
          Download PDF
        </Button>
      )}
    </Group>
  );
}

/**
 * A statement's frozen figures on screen, with the month's daily burn as a chart and the PDF to download; with
 * `toDate`, a preview's figures of the month so far (no statement number, no PDF).
 */
export function StatementFiguresView({
  id,
  figures: f,
  toDate,
}: {
  id?: string;
  figures: StatementFigures;
  toDate?: string;
}) {
  const unit = f.unit === 'hours' ? 'minute' : 'centiunit';
  const per = unit === 'minute' ? 60 : 100;
  const m = f.movements;
  return (
    <Card withBorder>
      <Stack gap="md">
        <FiguresHeading f={f} {...(id ? { id } : {})} {...(toDate ? { toDate } : {})} />
        <Text size="sm" c="dimmed">
          {dayLabel(f.periodStart)} to {dayLabel(f.periodEnd)} ({f.timeZone}) · term ends {dayLabel(f.termEnd)},{' '}
          {f.daysLeft} days left
        </Text>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <Rows
            rows={[
              ['Opening balance', f.opening.balance.display],
              ['Granted', m.granted.display],
              ['Top-ups', m.toppedUp.display],
              ['Consumed', m.consumed.display],
              ['Minimum billable true-ups', m.minimumTrueUps.display],
              ['Adjustments', m.adjusted.display],
              ['Expired', m.expired.display],
              [toDate ? 'Balance now' : 'Closing balance', f.closing.balance.display],
              ['Reserved', f.closing.reserved.display],
              ['Available', f.closing.available.display],
            ]}
          />
          <Stack gap="xs">
            <Rows
              rows={[
                ['Burn rate (last 90 days)', `${f.burnRatePerMonth.display} a month`],
                ['Forecast depletion', f.forecastDepletionDate ? dayLabel(f.forecastDepletionDate) : 'not foreseen'],
                ...f.expenses.map(
                  (e) => [`T&E at cost (${e.currency})`, formatMoney(e.amountMinor, e.currency)] as [string, string],
                ),
              ]}
            />
            {f.dailyConsumption.length > 0 && (
              <BarChart
                h={160}
                role="figure"
                aria-label={`Consumption per day, ${periodLabel(f.period)}`}
                data={f.dailyConsumption.map((d) => ({ day: dayLabel(d.date), consumed: d.amount / per }))}
                dataKey="day"
                series={[{ name: 'consumed', label: unit === 'minute' ? 'Hours' : 'Units', color: 'blue.6' }]}
                valueFormatter={(v) => formatAmount(Math.round(v * per), unit)}
              />
            )}
          </Stack>
        </SimpleGrid>
        {f.consumptionByEngagement.length > 0 && (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Engagement</Table.Th>
                <Table.Th>Title</Table.Th>
                <Table.Th ta="right">Consumed</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {f.consumptionByEngagement.map((e) => (
                <Table.Tr key={e.number}>
                  <Table.Td>{e.number}</Table.Td>
                  <Table.Td>{e.title}</Table.Td>
                  <Table.Td ta="right">{e.consumed.display}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {f.consumption && f.consumption.length > 0 && (
          <Table>
            <Table.Caption>
              Each consumption of the month: the day it was posted, and the day the work was done
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Posted</Table.Th>
                <Table.Th>Work done</Table.Th>
                <Table.Th>Engagement</Table.Th>
                <Table.Th>Activity</Table.Th>
                <Table.Th ta="right">Amount</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {f.consumption.map((c, i) => (
                <Table.Tr key={i}>
                  <Table.Td>{dayLabel(c.posted)}</Table.Td>
                  <Table.Td>{c.workDate ? dayLabel(c.workDate) : ''}</Table.Td>
                  <Table.Td>{c.engagementNumber}</Table.Td>
                  <Table.Td>{c.label}</Table.Td>
                  <Table.Td ta="right">{c.amount.display}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Card>
  );
}
