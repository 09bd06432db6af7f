import { Anchor, Button, Card, Code, Group, Stack, Text } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { RateCardCard } from '../../components/RateCardCard.tsx';
import { DecisionEvidence } from './DecisionEvidence.tsx';
import { ImpactCard } from './ImpactCard.tsx';
import { SendButton, SendSummary } from './SendDialog.tsx';
import type { ChangeOrderEditor } from './useChangeOrderEditor.ts';
import { changeOrderPdfUrl } from './workorders.api.ts';
import type { ChangeOrder } from './workorders.types.ts';

/** The confirmation before sending: what approval asks for, the approving contacts, Back and Send. */
export function ChangeOrderSendStep({ editor, current }: { editor: ChangeOrderEditor; current: ChangeOrder }) {
  const { send, setConfirming, contacts, doSend } = editor;
  return (
    <Stack gap="md">
      <Text size="sm">
        Send change order <strong>{current.number}</strong> ({current.delta.total.display}) for approval.
      </Text>
      <SendSummary
        customerId={current.customerId}
        deadline={current.approvalDeadline}
        deadlineRule={current.approvalDeadlineDefault}
        units={current.delta.total}
        unitsLabel={
          current.delta.total.amount >= 0
            ? 'Added to the reservation on approval'
            : 'Released from the reservation on approval'
        }
        impact={current.balanceImpact}
        contacts={contacts}
      />
      {send.error ? <ErrorAlert error={send.error} title="Not sent" /> : null}
      <Group justify="flex-end">
        <Button variant="default" onClick={() => setConfirming(false)} disabled={send.isPending}>
          Back
        </Button>
        <SendButton contacts={contacts} onSend={doSend} loading={send.isPending} />
      </Group>
    </Stack>
  );
}

/** The side column: the server's figures, the decision evidence, the content hash and PDF, the actions. */
export function ChangeOrderSide({ editor, onClose }: { editor: ChangeOrderEditor; onClose: () => void }) {
  const { current, editable, dirty, create, update, canManage, revising, setRevising, send, setConfirming } = editor;
  const figures = current ? (
    <ImpactCard
      title="Figures"
      figures={[
        { label: 'Estimate now', value: current.estimateBefore },
        { label: 'Change', value: current.delta.total, strong: true },
        { label: 'Estimate after', value: current.estimateAfter },
        { label: 'Consumed so far', value: current.consumed },
      ]}
      impact={current.balanceImpact}
      contractNumber={current.contractNumber}
      changeLabel="Change of the reservation"
      status={editable && dirty ? 'Unsaved changes: save the draft to update the figures.' : undefined}
      updating={create.isPending || update.isPending}
    />
  ) : (
    <Card withBorder>
      <Text size="sm" c="dimmed">
        Save the draft to see the change in retainer units and what approval would do to the balance.
      </Text>
    </Card>
  );

  return (
    <Stack gap="sm">
      {figures}
      {current ? <RateCardCard rateCard={current.rateCard} withBorder /> : null}
      {current?.decision ? <DecisionEvidence decision={current.decision} /> : null}
      {current?.contentHash ? (
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            Content hash (SHA-256)
          </Text>
          <Code block style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
            {current.contentHash}
          </Code>
          <Anchor href={changeOrderPdfUrl(current.id)} size="sm">
            <Group gap={4}>
              <IconDownload size={14} aria-hidden />
              Download the PDF
            </Group>
          </Anchor>
        </Stack>
      ) : null}
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onClose}>
          Close
        </Button>
        {canManage && current?.status === 'sent' && !revising ? (
          <Button variant="default" onClick={() => setRevising(true)}>
            Revise
          </Button>
        ) : null}
        {canManage && current?.status === 'draft' ? (
          <Button
            onClick={() => {
              send.reset();
              setConfirming(true);
            }}
            disabled={dirty}
          >
            Send for approval
          </Button>
        ) : null}
      </Group>
    </Stack>
  );
}
