import { Alert, Badge, Checkbox, Group, List, Modal, Skeleton, Stack, Text, ThemeIcon } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState, type FormEvent, type ReactNode } from 'react';
import type { Quantity } from '../../api/types.ts';
import { useSession } from '../../app/session.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { QuantityText } from '../../components/QuantityText.tsx';
import { splitError } from '../customers/form.ts';
import { FormFooter } from '../requests/FormFooter.tsx';
import { closingFigures } from './closing-preview.ts';
import { ReasonField } from './EngagementParts.tsx';
import { useCloseEngagement, useClosePreview } from './engagements.api.ts';
import { engagementStatusLabels } from './engagements.labels.ts';
import type { ClosePreview, Engagement } from './engagements.types.ts';

export type ClosingOperation = 'close' | 'cancel';

const quantityText = (value: Quantity) => <QuantityText value={value} />;

/** One numbered step of the closing, in domain.md's order; `skipped` steps say why nothing is posted. */
function Step({
  n,
  title,
  amount,
  skipped,
  children,
}: {
  n: number;
  title: string;
  amount: ReactNode;
  skipped?: boolean;
  children: ReactNode;
}) {
  return (
    <Group align="flex-start" wrap="nowrap" gap="sm" data-step={title} style={skipped ? { opacity: 0.65 } : undefined}>
      <ThemeIcon size={26} radius="xl" variant={skipped ? 'default' : 'light'} aria-hidden>
        {n}
      </ThemeIcon>
      <Stack gap={2} style={{ flex: 1 }}>
        <Group justify="space-between" wrap="nowrap">
          <Text fw={600} size="sm">
            {title}
          </Text>
          <Text fw={600} size="sm">
            {amount}
          </Text>
        </Group>
        <Text size="sm" c="dimmed">
          {children}
        </Text>
      </Stack>
    </Group>
  );
}

/**
 * The steps of the operation as GET /close-preview answers them, in order: fixed price and its approved
 * change orders (one step each), minimum true-up
 * (waivable by admins), held effort written off, release; then the final figures.
 */
function PreviewSteps({ p, waived }: { p: ClosePreview; waived: boolean }) {
  const fixed = p.pricingMode === 'fixed';
  const { trueUp, release, availableAfter, consumedAfter } = closingFigures(p, waived);
  const cancel = p.operation === 'cancel';
  let count = 0;
  return (
    <Stack gap="md" aria-label="What will be posted">
      {fixed ? (
        <Step n={++count} title="Fixed price consumed" amount={quantityText(p.fixedPrice)} skipped={cancel}>
          {cancel
            ? 'A cancelled engagement does not consume its fixed price.'
            : 'The agreed price is consumed now; effort was recorded without drawing.'}
        </Step>
      ) : null}
      {fixed && !cancel
        ? p.changeOrders.map((co) => (
            <Step key={co.number} n={++count} title={`Change order ${co.number}`} amount={quantityText(co.amount)}>
              The approved change order adds a fixed amount to the price, consumed now as its own line.
            </Step>
          ))
        : null}
      <Step n={++count} title="Minimum true-up" amount={quantityText(trueUp)} skipped={trueUp.amount === 0}>
        {!p.minimumApplies ? (
          'The contract does not apply the minimum billable effort on cancellation.'
        ) : cancel && p.shortfall.amount > 0 && !waived ? (
          <>
            The contract applies the minimum billable effort on cancellation: consumption is {quantityText(p.consumed)},
            below the minimum of {quantityText(p.minimumBillable)}, so the shortfall is posted.
          </>
        ) : p.shortfall.amount === 0 ? (
          <>
            Billable consumption {cancel ? 'so far ' : ''}reached the minimum of {quantityText(p.minimumBillable)}:
            nothing to true up.
          </>
        ) : waived ? (
          <>
            The shortfall of {quantityText(p.shortfall)} below the minimum of {quantityText(p.minimumBillable)} is
            waived (recorded with your reason).
          </>
        ) : (
          <>
            Consumption is {quantityText(p.consumed)}, below the minimum billable of {quantityText(p.minimumBillable)}:
            the shortfall is posted as a minimum true-up.
          </>
        )}
      </Step>
      <Step
        n={++count}
        title="Held effort written off"
        amount={quantityText(p.heldToWriteOff)}
        skipped={p.heldEntries === 0}
      >
        {p.heldEntries === 0 ? (
          'No effort is held.'
        ) : (
          <>
            {p.heldEntries} held {p.heldEntries === 1 ? 'entry' : 'entries'} never covered by a change order: written
            off, visibly, and never billed.
          </>
        )}
      </Step>
      <Step n={++count} title="Reservation released" amount={quantityText(release)} skipped={release.amount === 0}>
        {p.releaseExpires ? (
          <>
            What is left of the reservation of {quantityText(p.reserved)} is released, and <b>expires at once</b>: the
            contract has expired.
          </>
        ) : (
          <>What is left of the reservation of {quantityText(p.reserved)} goes back to the available balance.</>
        )}
      </Step>
      <Alert color="gray" variant="light" title="Final figures">
        <List size="sm" spacing={2}>
          <List.Item>
            Consumed by this engagement: {quantityText(consumedAfter)} (estimate {quantityText(p.estimate)})
          </List.Item>
          <List.Item>
            Available on the contract: {quantityText(p.availableBefore)} now, {quantityText(availableAfter)} after
          </List.Item>
          <List.Item>
            Status: {engagementStatusLabels[p.status].toLowerCase()} → {cancel ? 'cancelled' : 'closed'}; no more effort
            can be logged
          </List.Item>
        </List>
      </Alert>
    </Stack>
  );
}

