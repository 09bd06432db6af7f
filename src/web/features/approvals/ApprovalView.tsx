import {
  Alert,
  Anchor,
  Badge,
  Button,
  Code,
  Group,
  List,
  Paper,
  SimpleGrid,
  Spoiler,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconDownload, IconInfoCircle, IconX } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { isApiError } from '../../api/client.ts';
import { DateTime } from '../../components/DateTime.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { QuantityText } from '../../components/QuantityText.tsx';
import type { ApprovalSummary, Choice, DecisionOutcome } from './approvals.api.ts';

const decisionWords = { approved: 'Approved', declined: 'Declined', changes_requested: 'Changes requested' } as const;
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

/**
 * The approval page, for a stressed customer at 3 a.m.: what is being approved, how many units it
 * reserves and what is left after, then two clear buttons. Declining (or asking for changes) asks for the
 * reason first. Used by the signed-link landing page and by the portal.
 */
export function ApprovalView({
  summary,
  decide,
  pdfUrl,
  initialChoice,
}: {
  summary: ApprovalSummary;
  decide: {
    mutate: (
      b: { decision: Choice; reason?: string; contentHash: string },
      o?: { onSuccess?: (r: DecisionOutcome) => void },
    ) => void;
    isPending: boolean;
    error: unknown;
    data?: DecisionOutcome | undefined;
  };
  pdfUrl: string;
  initialChoice?: Choice | null;
}) {
  const s = summary;
  const [reasonFor, setReasonFor] = useState<Choice | null>(
    initialChoice && initialChoice !== 'approve' ? initialChoice : null,
  );
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const canDecide = s.awaitingDecision && (s.approver?.canDecide ?? true);
  const done = decide.data;
  const error = decide.error;
  const balanceRefusal = isApiError(error) && error.code === 'BALANCE_INSUFFICIENT' ? error : null;
  const what = s.subject === 'work_order' ? `work order ${s.number}` : `change order ${s.number}`;

  function submitReason(e: FormEvent) {
    e.preventDefault();
    if (!reasonFor) return;
    if (!reason.trim())
      return setReasonError(reasonFor === 'decline' ? 'Say briefly why you decline.' : 'Say what should change.');
    setReasonError(null);
    decide.mutate({ decision: reasonFor, reason: reason.trim(), contentHash: s.contentHash });
  }

  return (
    <Stack gap="lg">
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

      {canDecide && !done ? (
        <Paper withBorder p="md" radius="md">
          {reasonFor ? (
            <form
              onSubmit={submitReason}
              noValidate
              aria-label={reasonFor === 'decline' ? 'Decline' : 'Ask for changes'}
            >
              <Stack gap="sm">
                <Textarea
                  label={reasonFor === 'decline' ? `Why do you decline ${what}?` : 'What should change?'}
                  autosize
                  minRows={3}
                  maxLength={4000}
                  required
                  autoFocus
                  value={reason}
                  onChange={(e) => setReason(e.currentTarget.value)}
                  error={reasonError}
                />
                <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
                  <Button
                    type="submit"
                    size="lg"
                    color={reasonFor === 'decline' ? 'red' : 'brand'}
                    loading={decide.isPending}
                  >
                    {reasonFor === 'decline' ? `Decline ${s.number}` : 'Send my request for changes'}
                  </Button>
                  <Button size="lg" variant="default" onClick={() => setReasonFor(null)} disabled={decide.isPending}>
                    Back
                  </Button>
                </SimpleGrid>
              </Stack>
            </form>
          ) : (
            <Stack gap="sm">
              <Text size="sm">
                Approving confirms this exact {s.subject === 'work_order' ? 'version' : 'change order'} in writing, on
                behalf of {s.customerName}.
              </Text>
              <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
                <Button
                  size="lg"
                  h={56}
                  color="green"
                  leftSection={<IconCheck aria-hidden />}
                  loading={decide.isPending}
                  onClick={() => decide.mutate({ decision: 'approve', contentHash: s.contentHash })}
                >
                  Approve
                </Button>
                <Button
                  size="lg"
                  h={56}
                  color="red"
                  variant="outline"
                  leftSection={<IconX aria-hidden />}
                  disabled={decide.isPending}
                  onClick={() => setReasonFor('decline')}
                >
                  Decline
                </Button>
              </SimpleGrid>
              {s.allowedDecisions.includes('request_changes') ? (
                <Anchor component="button" type="button" size="sm" onClick={() => setReasonFor('request_changes')}>
                  Ask for changes instead
                </Anchor>
              ) : null}
            </Stack>
          )}
        </Paper>
      ) : null}
      {balanceRefusal ? (
        <Alert
          color="orange"
          icon={<IconAlertTriangle size={18} aria-hidden />}
          title="Not approved: not enough units"
          role="alert"
        >
          {balanceRefusal.detail}
        </Alert>
      ) : error ? (
        <ErrorAlert error={error} title="Your decision was not recorded" />
      ) : null}

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
    </Stack>
  );
}
