import { Box, Button, Code, Stack, Tabs, Text } from '@mantine/core';
import { IconDownload, IconEdit, IconEye, IconHistory } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../api/client.ts';
import { NotFoundPage } from '../../app/ErrorPages.tsx';
import { DateTime } from '../../components/DateTime.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { CardsSkeleton } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RateCardCard } from '../../components/RateCardCard.tsx';
import { editEffect } from '../../../shared/workorders.ts';
import { useEngagement } from '../engagements/engagements.api.ts';
import { isOpenEngagement } from '../engagements/engagements.labels.ts';
import { BackLink } from '../requests/FormFooter.tsx';
import { ChangeOrdersList } from './ChangeOrders.tsx';
import { DecisionEvidence } from './DecisionEvidence.tsx';
import type { WorkOrderDoc } from './document.ts';
import { DraftWorkspace } from './DraftWorkspace.tsx';
import { ImpactCard } from './ImpactCard.tsx';
import { ReviseDialog } from './ReviseDialog.tsx';
import { useWorkOrderContext } from './useWorkOrderContext.ts';
import { WorkOrderDocument } from './WorkOrderDocument.tsx';
import { figuresOf, Header, Versions, WithSide } from './WorkOrderPageParts.tsx';
import { useCanManageWorkOrders, useWorkOrder, useWorkOrderVersions, workOrderPdfUrl } from './workorders.api.ts';
import type { FrozenWorkOrder, WorkOrder } from './workorders.types.ts';

/** Staff → one work order: the editor of its draft, or its sent (or decided) version read-only; preview, versions and evidence. */
export function WorkOrderPage() {
  const id = useParams()['id'] ?? '';
  const query = useWorkOrder(id);
  const canManage = useCanManageWorkOrders();
  const [epoch, setEpoch] = useState(0);

  if (isApiError(query.error) && query.error.status === 404) return <NotFoundPage />;
  if (!query.data) {
    return (
      <>
        <BackLink to="/work-orders">Work orders</BackLink>
        <PageHeader title="Work order" />
        {query.error ? (
          <ErrorAlert error={query.error} title="Could not load the work order" onRetry={() => void query.refetch()} />
        ) : (
          <CardsSkeleton count={3} />
        )}
      </>
    );
  }
  const workOrder = query.data;
  /** After a refused stale save: the latest version from the server, and a fresh form. */
  const reload = async () => {
    await query.refetch();
    setEpoch((n) => n + 1);
  };
  return workOrder.status === 'draft' && canManage ? (
    <DraftWorkspace key={`${workOrder.id}:${workOrder.version}:${epoch}`} w={workOrder} onReload={reload} />
  ) : (
    <ReadWorkspace w={workOrder} canManage={canManage} />
  );
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
                <RateCardCard rateCard={w.rateCard} withBorder />
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
  const engagement = useEngagement(engagementId, { staleTime: 30_000 });
  const open = engagement.data ? isOpenEngagement(engagement.data.status) : false;
  return <ChangeOrdersList engagementId={engagementId} open={open} />;
}
