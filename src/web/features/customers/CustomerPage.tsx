import { Button, Tabs } from '@mantine/core';
import {
  IconAddressBook,
  IconArrowLeft,
  IconFileCertificate,
  IconInfoCircle,
  IconMapPin,
  IconPlus,
} from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import type { Customer } from '../../api/types.ts';
import { useSession } from '../../app/session.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { NewContractDialog } from '../contracts/ContractDialogs.tsx';
import { ContractsTable } from '../contracts/ContractsTable.tsx';
import { Contacts } from './CustomerContacts.tsx';
import { EditCustomerDialog } from './CustomerDialogs.tsx';
import { Overview } from './CustomerOverview.tsx';
import { Sites } from './CustomerSites.tsx';
import { DetailStates } from './FormParts.tsx';
import { useCustomer } from './customers.api.ts';

const tabs = ['overview', 'contacts', 'sites', 'contracts'] as const;
type Tab = (typeof tabs)[number];

/** Admins edit every customer; account managers those whose account team they are on; IR managers read. */
export function canEditCustomer(user: { id: string; role: string }, customer: Pick<Customer, 'accountTeam'>): boolean {
  return user.role === 'admin' || (user.role === 'account_manager' && customer.accountTeam.includes(user.id));
}

/** A customer: overview and account team, contacts (with portal logins), sites and retainer contracts. */
export function CustomerPage() {
  const { id = '' } = useParams();
  const { user } = useSession();
  const query = useCustomer(id);
  const [params, setParams] = useSearchParams();
  const tab: Tab = (tabs as readonly string[]).includes(params.get('tab') ?? '')
    ? (params.get('tab') as Tab)
    : 'overview';
  const back = (
    <Button
      component={Link}
      to="/customers"
      variant="subtle"
      leftSection={<IconArrowLeft size={16} aria-hidden />}
      px={0}
      mb="xs"
    >
      All customers
    </Button>
  );

  return (
    <DetailStates query={query} back={back} home="/customers" errorTitle="Could not load the customer">
      {(c) => (
        <CustomerView
          customer={c}
          back={back}
          canEdit={canEditCustomer(user, c)}
          tab={tab}
          setTab={(v) => setParams(v && v !== 'overview' ? { tab: v } : {}, { replace: true })}
          onReload={() => query.refetch()}
        />
      )}
    </DetailStates>
  );
}

function CustomerView({
  customer: c,
  back,
  canEdit,
  tab,
  setTab,
  onReload,
}: {
  customer: Customer;
  back: ReactNode;
  canEdit: boolean;
  tab: Tab;
  setTab: (tab: string | null) => void;
  onReload: () => Promise<unknown>;
}) {
  const [editing, setEditing] = useState(false);
  const [newContract, setNewContract] = useState(false);
  return (
    <>
      {back}
      <PageHeader
        title={c.name}
        description={
          <>
            {c.timeZone} ·{' '}
            {c.accountTeamMembers.length
              ? `Account team: ${c.accountTeamMembers.map((m) => m.name).join(', ')}`
              : 'No account team yet'}
          </>
        }
        actions={
          canEdit ? (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setNewContract(true)}>
              New contract
            </Button>
          ) : null
        }
      />
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="overview" leftSection={<IconInfoCircle size={16} aria-hidden />}>
            Overview
          </Tabs.Tab>
          <Tabs.Tab value="contacts" leftSection={<IconAddressBook size={16} aria-hidden />}>
            Contacts
          </Tabs.Tab>
          <Tabs.Tab value="sites" leftSection={<IconMapPin size={16} aria-hidden />}>
            Sites
          </Tabs.Tab>
          <Tabs.Tab value="contracts" leftSection={<IconFileCertificate size={16} aria-hidden />}>
            Contracts
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="overview">
          <Overview customer={c} canEdit={canEdit} onEdit={() => setEditing(true)} />
        </Tabs.Panel>
        <Tabs.Panel value="contacts">
          <Contacts customer={c} canEdit={canEdit} />
        </Tabs.Panel>
        <Tabs.Panel value="sites">
          <Sites customer={c} canEdit={canEdit} />
        </Tabs.Panel>
        <Tabs.Panel value="contracts">
          <ContractsTable customerId={c.id} onNew={canEdit ? () => setNewContract(true) : undefined} />
        </Tabs.Panel>
      </Tabs>
      <EditCustomerDialog customer={c} opened={editing} onClose={() => setEditing(false)} onReload={onReload} />
      <NewContractDialog customer={c} opened={newContract} onClose={() => setNewContract(false)} />
    </>
  );
}
