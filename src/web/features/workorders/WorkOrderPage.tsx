import { Alert, Anchor, Badge, Box, Button, Code, Flex, Group, List, Modal, Stack, Tabs, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconAlertTriangle,
  IconDownload,
  IconEdit,
  IconEye,
  IconHistory,
  IconRefresh,
  IconSend,
} from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../api/client.ts';
import { NotFoundPage } from '../../app/ErrorPages.tsx';
import { DateTime } from '../../components/DateTime.tsx';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert.tsx';
import { CardsSkeleton, TableSkeleton } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { editEffect } from '../../../shared/workorders.ts';
import { useEngagement } from '../engagements/engagements.api.ts';
import { isOpenEngagement } from '../engagements/engagements.labels.ts';
import { BackLink } from '../requests/FormFooter.tsx';
import { ChangeOrdersList } from './ChangeOrders.tsx';
import { DecisionEvidence } from './DecisionEvidence.tsx';
import type { WorkOrderDoc } from './document.ts';
import { fieldLabel } from './draft.ts';
import { ImpactCard } from './ImpactCard.tsx';
import { SendDialog } from './SendDialog.tsx';
import { useDraftEditor, type DraftEditor } from './useDraftEditor.ts';
import { useWorkOrderContext, type WorkOrderContext } from './useWorkOrderContext.ts';
import { VersionHistory } from './VersionHistory.tsx';
import { WorkOrderDocument } from './WorkOrderDocument.tsx';
import { WorkOrderForm } from './WorkOrderForm.tsx';
import {
  useCanManageWorkOrders,
  useSendWorkOrder,
  useUpdateWorkOrder,
  useWorkOrder,
  useWorkOrderVersions,
  workOrderPdfUrl,
} from './workorders.api.ts';
import { statusHints, versionStatusColors } from './workorders.labels.ts';
import type { FrozenWorkOrder, WorkOrder } from './workorders.types.ts';

/** Staff → one work order: the editor of its draft, or its sent (or decided) version read-only; preview, versions and evidence. */
export function WorkOrderPage() {
  const id = useParams()['id'] ?? '';
  const q = useWorkOrder(id);
  const canManage = useCanManageWorkOrders();
  const [epoch, setEpoch] = useState(0);

  if (isApiError(q.error) && q.error.status === 404) return <NotFoundPage />;
  if (!q.data) {
    return (
      <>
        <BackLink to="/work-orders">Work orders</BackLink>
        <PageHeader title="Work order" />
        {q.error ? (
          <ErrorAlert error={q.error} title="Could not load the work order" onRetry={() => void q.refetch()} />
        ) : (
          <CardsSkeleton count={3} />
        )}
      </>
    );
  }
  const w = q.data;
  /** After a refused stale save: the latest version from the server, and a fresh form. */
  const reload = async () => {
    await q.refetch();
    setEpoch((n) => n + 1);
  };
  return w.status === 'draft' && canManage ? (
    <DraftWorkspace key={`${w.id}:${w.version}:${epoch}`} w={w} onReload={reload} />
  ) : (
    <ReadWorkspace w={w} canManage={canManage} />
  );
}

/** The page's main column and, beside it from medium screens on (above it on small ones), a narrow column of figures that stays in view. */
function WithSide({ side, sticky = true, children }: { side: ReactNode; sticky?: boolean; children: ReactNode }) {
  return (
    <Flex direction={{ base: 'column', md: 'row-reverse' }} gap="md" align={{ base: 'stretch', md: 'flex-start' }}>
      <Box
        w={{ base: '100%', md: 320 }}
        pos={sticky ? { base: 'static', md: 'sticky' } : undefined}
        top={76}
        style={{ flexShrink: 0 }}
      >
        {side}
      </Box>
      <Box style={{ flex: 1, minWidth: 0 }}>{children}</Box>
    </Flex>
  );
}

