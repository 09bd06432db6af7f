import { Alert, Stack } from '@mantine/core';
import type { UseMutationResult } from '@tanstack/react-query';
import { IconAlertTriangle } from '@tabler/icons-react';
import { isApiError } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { ApprovalHeading, ApprovalNotices, PdfAndHash, UnitsSection, WhatSection } from './ApprovalParts.tsx';
import type { ApprovalSummary, Choice } from './approvals.api.ts';
import { DecisionPanel, useReasonForm, type Decide } from './DecisionPanel.tsx';
import { TopUpOffer } from '../topups/TopUpOffer.tsx';
import type { TopUpRequest, TopUpRequestBody } from '../topups/topups.api.ts';

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
  askTopUp,
}: {
  summary: ApprovalSummary;
  decide: Decide;
  pdfUrl: string;
  initialChoice?: Choice | null;
  /** Asks for a top-up when the balance cannot cover approval (portal or signed link). */
  askTopUp?: UseMutationResult<TopUpRequest, Error, TopUpRequestBody>;
}) {
  const approval = summary;
  const reasonForm = useReasonForm(approval, decide, initialChoice);
  const canDecide = approval.awaitingDecision && (approval.approver?.canDecide ?? true);
  const done = decide.data;
  const error = decide.error;
  const balanceRefusal = isApiError(error) && error.code === 'BALANCE_INSUFFICIENT' ? error : null;
  const what = approval.subject === 'work_order' ? `work order ${approval.number}` : `change order ${approval.number}`;

  return (
    <Stack gap="lg">
      <ApprovalHeading s={approval} />
      <ApprovalNotices s={approval} done={done} />
      <UnitsSection s={approval} done={done} />
      {canDecide && !done && approval.topUp && askTopUp ? (
        <TopUpOffer
          shortfall={approval.topUp.shortfall}
          unit={approval.topUp.shortfall.unit === 'minute' ? 'hours' : 'service_units'}
          contractNumber={approval.contractNumber}
          ask={askTopUp}
        />
      ) : null}
      {canDecide && !done ? <DecisionPanel s={approval} decide={decide} what={what} reasonForm={reasonForm} /> : null}
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
      <WhatSection s={approval} />
      <PdfAndHash s={approval} pdfUrl={pdfUrl} />
    </Stack>
  );
}
