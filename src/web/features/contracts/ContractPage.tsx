import { Alert, Anchor, Button, Menu, Stack, Tabs, Text, Title } from '@mantine/core';
import {
  IconAdjustments,
  IconArrowLeft,
  IconCalendarPlus,
  IconChevronDown,
  IconCirclePlus,
  IconFileInvoice,
  IconListDetails,
  IconMail,
  IconPlayerPlay,
  IconSettings,
  IconX,
} from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import type { Contract } from '../../api/types.ts';
import { useSession } from '../../app/session.ts';
import { CalendarDate } from '../../components/DateTime.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useCustomer } from '../customers/customers.api.ts';
import { ContractMessages } from '../channels/ContractMessages.tsx';
import { DetailStates } from '../customers/FormParts.tsx';
import { BalanceCard } from './BalanceCard.tsx';
import { RetainerPrice, TermsPanel } from './TermsPanel.tsx';
import { BalanceChart } from './BalanceChart.tsx';
import { unitLabels } from './contract-labels.ts';
import { ContractActionDialog, RenewContractDialog } from './ContractDialogs.tsx';
import { useBalance, useContract } from './contracts.api.ts';
import { LedgerTable } from './LedgerTable.tsx';
import { PostingDialog } from './PostingDialogs.tsx';
import { SettingsPanel } from './SettingsPanel.tsx';
import { StatementPreviewCard } from '../statements/StatementPreviewCard.tsx';
import { StatementsTable } from '../statements/StatementsTable.tsx';
import { TopUpRequestsCard } from '../topups/TopUpRequestsCard.tsx';

/** May the signed-in user manage this customer's contracts (admin, or an account manager on its team)? */
export function useCanManage(customerId: string | undefined): { canManage: boolean; isAdmin: boolean } {
  const { user } = useSession();
  const isAdmin = user.role === 'admin';
  const customer = useCustomer(customerId ?? '');
  const onTeam = user.role === 'account_manager' && Boolean(customer.data?.accountTeam.includes(user.id));
  return { canManage: isAdmin || onTeam, isAdmin };
}

function Actions({ contract }: { contract: Contract }) {
  const { canManage, isAdmin } = useCanManage(contract.customerId);
  const [posting, setPosting] = useState<'top-up' | 'adjustment' | null>(null);
  const [action, setAction] = useState<'activate' | 'terminate' | null>(null);
  const [renewing, setRenewing] = useState(false);
  if (!canManage) return null;
  const live = contract.status === 'active';
  const canRenew = (contract.status === 'active' || contract.status === 'expired') && !contract.successorId;
  const canTerminate = isAdmin && (contract.status === 'active' || contract.status === 'draft');
  return (
    <>
      {live ? (
        <Button leftSection={<IconCirclePlus size={16} aria-hidden />} onClick={() => setPosting('top-up')}>
          Top up
        </Button>
      ) : null}
      {contract.status === 'draft' ? (
        <Button leftSection={<IconPlayerPlay size={16} aria-hidden />} onClick={() => setAction('activate')}>
          Activate
        </Button>
      ) : null}
      {isAdmin && contract.status !== 'draft' ? (
        <Button
          variant="default"
          leftSection={<IconAdjustments size={16} aria-hidden />}
          onClick={() => setPosting('adjustment')}
        >
          Adjust
        </Button>
      ) : null}
      {canRenew || canTerminate ? (
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <Button variant="default" rightSection={<IconChevronDown size={16} aria-hidden />}>
              More
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            {canRenew ? (
              <Menu.Item leftSection={<IconCalendarPlus size={16} aria-hidden />} onClick={() => setRenewing(true)}>
                Renew…
              </Menu.Item>
            ) : null}
            {canTerminate ? (
              <Menu.Item
                color="red"
                leftSection={<IconX size={16} aria-hidden />}
                onClick={() => setAction('terminate')}
              >
                Terminate…
              </Menu.Item>
            ) : null}
          </Menu.Dropdown>
        </Menu>
      ) : null}
      <PostingDialog contract={contract} kind={posting} onClose={() => setPosting(null)} />
      <ContractActionDialog contract={contract} action={action} onClose={() => setAction(null)} />
      <RenewContractDialog contract={contract} opened={renewing} onClose={() => setRenewing(false)} />
    </>
  );
}

function StatusNote({ contract, area }: { contract: Contract; area: 'staff' | 'portal' }) {
  const link = (id: string, label: string) => (
    <Anchor component={Link} to={area === 'staff' ? `/contracts/${id}` : `/portal/contracts/${id}`} inherit>
      {label}
    </Anchor>
  );
  if (contract.status === 'draft') {
    return (
      <Alert color="gray" variant="light" title="Draft">
        This contract takes no top-ups and no work until it is activated.
      </Alert>
    );
  }
  if (contract.status === 'terminated') {
    return (
      <Alert color="red" variant="light" title="Terminated">
        {contract.statusReason ?? 'Ended early.'}
        {contract.successorId ? <> Continued by {link(contract.successorId, 'the renewal')}.</> : null}
      </Alert>
    );
  }
  if (contract.status === 'expired') {
    return (
      <Alert color="orange" variant="light" title="Term ended">
        The term ended on <CalendarDate value={contract.termEnd} />.
        {contract.successorId ? <> Continued by {link(contract.successorId, 'the renewal')}.</> : null}
      </Alert>
    );
  }
  if (contract.successorId)
    return (
      <Text size="sm" c="dimmed">
        Renewed: {link(contract.successorId, 'the successor contract')} starts after this term.
      </Text>
    );
  return null;
}