/** The page's header: number and title, status, version, customer and request; the actions of the state. */
function Header({ w, actions, readOnly }: { w: WorkOrder; actions?: ReactNode; readOnly?: boolean }) {
  return (
    <>
      <BackLink to="/work-orders">Work orders</BackLink>
      <PageHeader title={`${w.number}: ${w.title}`} actions={actions} />
      <Stack gap={4} mt={-12} mb="lg">
        <Group gap="xs">
          <StatusBadge status={w.status} colors={versionStatusColors} />
          <Badge variant="outline" color="gray" tt="none">
            Version {w.version}
          </Badge>
          {w.kind === 'emergency' ? (
            <Badge color="red" variant="light" tt="none">
              Emergency{w.severity ? ` ${w.severity}` : ''}
            </Badge>
          ) : (
            <Badge variant="light" tt="none">
              Proactive
            </Badge>
          )}
          <Text span size="sm" c="dimmed">
            {w.customerName} · retainer {w.contractNumber} ·{' '}
            <Anchor component={Link} to={`/requests/${w.requestId}`} size="sm">
              request
            </Anchor>
          </Text>
        </Group>
        <Text size="sm" c="dimmed">
          {readOnly && w.status === 'draft'
            ? 'Draft: an IR manager is writing it. This is what sending it now would freeze.'
            : statusHints[w.status]}
        </Text>
      </Stack>
    </>
  );
}

const figuresOf = (w: WorkOrder) => [
  ...(w.pricingMode === 'fixed' && w.fixedPrice ? [{ label: 'Fixed price', value: w.fixedPrice }] : []),
  { label: w.pricingMode === 'fixed' ? 'Effort estimate' : 'Estimate', value: w.estimate.total },
  { label: 'Minimum billable', value: w.minimumBillable },
  { label: 'Reserved on approval', value: w.reservation, strong: true },
];

const saveWords = (e: DraftEditor): ReactNode => {
  switch (e.state) {
    case 'saved':
      return 'All changes saved; the figures are up to date.';
    case 'dirty':
      return 'Unsaved changes: the figures update once they are saved (as soon as you pause).';
    case 'saving':
      return 'Saving…';
    case 'invalid':
      return 'Fix the fields marked in red: they are not saved, and the figures do not include them yet.';
    case 'failed':
      return <>Not saved: {errorMessage(e.failure)}</>;
    case 'stale':
      return 'Not saved: the work order changed elsewhere. Reload it.';
  }
};

/** A draft for an IR manager: the editor with live figures, a preview that matches the PDF, the versions, and Send. */
function DraftWorkspace({ w, onReload }: { w: WorkOrder; onReload: () => Promise<void> }) {
  const ctx = useWorkOrderContext(w);
  if (!ctx.ready) {
    return (
      <>
        <Header w={w} />
        {ctx.request.error ? (
          <ErrorAlert
            error={ctx.request.error}
            title="Could not load the request of this work order"
            onRetry={() => void ctx.request.refetch()}
          />
        ) : (
          <CardsSkeleton count={3} />
        )}
      </>
    );
  }
  return <DraftEditorView w={w} ctx={ctx} onReload={onReload} />;
}