/** The admin's waiver of the minimum true-up: the checkbox and, once ticked, the reason it needs. */
function WaiveFields({
  trueUp,
  waive,
  setWaive,
  waiveReason,
  setWaiveReason,
  error,
}: {
  trueUp: Quantity;
  waive: boolean;
  setWaive: (waive: boolean) => void;
  waiveReason: string;
  setWaiveReason: (reason: string) => void;
  error: string | undefined;
}) {
  return (
    <Stack gap="xs">
      <Checkbox
        label={
          <>
            Waive the minimum true-up of {quantityText(trueUp)}{' '}
            <Badge size="xs" variant="light" tt="none">
              admins only
            </Badge>
          </>
        }
        description="The shortfall is not billed; your reason is recorded in the audit log and on the engagement."
        checked={waive}
        onChange={(ev) => setWaive(ev.currentTarget.checked)}
      />
      {waive ? (
        <ReasonField
          label="Why the minimum is waived"
          required
          value={waiveReason}
          onChange={setWaiveReason}
          error={error}
        />
      ) : null}
    </Stack>
  );
}

function ClosingForm({
  engagement: e,
  operation,
  onClose,
}: {
  engagement: Engagement;
  operation: ClosingOperation;
  onClose: () => void;
}) {
  const { user } = useSession();
  const admin = user.role === 'admin';
  const preview = useClosePreview(e.id, operation, true);
  const run = useCloseEngagement(e.id);
  const [reason, setReason] = useState('');
  const [waive, setWaive] = useState(false);
  const [waiveReason, setWaiveReason] = useState('');
  const [missing, setMissing] = useState<{ reason?: boolean; waive?: boolean }>({});
  const { fields, general } = splitError(run.error, ['reason', 'waiveMinimum.reason', 'waiveMinimum']);
  const cancel = operation === 'cancel';
  const figures = preview.data;
  const canWaive = admin && figures !== undefined && figures.trueUp.amount > 0;
  const waived = canWaive && waive;

  function submit(ev: FormEvent) {
    ev.preventDefault();
    const missing = { reason: cancel && !reason.trim(), waive: waived && !waiveReason.trim() };
    setMissing(missing);
    if (missing.reason || missing.waive) return;
    const waiveMinimum = waived ? { waiveMinimum: { reason: waiveReason.trim() } } : {};
    const body = cancel
      ? { operation: 'cancel' as const, body: { reason: reason.trim(), ...waiveMinimum } }
      : { operation: 'close' as const, body: waiveMinimum };
    run.mutate(body, {
      onSuccess: (r) => {
        notifications.show({
          color: 'gray',
          title: `${r.number} ${cancel ? 'cancelled' : 'closed'}`,
          message: r.closing ? `${r.closing.released.display} released to the available balance.` : 'Done.',
        });
        onClose();
      },
    });
  }

  if (preview.error)
    return (
      <ErrorAlert error={preview.error} title="Could not load the preview" onRetry={() => void preview.refetch()} />
    );
  if (!figures)
    return (
      <Stack aria-busy="true" aria-label="Loading the preview">
        <Skeleton height={48} />
        <Skeleton height={48} />
        <Skeleton height={48} />
        <Skeleton height={90} />
      </Stack>
    );

  return (
    <form onSubmit={submit} noValidate aria-label={cancel ? 'Cancel the engagement' : 'Close the engagement'}>
      <Stack gap="md">
        {general ? (
          <ErrorAlert error={general} title={`The engagement was not ${cancel ? 'cancelled' : 'closed'}`} />
        ) : null}
        {!figures.allowed ? (
          <Alert
            color="orange"
            variant="light"
            icon={<IconAlertTriangle size={18} aria-hidden />}
            title={`Cannot ${operation} from ${engagementStatusLabels[figures.status].toLowerCase()}`}
          >
            <Text size="sm">
              {cancel
                ? 'Only open engagements can be cancelled.'
                : 'Close from in progress or delivering: resume the engagement first.'}
            </Text>
          </Alert>
        ) : null}
        <Text size="sm">
          {cancel
            ? 'Effort already consumed stays consumed. In one transaction, in this order:'
            : 'Closing posts, in one transaction and in this order:'}
        </Text>
        <PreviewSteps p={figures} waived={waived} />
        {canWaive ? (
          <WaiveFields
            trueUp={figures.trueUp}
            waive={waive}
            setWaive={setWaive}
            waiveReason={waiveReason}
            setWaiveReason={setWaiveReason}
            error={
              fields['waiveMinimum.reason'] ??
              fields['waiveMinimum'] ??
              (missing.waive ? 'A waiver needs a reason.' : undefined)
            }
          />
        ) : null}
        {cancel ? (
          <ReasonField
            label="Why the engagement is cancelled"
            description="Kept on the engagement; the planned dates get a calendar cancellation."
            required
            value={reason}
            onChange={setReason}
            error={fields['reason'] ?? (missing.reason ? 'Cancelling needs a reason.' : undefined)}
            autoFocus
          />
        ) : null}
        <FormFooter
          onCancel={onClose}
          cancelLabel={cancel ? 'Keep the engagement' : 'Not now'}
          submitLabel={cancel ? `Cancel ${e.number}` : `Close ${e.number}`}
          pending={run.isPending}
          color={cancel ? 'red' : undefined}
        />
      </Stack>
    </form>
  );
}

/** The close or cancel dialog: the preview of what will be posted, a waiver for admins, then one confirmation. */
export function ClosingDialog({
  engagement: e,
  operation,
  onClose,
}: {
  engagement: Engagement;
  operation: ClosingOperation | null;
  onClose: () => void;
}) {
  return (
    <Modal
      opened={operation !== null}
      onClose={onClose}
      title={operation === 'cancel' ? `Cancel ${e.number}?` : `Close ${e.number}`}
      size="lg"
    >
      {operation ? <ClosingForm engagement={e} operation={operation} onClose={onClose} /> : null}
    </Modal>
  );
}
