import { Alert, Box, Center, Stack, Text } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useParams, useSearchParams } from 'react-router';
import { isApiError } from '../../api/client.ts';
import { pageBackground } from '../../app/theme.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { CardsSkeleton } from '../../components/Loading.tsx';
import { Brand } from '../auth/AuthCard.tsx';
import { linkPdfUrl, useLinkDecision, useLinkSummary, type Choice } from './approvals.api.ts';
import { ApprovalView } from './ApprovalView.tsx';
import { useAskTopUpByLink } from '../topups/topups.api.ts';

/**
 * The landing page of the emailed approval link (/approve/:token), without signing in: the token is
 * the credential. Opening it only reads; the decision needs an explicit click (mail scanners open links).
 */
export function ApprovalLinkPage() {
  const { token = '' } = useParams();
  const [params] = useSearchParams();
  const initial = params.get('decision');
  const summary = useLinkSummary(token);
  const decide = useLinkDecision(token);
  const askTopUp = useAskTopUpByLink(token);
  useDocumentTitle(summary.data ? `${summary.data.number}: your decision · IMR Desk` : 'Approval · IMR Desk');

  let body;
  if (summary.isPending) body = <CardsSkeleton count={3} />;
  else if (summary.error) {
    body =
      isApiError(summary.error) &&
      (summary.error.code === 'TOKEN_INVALID' ||
        summary.error.code === 'VALIDATION_FAILED' ||
        summary.error.status === 404) ? (
        <Alert
          color="red"
          variant="light"
          icon={<IconAlertTriangle size={18} aria-hidden />}
          title="This link cannot be used"
          role="alert"
        >
          {summary.error.code === 'VALIDATION_FAILED'
            ? 'This approval link is not complete or not valid: open it again from the approval email.'
            : summary.error.detail}{' '}
          If you received several approval emails, use the latest one.
        </Alert>
      ) : (
        <ErrorAlert
          error={summary.error}
          title="The approval could not be loaded"
          onRetry={() => void summary.refetch()}
        />
      );
  } else {
    body = (
      <ApprovalView
        summary={summary.data}
        decide={decide}
        pdfUrl={linkPdfUrl(token)}
        askTopUp={askTopUp}
        initialChoice={initial === 'decline' ? ('decline' as Choice) : null}
      />
    );
  }

  return (
    <Box component="main" id="main" mih="100vh" py={32} px="md" bg={pageBackground}>
      <Center>
        <Stack w="100%" maw={760} gap="lg">
          <Brand />
          <Box
            bg="white"
            p={{ base: 'md', sm: 'xl' }}
            style={{ borderRadius: 8, border: '1px solid var(--mantine-color-gray-3)' }}
          >
            {body}
          </Box>
          <Text ta="center" size="xs" c="dimmed">
            This page was sent to you personally. Do not forward the link: it decides on behalf of your organisation.
          </Text>
        </Stack>
      </Center>
    </Box>
  );
}