function DraftEditorView({ w, ctx, onReload }: { w: WorkOrder; ctx: WorkOrderContext; onReload: () => Promise<void> }) {
  const editor = useDraftEditor(w, {
    unit: ctx.unit,
    timeZone: ctx.timeZone!,
    earliestStart: ctx.request.data?.kind === 'proactive' ? ctx.request.data.earliestStart : null,
  });
  const send = useSendWorkOrder(w.id);
  const [sendOpen, setSendOpen] = useState(false);
  const [preparing, setPreparing] = useState(false);
  const [blocked, setBlocked] = useState<string[] | null>(null);
  const [reloading, setReloading] = useState(false);
  const updating = editor.state === 'dirty' || editor.state === 'saving';

  async function prepare(): Promise<boolean> {
    setPreparing(true);
    const r = await editor.flush();
    setPreparing(false);
    setBlocked(r.ok ? null : Object.entries(r.errors).map(([k, m]) => `${fieldLabel(k)}: ${m}`));
    return r.ok;
  }
  async function openSend() {
    send.reset();
    setSendOpen(true);
    await prepare();
  }
  async function doSend() {
    if (!(await prepare())) return;
    send.mutate(editor.revision(), {
      onSuccess: (v) =>
        notifications.show({
          color: 'green',
          title: `${v.number} version ${v.version} sent`,
          message: 'The approving contacts have been emailed. The content hash is on the page.',
        }),
      onError: (e) => {
        if (isApiError(e)) editor.showProblems(e.fieldErrors());
      },
    });
  }
  async function reload() {
    setReloading(true);
    await onReload();
    setReloading(false);
  }

  const stale = editor.stale ? (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertTriangle size={18} aria-hidden />}
      title="This work order changed elsewhere"
      role="alert"
      mb="md"
    >
      <Text size="sm">{errorMessage(editor.stale)}</Text>
      {editor.dirtyFields.length ? (
        <Text size="sm" mt={4}>
          Your unsaved changes ({editor.dirtyFields.map(fieldLabel).join(', ')}) are not saved; reloading discards them,
          so note what you need first.
        </Text>
      ) : null}
      <Button
        mt="sm"
        size="xs"
        leftSection={<IconRefresh size={14} aria-hidden />}
        onClick={() => void reload()}
        loading={reloading}
      >
        Reload the latest version
      </Button>
    </Alert>
  ) : null;

  const side = (
    <ImpactCard
      figures={figuresOf(w)}
      impact={w.balanceImpact}
      contractNumber={w.contractNumber}
      status={saveWords(editor)}
      updating={updating}
    >
      <Button
        mt="md"
        fullWidth
        leftSection={<IconSend size={16} aria-hidden />}
        onClick={() => void openSend()}
        disabled={Boolean(editor.stale)}
      >
        Send for approval
      </Button>
      <Text size="xs" c="dimmed" mt={6}>
        Approval deadline: {w.approvalDeadline ? <DateTime value={w.approvalDeadline} /> : w.approvalDeadlineDefault}
      </Text>
    </ImpactCard>
  );

  return (
    <>
      <Header w={w} />
      {stale}
      {w.version > 1 ? (
        <Alert color="blue" variant="light" mb="md" title={`Version ${w.version} is a draft`}>
          <Text size="sm">
            The customer cannot act on earlier versions any more. The Versions tab shows what changed since version{' '}
            {w.version - 1}.
          </Text>
        </Alert>
      ) : null}
      <Tabs defaultValue="edit" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="edit" leftSection={<IconEdit size={16} aria-hidden />}>
            Edit
          </Tabs.Tab>
          <Tabs.Tab value="preview" leftSection={<IconEye size={16} aria-hidden />}>
            Preview
          </Tabs.Tab>
          <Tabs.Tab value="versions" leftSection={<IconHistory size={16} aria-hidden />}>
            Versions
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="edit">
          <WithSide side={side}>
            <WorkOrderForm
              editor={editor}
              w={w}
              unit={ctx.unit}
              request={ctx.request.data}
              sites={ctx.sites.data}
              catalog={ctx.catalog.data}
              staff={ctx.staff}
            />
          </WithSide>
        </Tabs.Panel>
        <Tabs.Panel value="preview">
          <WithSide side={side}>
            <Text size="sm" c="dimmed" mb="sm">
              What the customer will receive as a PDF, as saved now. Sending sets the time, the deadline and the content
              hash.
            </Text>
            {ctx.draftDoc ? (
              <WorkOrderDocument doc={ctx.draftDoc} contentHash={null} deadlineRule={w.approvalDeadlineDefault} />
            ) : (
              <CardsSkeleton count={2} />
            )}
          </WithSide>
        </Tabs.Panel>
        <Tabs.Panel value="versions">
          <Versions w={w} draftDoc={ctx.draftDoc} />
        </Tabs.Panel>
      </Tabs>
      <SendDialog
        opened={sendOpen}
        onClose={() => setSendOpen(false)}
        onSend={() => void doSend()}
        sending={send.isPending}
        preparing={preparing}
        error={send.error}
        customerId={w.customerId}
        what={`${w.number} version ${w.version}`}
        deadline={w.approvalDeadline}
        deadlineRule={w.approvalDeadlineDefault}
        units={w.reservation}
        unitsLabel="Reserved on approval"
        impact={w.balanceImpact}
      >
        {blocked && !preparing ? (
          <Alert
            color="red"
            variant="light"
            icon={<IconAlertTriangle size={18} aria-hidden />}
            title="Some fields are not saved yet"
            role="alert"
          >
            <List size="sm">
              {blocked.map((b) => (
                <List.Item key={b}>{b}</List.Item>
              ))}
            </List>
            {blocked.length === 0 ? (
              <Text size="sm">
                {editor.failure ? errorMessage(editor.failure) : 'Wait for the changes to be saved, then send.'}
              </Text>
            ) : null}
          </Alert>
        ) : null}
      </SendDialog>
    </>
  );
}