/**
 * A retainer contract: the balance card, the chart of the balance over time, the ledger and (staff) the
 * settings, with top-up, adjustment, activate, renew and terminate for those who may. In the portal the
 * same page is read-only.
 */
export function ContractPage({ area = 'staff' }: { area?: 'staff' | 'portal' }) {
  const { id = '' } = useParams();
  const query = useContract(id);
  const [params, setParams] = useSearchParams();
  const asked = params.get('tab');
  const tab =
    (asked === 'settings' || asked === 'terms' || asked === 'statements' || asked === 'messages') && area === 'staff'
      ? asked
      : 'ledger';
  const contract = query.data;
  const back = (
    <Button
      component={Link}
      to={area === 'portal' ? '/portal' : contract ? `/customers/${contract.customerId}?tab=contracts` : '/customers'}
      variant="subtle"
      leftSection={<IconArrowLeft size={16} aria-hidden />}
      px={0}
      mb="xs"
    >
      {area === 'portal'
        ? 'Back to the portal home'
        : contract
          ? `Back to ${contract.customerName}`
          : 'Back to customers'}
    </Button>
  );

  return (
    <DetailStates
      query={query}
      back={back}
      home={area === 'portal' ? '/portal' : '/customers'}
      errorTitle="Could not load the contract"
    >
      {(c) => (
        <ContractView
          contract={c}
          area={area}
          back={back}
          tab={tab}
          setTab={(v) =>
            setParams(v === 'settings' || v === 'terms' || v === 'statements' || v === 'messages' ? { tab: v } : {}, {
              replace: true,
            })
          }
          onReload={() => query.refetch()}
        />
      )}
    </DetailStates>
  );
}

function ContractView({
  contract: c,
  area,
  back,
  tab,
  setTab,
  onReload,
}: {
  contract: Contract;
  area: 'staff' | 'portal';
  back: ReactNode;
  tab: string;
  setTab: (tab: string | null) => void;
  onReload: () => Promise<unknown>;
}) {
  const balance = useBalance(c.id);
  const ledger = <LedgerTable contractId={c.id} contractNumber={c.number} timeZone={c.timeZone} />;
  return (
    <>
      {back}
      <PageHeader
        title={`Contract ${c.number}`}
        description={
          <>
            {c.customerName} · {unitLabels[c.unit]}
            {c.unitsPerHour ? ` (${c.unitsPerHour} per hour)` : ''} · term <CalendarDate value={c.termStart} /> –{' '}
            <CalendarDate value={c.termEnd} /> ({c.timeZone})
          </>
        }
        actions={area === 'staff' ? <Actions contract={c} /> : null}
      />
      <Stack gap="lg">
        <StatusNote contract={c} area={area} />
        <BalanceCard contractId={c.id} />
        {area === 'portal' ? <RetainerPrice contractId={c.id} /> : null}
        {area === 'staff' ? <StaffTopUpRequests contract={c} /> : <TopUpRequestsCard contract={c} area="portal" />}
        <BalanceChart contract={c} balance={balance.data} />
        {area === 'staff' ? (
          <Tabs value={tab} onChange={setTab} keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="ledger" leftSection={<IconListDetails size={16} aria-hidden />}>
                Ledger
              </Tabs.Tab>
              <Tabs.Tab value="settings" leftSection={<IconSettings size={16} aria-hidden />}>
                Settings
              </Tabs.Tab>
              <Tabs.Tab value="terms" leftSection={<IconFileInvoice size={16} aria-hidden />}>
                Commercial terms
              </Tabs.Tab>
              <Tabs.Tab value="statements" leftSection={<IconFileInvoice size={16} aria-hidden />}>
                Statements
              </Tabs.Tab>
              <Tabs.Tab value="messages" leftSection={<IconMail size={16} aria-hidden />}>
                Messages
              </Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="ledger" pt="md">
              {ledger}
            </Tabs.Panel>
            <Tabs.Panel value="settings" pt="md">
              <SettingsAccess contract={c} onReload={onReload} />
            </Tabs.Panel>
            <Tabs.Panel value="terms" pt="md">
              <TermsAccess contract={c} />
            </Tabs.Panel>
            <Tabs.Panel value="statements" pt="md">
              <Stack gap="md">
                <StatementsTable contractId={c.id} customerId={c.customerId} staff />
                {c.status === 'active' && <StatementPreviewCard contractId={c.id} contractNumber={c.number} />}
              </Stack>
            </Tabs.Panel>
            <Tabs.Panel value="messages" pt="md">
              <ContractMessages contractId={c.id} />
            </Tabs.Panel>
          </Tabs>
        ) : (
          <section aria-labelledby="ledger-heading">
            <Title order={2} fz="h3" id="ledger-heading" mb="sm">
              Ledger
            </Title>
            {ledger}
          </section>
        )}
      </Stack>
    </>
  );
}

/** Pending top-up requests on the staff page: accepted or declined by those who manage the contract. */
function StaffTopUpRequests({ contract }: { contract: Contract }) {
  const { canManage } = useCanManage(contract.customerId);
  return <TopUpRequestsCard contract={contract} area="staff" canDecide={canManage} />;
}

function TermsAccess({ contract }: { contract: Contract }) {
  const { canManage } = useCanManage(contract.customerId);
  return <TermsPanel contract={contract} canEdit={canManage} />;
}

function SettingsAccess({ contract, onReload }: { contract: Contract; onReload: () => Promise<unknown> }) {
  const { canManage } = useCanManage(contract.customerId);
  return <SettingsPanel contract={contract} canEdit={canManage} onReload={onReload} />;
}

/** The portal's contract page: balance, chart and ledger, read-only. */
export const PortalContractPage = () => <ContractPage area="portal" />;
