import {
  Alert,
  Anchor,
  Badge,
  Code,
  Group,
  List,
  Paper,
  SimpleGrid,
  Spoiler,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconDownload, IconInfoCircle } from '@tabler/icons-react';
import { DateTime } from '../../components/DateTime.tsx';
import { QuantityText } from '../../components/QuantityText.tsx';
import type { ApprovalSummary, DecisionOutcome } from './approvals.api.ts';

export const decisionWords = {
  approved: 'Approved',
  declined: 'Declined',
  changes_requested: 'Changes requested',
} as const;
const channelWords = { portal: 'in the portal', link: 'with the emailed link', email: 'by email reply' } as const;

/** One figure of the units card: a label and a big quantity. */
function Figure({ label, children, tone }: { label: string; children: React.ReactNode; tone?: 'warn' }) {
  return (
    <Paper withBorder p="md" radius="md" bg={tone === 'warn' ? 'red.0' : undefined}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fz={28} fw={700} lh={1.2} c={tone === 'warn' ? 'red.8' : undefined}>
        {children}
      </Text>
    </Paper>
  );
}

/** What is to be decided: status, version, title, customer, retainer and deadline. */
export function ApprovalHeading({ s }: { s: ApprovalSummary }) {
  return (
    <Stack gap={4}>
      <Group gap="xs">
        <Badge variant="light" color={s.awaitingDecision ? 'blue' : 'gray'} tt="none">
          {s.awaitingDecision ? 'Awaiting your decision' : s.status.replace(/_/g, ' ')}
        </Badge>
        {s.version !== null ? (
          <Text size="sm" c="dimmed">
            Version {s.version}
          </Text>
        ) : null}
      </Group>
      <Title order={1} fz="h2">
        {s.title}
      </Title>
      <Text c="dimmed">
        {s.subject === 'work_order' ? 'Work order' : 'Change order'} {s.number} for {s.customerName}, retainer{' '}
        {s.contractNumber}
        {s.approvalDeadline ? (
          <>
            {' '}
            · decide by <DateTime value={s.approvalDeadline} />
          </>
        ) : null}
      </Text>
    </Stack>
  );
}

/** The decision just taken, why no decision can be taken here, or that the reader may not decide. */
export function ApprovalNotices({ s, done }: { s: ApprovalSummary; done: DecisionOutcome | undefined }) {
  return (
    <>
      {done ? (
        <Alert
          color={done.decision.decision === 'approved' ? 'green' : 'gray'}
          icon={<IconCheck size={18} aria-hidden />}
          title={`${decisionWords[done.decision.decision]}: ${done.number}`}
          role="status"
        >
          <Text size="sm">{done.message} Thank you. You can close this page.</Text>
        </Alert>
      ) : null}
      {!done && s.notice ? (
        <Alert
          color="gray"
          icon={<IconInfoCircle size={18} aria-hidden />}
          title="No decision can be taken here"
          role="status"
        >
          <Text size="sm">{s.notice}</Text>
          {s.decision ? (
            <Text size="sm" mt="xs">
              {decisionWords[s.decision.decision]} by {s.decision.contactName} {channelWords[s.decision.channel]} on{' '}
              <DateTime value={s.decision.decidedAt} />.
            </Text>
          ) : null}
        </Alert>
      ) : null}
      {s.awaitingDecision && s.approver && !s.approver.canDecide ? (
        <Alert color="yellow" icon={<IconInfoCircle size={18} aria-hidden />} title="You can read this, not decide it">
          Only your organisation&apos;s defined points of contact approve or decline. Ask one of them.
        </Alert>
      ) : null}
    </>
  );
}

/** The units card: what it reserves, what is available now and after, and a warning when approval would be refused. */
export function UnitsSection({ s, done }: { s: ApprovalSummary; done: DecisionOutcome | undefined }) {
  return (
    <section aria-labelledby="units-heading">
      <Title order={2} fz="h4" id="units-heading" mb="xs">
        {s.unitsLabel}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <Figure label={s.subject === 'work_order' ? 'Reserves' : 'Changes the reservation by'}>
          <QuantityText value={s.units} />
        </Figure>
        {s.balance ? (
          <Figure label="Available now">
            <QuantityText value={s.balance.availableBefore} />
          </Figure>
        ) : null}
        {s.balance ? (
          <Figure label="Left after approval" tone={s.balance.availableAfter.amount < 0 ? 'warn' : undefined}>
            <QuantityText value={s.balance.availableAfter} negativeColor={false} />
          </Figure>
        ) : null}
      </SimpleGrid>
      {s.balance?.refused && !done ? (
        <Alert
          color="orange"
          mt="sm"
          icon={<IconAlertTriangle size={18} aria-hidden />}
          title="Not enough units on the retainer"
        >
          Approving now would be refused: {s.balance.shortfall?.display} short under the retainer&apos;s overdraft
          policy ({s.balance.overdraftPolicy}). If you approve, your account manager is asked for a top-up; approve
          again once it is recorded. This page keeps working.
        </Alert>
      ) : null}
    </section>
  );
}

/** What is being approved: the reason, the scope, the facts and the lists of the document. */
export function WhatSection({ s }: { s: ApprovalSummary }) {
  return (
    <>
      <section aria-labelledby="what-heading">
        <Title order={2} fz="h4" id="what-heading" mb="xs">
          {s.awaitingDecision ? 'What you are approving' : 'What was asked'}
        </Title>
        {s.reason ? (
          <Text mb="xs">
            <strong>Why:</strong> {s.reason}
          </Text>
        ) : null}
        {s.scope ? (
          <Spoiler maxHeight={120} showLabel="Show the whole scope" hideLabel="Show less">
            <Text style={{ whiteSpace: 'pre-wrap' }}>{s.scope}</Text>
          </Spoiler>
        ) : null}
        <Table mt="sm" withRowBorders={false} verticalSpacing={4}>
          <Table.Tbody>
            {s.facts.map((f) => (
              <Table.Tr key={f.label}>
                <Table.Th w="35%" fw={600} c="dimmed" style={{ verticalAlign: 'top' }}>
                  {f.label}
                </Table.Th>
                <Table.Td>{f.value}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </section>

      {s.lists.map((l) => (
        <section key={l.label} aria-label={l.label}>
          <Title order={3} fz="h5" mb={4}>
            {l.label}
          </Title>
          <List size="sm" spacing={2}>
            {l.items.map((i) => (
              <List.Item key={i}>{i}</List.Item>
            ))}
          </List>
        </section>
      ))}
    </>
  );
}

/** The PDF of what is approved and its content hash. */
export function PdfAndHash({ s, pdfUrl }: { s: ApprovalSummary; pdfUrl: string }) {
  return (
    <Stack gap={4}>
      <Anchor href={pdfUrl} size="sm">
        <Group gap={4}>
          <IconDownload size={16} aria-hidden />
          Download the PDF of this {s.subject === 'work_order' ? 'version' : 'change order'}
        </Group>
      </Anchor>
      <Text size="xs" c="dimmed">
        Content hash (SHA-256): <Code style={{ wordBreak: 'break-all' }}>{s.contentHash}</Code>
      </Text>
    </Stack>
  );
}