function Versions({ w, draftDoc }: { w: WorkOrder; draftDoc: WorkOrderDoc | null }) {
  const versions = useWorkOrderVersions(w.id);
  if (versions.error)
    return (
      <ErrorAlert error={versions.error} title="Could not load the versions" onRetry={() => void versions.refetch()} />
    );
  if (!versions.data) return <TableSkeleton columns={6} rows={2} />;
  return <VersionHistory workOrderId={w.id} versions={versions.data} draftDoc={draftDoc} />;
}

/** A sent or decided version (or any version for readers): the document as frozen, its hash and evidence, and Revise. */
function ReadWorkspace({ w, canManage }: { w: WorkOrder; canManage: boolean }) {
  const ctx = useWorkOrderContext(w);
  const versions = useWorkOrderVersions(w.id);
  const [revising, setRevising] = useState(false);
  const current = versions.data?.find((v) => v.version === w.version);
  const frozen = current?.frozen ? (current.frozen as unknown as FrozenWorkOrder) : null;
  const doc: WorkOrderDoc | null = frozen ?? (w.status === 'draft' ? ctx.draftDoc : null);
  const revisable = canManage && editEffect(w.status) === 'next_version';
  const hasPdf = w.status !== 'draft';

  const actions = (
    <>
      {hasPdf ? (
        <Button
          component="a"
          href={workOrderPdfUrl(w.id, w.version)}
          variant="default"
          leftSection={<IconDownload size={16} aria-hidden />}
        >
          Download PDF
        </Button>
      ) : null}
      {w.engagementId ? (
        <Button component={Link} to={`/engagements/${w.engagementId}`} variant="default">
          Open the engagement
        </Button>
      ) : null}
      {revisable ? (
        <Button leftSection={<IconEdit size={16} aria-hidden />} onClick={() => setRevising(true)}>
          Revise
        </Button>
      ) : null}
    </>
  );

  return (
    <>
      <Header w={w} actions={actions} readOnly={!canManage} />
      <Tabs defaultValue="document" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="document" leftSection={<IconEye size={16} aria-hidden />}>
            Document
          </Tabs.Tab>
          <Tabs.Tab value="versions" leftSection={<IconHistory size={16} aria-hidden />}>
            Versions
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="document">
          <WithSide
            sticky={false}
            side={
              <Stack gap="md">
                {w.decision ? <DecisionEvidence decision={w.decision} /> : null}
                <ImpactCard
                  title="Figures"
                  figures={figuresOf(w)}
                  impact={w.balanceImpact}
                  contractNumber={w.contractNumber}
                >
                  {w.contentHash ? (
                    <Stack gap={4} mt="md">
                      <Text size="sm" fw={600}>
                        Content hash (SHA-256)
                      </Text>
                      <Code block style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }} data-testid="sent-hash">
                        {w.contentHash}
                      </Code>
                      <Text size="xs" c="dimmed">
                        Sent <DateTime value={w.sentAt} />
                        {w.approvalDeadline ? (
                          <>
                            {' '}
                            · decide by <DateTime value={w.approvalDeadline} />
                          </>
                        ) : null}
                      </Text>
                    </Stack>
                  ) : null}
                </ImpactCard>
              </Stack>
            }
          >
            {doc ? (
              <WorkOrderDocument doc={doc} contentHash={w.contentHash} deadlineRule={w.approvalDeadlineDefault} />
            ) : versions.error ? (
              <ErrorAlert
                error={versions.error}
                title="Could not load the document"
                onRetry={() => void versions.refetch()}
              />
            ) : (
              <CardsSkeleton count={2} />
            )}
          </WithSide>
          {w.engagementId ? (
            <Box mt="md">
              <EngagementChangeOrders engagementId={w.engagementId} />
            </Box>
          ) : null}
        </Tabs.Panel>
        <Tabs.Panel value="versions">
          <Versions w={w} draftDoc={w.status === 'draft' ? ctx.draftDoc : null} />
        </Tabs.Panel>
      </Tabs>
      <ReviseDialog w={w} opened={revising} onClose={() => setRevising(false)} />
    </>
  );
}

