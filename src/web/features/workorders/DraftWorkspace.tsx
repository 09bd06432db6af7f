import { Alert, Button, List, Stack, Tabs, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconEdit, IconEye, IconHistory, IconRefresh, IconSend } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { isApiError } from '../../api/client.ts';
import { DateTime } from '../../components/DateTime.tsx';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert.tsx';
import { CardsSkeleton } from '../../components/Loading.tsx';
import { RateCardCard } from '../../components/RateCardCard.tsx';
import { fieldLabel } from './draft.ts';
import { ImpactCard } from './ImpactCard.tsx';
import { SendDialog } from './SendDialog.tsx';
import { useDraftEditor, type DraftEditor } from './useDraftEditor.ts';
import { useWorkOrderContext, type WorkOrderContext } from './useWorkOrderContext.ts';
import { WorkOrderDocument } from './WorkOrderDocument.tsx';
import { WorkOrderForm } from './WorkOrderForm.tsx';
import { figuresOf, Header, Versions, WithSide } from './WorkOrderPageParts.tsx';
import { useSendWorkOrder } from './workorders.api.ts';
import type { WorkOrder } from './workorders.types.ts';

const saveWords = (editor: DraftEditor): ReactNode => {
  switch (editor.state) {
    case 'saved':
      return 'All changes saved; the figures are up to date.';
    case 'dirty':
      return 'Unsaved changes: the figures update once they are saved (as soon as you pause).';
    case 'saving':
      return 'Saving…';
    case 'invalid':
      return 'Fix the fields marked in red: they are not saved, and the figures do not include them yet.';
    case 'failed':
      return <>Not saved: {errorMessage(editor.failure)}</>;
    case 'stale':
      return 'Not saved: the work order changed elsewhere. Reload it.';
  }
};

/** A draft for an IR manager: the editor with live figures, a preview that matches the PDF, the versions, and Send. */
export function DraftWorkspace({ w, onReload }: { w: WorkOrder; onReload: () => Promise<void> }) {
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

/** Sending a draft: save what is pending first (listing what blocks it), then send; reload after a stale save. */
function useDraftSend(workOrder: WorkOrder, editor: DraftEditor, onReload: () => Promise<void>) {
  const send = useSendWorkOrder(workOrder.id);
  const [sendOpen, setSendOpen] = useState(false);
  const [preparing, setPreparing] = useState(false);
  const [blocked, setBlocked] = useState<string[] | null>(null);
  const [reloading, setReloading] = useState(false);

  async function prepare(): Promise<boolean> {
    setPreparing(true);
    const flushed = await editor.flush();
    setPreparing(false);
    setBlocked(flushed.ok ? null : Object.entries(flushed.errors).map(([k, m]) => `${fieldLabel(k)}: ${m}`));
    return flushed.ok;
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

  return { send, sendOpen, setSendOpen, preparing, blocked, reloading, openSend, doSend, reload };
}

/** The draft changed elsewhere: what is lost, and a button to reload the latest version. */
function StaleAlert({
  editor,
  reloading,
  reload,
}: {
  editor: DraftEditor;
  reloading: boolean;
  reload: () => Promise<void>;
}) {
  return editor.stale ? (
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
}

/** The draft's live figures, its save state, Send, and the approval deadline. */
function DraftSide({ w, editor, openSend }: { w: WorkOrder; editor: DraftEditor; openSend: () => Promise<void> }) {
  const updating = editor.state === 'dirty' || editor.state === 'saving';
  return (
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
}

/** In the send dialog: the fields that could not be saved, so the draft cannot be sent yet. */
function SendBlocked({ blocked, editor }: { blocked: string[]; editor: DraftEditor }) {
  return (
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
  );
}

function DraftEditorView({ w, ctx, onReload }: { w: WorkOrder; ctx: WorkOrderContext; onReload: () => Promise<void> }) {
  const editor = useDraftEditor(w, {
    unit: ctx.unit,
    timeZone: ctx.timeZone!,
    earliestStart: ctx.request.data?.kind === 'proactive' ? ctx.request.data.earliestStart : null,
  });
  const { send, sendOpen, setSendOpen, preparing, blocked, reloading, openSend, doSend, reload } = useDraftSend(
    w,
    editor,
    onReload,
  );
  const side = (
    <Stack gap="md">
      <DraftSide w={w} editor={editor} openSend={openSend} />
      <RateCardCard rateCard={w.rateCard} withBorder />
    </Stack>
  );

  return (
    <>
      <Header w={w} />
      <StaleAlert editor={editor} reloading={reloading} reload={reload} />
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
        {blocked && !preparing ? <SendBlocked blocked={blocked} editor={editor} /> : null}
      </SendDialog>
    </>
  );
}
