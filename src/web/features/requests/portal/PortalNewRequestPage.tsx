import { Alert, Button, Card, Group, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { IconPhoneCall } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useSession } from '../../../app/session.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { CardsSkeleton } from '../../../components/Loading.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { contractLabel, dateText } from '../format.ts';
import { emptyDraft, requestBody, requestFormErrors, type RequestDraft } from '../request-draft.ts';
import { KindFields } from '../RequestFields.tsx';
import { requestsKey, useContractOptions, useCreateRequest } from '../requests.api.ts';
import type { Contract } from '../../../api/types.ts';
import { CallTheHotline } from '../../portal/FirmContact.tsx';
import { KindChoice } from './KindChoice.tsx';
import { mayRequest } from './portal.roles.ts';

/** The 24×7 hint under every emergency form and confirmation. */
export function HotlineHint() {
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <IconPhoneCall size={18} aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
      <Text size="sm">
        Help is available 24×7. If systems are down, email does not work, or you have not heard from us in time,{' '}
        <CallTheHotline />.
      </Text>
    </Group>
  );
}

/** No contract to file under: an emergency is told to call the hotline, proactive work to ask for a retainer. */
function NoContractAlert({ emergency }: { emergency: boolean }) {
  return (
    <Alert
      color={emergency ? 'red' : 'gray'}
      variant="light"
      title={emergency ? 'No retainer on file' : 'No active retainer'}
    >
      <Text size="sm">
        {emergency ? (
          <>
            Your organisation has no retainer contract in the portal yet. <CallTheHotline capital />. Nobody is turned
            away in a crisis.
          </>
        ) : (
          'Proactive work needs an active retainer contract. Ask your account team about one.'
        )}
      </Text>
    </Alert>
  );
}

/** The contract the request is filed under: a choice when there are several, else a line naming it. */
function ContractChoice({
  choosable,
  chosen,
  onChoose,
  error,
}: {
  choosable: Contract[];
  chosen: Contract;
  onChoose: (id: string) => void;
  error: string | undefined;
}) {
  return choosable.length > 1 ? (
    <NativeSelect
      label="Contract"
      data={choosable.map((c) => ({ value: c.id, label: contractLabel(c) }))}
      value={chosen.id}
      onChange={(e) => onChoose(e.currentTarget.value)}
      error={error}
    />
  ) : (
    <Text size="sm" c="dimmed">
      Under contract <strong>{chosen.number}</strong> ({dateText(chosen.termStart)} to {dateText(chosen.termEnd)}).
    </Text>
  );
}

/** Portal → Request help: an emergency (first, red, prominent) or proactive work with the earliest allowed start. */
export function PortalNewRequestPage() {
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const kind: RequestDraft['kind'] = params.get('kind') === 'proactive' ? 'proactive' : 'emergency';
  const contracts = useContractOptions(null);
  const create = useCreateRequest();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [stored, setDraft] = useState<RequestDraft>(() => emptyDraft(kind));
  // The address says which kind is being asked for; what was typed for the other kind stays for a switch back.
  const draft: RequestDraft = { ...stored, kind };
  const [contractId, setContractId] = useState<string>('');
  const [refusedEarliest, setRefusedEarliest] = useState<string | null>(null);

  if (!mayRequest(user.role)) {
    return (
      <>
        <PageHeader title="Request help" />
        <Alert color="gray" variant="light" title="Your role cannot make requests">
          <Text size="sm">
            Ask your organisation&apos;s point of contact or a requester. In an emergency, <CallTheHotline />.
          </Text>
        </Alert>
      </>
    );
  }

  const all = contracts.data ?? [];
  // Proactive work needs an active retainer; an emergency may be filed under any contract (it is flagged).
  const choosable =
    kind === 'proactive' ? all.filter((c) => c.status === 'active') : all.filter((c) => c.status !== 'draft');
  const chosen =
    choosable.find((c) => c.id === contractId) ?? choosable.find((c) => c.status === 'active') ?? choosable[0];
  const { fields, general } = requestFormErrors(create.error);

  function choose(kind: RequestDraft['kind']) {
    setParams(kind === 'emergency' ? {} : { kind }, { replace: true });
    create.reset();
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!chosen) return;
    create.mutate(requestBody(draft, chosen.id), {
      onSuccess: (r) => void navigate(`/portal/requests/${r.id}`, { state: { created: true } }),
      onError: (err) => {
        const refused = requestFormErrors(err).refusedEarliest;
        if (refused) {
          setRefusedEarliest(refused);
          void qc.invalidateQueries({ queryKey: [...requestsKey, 'lead-time'] });
        }
      },
    });
  }

  const emergency = kind === 'emergency';
  return (
    <>
      <PageHeader
        title="Request help"
        description={`For ${user.organizationName}. Your IR firm sees your request at once.`}
      />
      <Stack gap="lg">
        <KindChoice kind={kind} onChoose={choose} />
        {contracts.error ? (
          <ErrorAlert
            error={contracts.error}
            title="Could not load your contracts"
            onRetry={() => void contracts.refetch()}
          />
        ) : null}
        {contracts.isPending ? <CardsSkeleton count={1} /> : null}
        {!contracts.isPending && !contracts.error && !chosen ? <NoContractAlert emergency={emergency} /> : null}
        {chosen ? (
          <Card style={emergency ? { borderColor: 'var(--mantine-color-red-6)', borderWidth: 2 } : undefined}>
            <form onSubmit={submit} noValidate aria-label={emergency ? 'Emergency request' : 'Proactive request'}>
              <Stack gap="md">
                <Title order={2} fz="h3" c={emergency ? 'red.8' : undefined}>
                  {emergency ? 'Tell us about the incident' : 'What would you like us to do?'}
                </Title>
                {general ? <ErrorAlert error={general} title="The request was not sent" /> : null}
                <ContractChoice
                  choosable={choosable}
                  chosen={chosen}
                  onChoose={setContractId}
                  error={fields['contractId']}
                />
                <KindFields
                  draft={draft}
                  onChange={(p) => setDraft((d) => ({ ...d, ...p }))}
                  errors={fields}
                  contract={chosen}
                  refusedEarliest={refusedEarliest}
                />
                {emergency ? <HotlineHint /> : null}
                <Group justify="flex-end" gap="sm">
                  <Button variant="default" component={Link} to="/portal/requests">
                    Cancel
                  </Button>
                  <Button
                    type="submit"
                    loading={create.isPending}
                    color={emergency ? 'red' : undefined}
                    size={emergency ? 'lg' : 'md'}
                  >
                    {emergency ? 'Send emergency request' : 'Send request'}
                  </Button>
                </Group>
              </Stack>
            </form>
          </Card>
        ) : null}
      </Stack>
    </>
  );
}