/** The approved EWO's engagement's change orders; a closed or cancelled engagement takes no new one. */
function EngagementChangeOrders({ engagementId }: { engagementId: string }) {
  const e = useEngagement(engagementId, { staleTime: 30_000 });
  const open = e.data ? isOpenEngagement(e.data.status) : false;
  return <ChangeOrdersList engagementId={engagementId} open={open} />;
}

/** Revising supersedes a sent version (its links stop working) or follows a request for changes; the next version opens as a draft. */
function ReviseDialog({ w, opened, onClose }: { w: WorkOrder; opened: boolean; onClose: () => void }) {
  const update = useUpdateWorkOrder(w.id);
  function revise() {
    // Any edit of a sent version starts the next one; the title unchanged makes it a copy to edit.
    update.mutate(
      { patch: { title: w.title }, revision: w.revision },
      {
        onSuccess: (v) => {
          notifications.show({
            color: 'blue',
            title: `${v.number}: version ${v.version} opened`,
            message:
              w.status === 'sent'
                ? `Version ${w.version} was superseded; its links no longer work.`
                : 'Edit it and send it again.',
          });
          onClose();
        },
      },
    );
  }
  return (
    <Modal
      opened={opened}
      onClose={() => {
        update.reset();
        onClose();
      }}
      title={`Revise ${w.number}`}
      size="lg"
    >
      <Stack gap="md">
        {w.status === 'sent' ? (
          <Alert
            color="orange"
            variant="light"
            icon={<IconAlertTriangle size={18} aria-hidden />}
            title={`Version ${w.version} stops being approvable`}
          >
            <Text size="sm">
              Revising supersedes version {w.version} at once: the approve and decline links and the reply-to addresses
              emailed to the customer stop working, and the request goes back to drafting. Version {w.version + 1} opens
              as a draft with the same content; send it when it is ready.
            </Text>
          </Alert>
        ) : (
          <Text size="sm">
            The customer asked for changes
            {w.decision?.reason ? (
              <>
                : <em>{w.decision.reason}</em>
              </>
            ) : null}
            . Version {w.version + 1} opens as a draft with the same content.
          </Text>
        )}
        {update.error ? <ErrorAlert error={update.error} title="Not revised" /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={update.isPending}>
            Cancel
          </Button>
          <Button
            color={w.status === 'sent' ? 'orange' : undefined}
            onClick={revise}
            loading={update.isPending}
            data-autofocus
          >
            Start version {w.version + 1}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
