import { Button, Card, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { BackLink } from './FormFooter.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { IntakeCallerFields } from './IntakeCallerFields.tsx';
import type { RequestDraft } from './request-draft.ts';
import { KindFields } from './RequestFields.tsx';
import { useIntakeForm } from './useIntakeForm.ts';
import { useNow } from './useNow.ts';

/** Staff → Log a request: a hotline call or an email, with when it came in (the SLA clocks start there) and who asked. */
export function IntakePage() {
  const now = useNow();
  const intake = useIntakeForm();
  const { create, customers, contract, draft, setDraft, refusedEarliest, fields, general, submit } = intake;

  return (
    <>
      <BackLink to="/requests">Requests board</BackLink>
      <PageHeader
        title="Log a request"
        description="A customer called the hotline or sent an email. Emergencies are recorded whatever the contract says; you will see what it covers once it is logged."
      />
      <Card maw={920}>
        <form onSubmit={submit} noValidate aria-label="Log a request">
          <Stack gap="lg">
            {general ? <ErrorAlert error={general} title="The request was not logged" /> : null}
            {customers.error ? (
              <ErrorAlert
                error={customers.error}
                title="Could not load the customers"
                onRetry={() => void customers.refetch()}
              />
            ) : null}
            <IntakeCallerFields intake={intake} now={now} />
            <Stack gap="md">
              <Title order={2} fz="h4">
                What they need
              </Title>
              <SegmentedControl
                aria-label="Kind of request"
                color={draft.kind === 'emergency' ? 'red' : 'brand'}
                data={[
                  { value: 'emergency', label: 'Emergency' },
                  { value: 'proactive', label: 'Proactive service' },
                ]}
                value={draft.kind}
                onChange={(v) => setDraft((d) => ({ ...d, kind: v as RequestDraft['kind'] }))}
                w={{ base: '100%', sm: 360 }}
              />
              {contract || draft.kind === 'emergency' ? (
                <KindFields
                  draft={draft}
                  onChange={(p) => setDraft((d) => ({ ...d, ...p }))}
                  errors={fields}
                  contract={contract}
                  refusedEarliest={refusedEarliest}
                />
              ) : (
                <Text size="sm" c="dimmed">
                  Choose the customer and contract to see the services and the earliest start.
                </Text>
              )}
            </Stack>
            <Group justify="flex-end">
              <Button variant="default" component={Link} to="/requests">
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending} color={draft.kind === 'emergency' ? 'red' : undefined}>
                Log request
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
    </>
  );
}
