import { Anchor, Button, Paper, SimpleGrid, Stack, Text, Textarea } from '@mantine/core';
import { IconCheck, IconX } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import type { ApprovalSummary, Choice, DecisionOutcome } from './approvals.api.ts';

/** How a decision is sent: the mutation of the signed link or of the portal. */
export interface Decide {
  mutate: (
    b: { decision: Choice; reason?: string; contentHash: string },
    options?: { onSuccess?: (outcome: DecisionOutcome) => void },
  ) => void;
  isPending: boolean;
  error: unknown;
  data?: DecisionOutcome | undefined;
}

/** The reason asked before declining or asking for changes: which choice, the text, its problem, submit. */
export function useReasonForm(summary: ApprovalSummary, decide: Decide, initialChoice: Choice | null | undefined) {
  const [reasonFor, setReasonFor] = useState<Choice | null>(
    initialChoice && initialChoice !== 'approve' ? initialChoice : null,
  );
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);

  function submitReason(e: FormEvent) {
    e.preventDefault();
    if (!reasonFor) return;
    if (!reason.trim())
      return setReasonError(reasonFor === 'decline' ? 'Say briefly why you decline.' : 'Say what should change.');
    setReasonError(null);
    decide.mutate({ decision: reasonFor, reason: reason.trim(), contentHash: summary.contentHash });
  }

  return { reasonFor, setReasonFor, reason, setReason, reasonError, submitReason };
}

/** The decision card: Approve, Decline, Ask for changes; or the reason form of the choice taken. */
export function DecisionPanel({
  s,
  decide,
  what,
  reasonForm,
}: {
  s: ApprovalSummary;
  decide: Decide;
  what: string;
  reasonForm: ReturnType<typeof useReasonForm>;
}) {
  const { reasonFor, setReasonFor, reason, setReason, reasonError, submitReason } = reasonForm;
  return (
    <Paper withBorder p="md" radius="md">
      {reasonFor ? (
        <form onSubmit={submitReason} noValidate aria-label={reasonFor === 'decline' ? 'Decline' : 'Ask for changes'}>
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
  );
}
