import { Anchor } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { CardsSkeleton } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { portalPdfUrl, usePortalDecision, usePortalSummary, type Subject } from './approvals.api.ts';
import { ApprovalView } from './ApprovalView.tsx';
import { useAskTopUp } from '../topups/topups.api.ts';

/** One work order or change order in the portal, for the signed-in approver: the same page as the emailed link. */
export function PortalApprovalPage() {
  const params = useParams();
  const subject: Subject = params['subject'] === 'change_order' ? 'change_order' : 'work_order';
  const id = params['id'] ?? '';
  const summary = usePortalSummary(subject, id);
  const decide = usePortalDecision(subject, id);
  const askTopUp = useAskTopUp(summary.data?.topUp?.contractId ?? '');
  useDocumentTitle(summary.data ? `${summary.data.number}: your decision · IMR Desk` : 'Approval · IMR Desk');
  if (summary.isPending)
    return (
      <>
        <PageHeader title="Approval" />
        <CardsSkeleton count={3} />
      </>
    );
  if (summary.error) {
    return (
      <>
        <PageHeader title="Approval" />
        <ErrorAlert
          error={summary.error}
          title="This approval could not be loaded"
          onRetry={() => void summary.refetch()}
        />
        <Anchor component={Link} to="/portal/approvals" mt="md" display="block">
          Back to approvals
        </Anchor>
      </>
    );
  }
  return <ApprovalView summary={summary.data} decide={decide} pdfUrl={portalPdfUrl(subject, id)} askTopUp={askTopUp} />;
}
