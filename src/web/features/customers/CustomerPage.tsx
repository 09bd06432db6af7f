import { Anchor, Badge, Button, Card, DataList, Group, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import {
  IconAddressBook,
  IconArrowLeft,
  IconFileCertificate,
  IconInfoCircle,
  IconMapPin,
  IconPencil,
  IconPlus,
  IconUserPlus,
} from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { roleLabels } from '../../../shared/roles.ts';
import type { Contact, Customer, Page, Site } from '../../api/types.ts';
import { useSession } from '../../app/session.ts';
import { ListStates, DataTable } from '../../components/DataTable.tsx';
import { DateTime } from '../../components/DateTime.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { TableSkeleton } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { NewContractDialog } from '../contracts/ContractDialogs.tsx';
import { ContractsTable } from '../contracts/ContractsTable.tsx';
import { ContactDialog, InviteContactDialog } from './ContactDialogs.tsx';
import { EditCustomerDialog } from './CustomerDialogs.tsx';
import { DetailStates } from './FormParts.tsx';
import { useContacts, useCustomer, useSites } from './customers.api.ts';
import { SiteDialog } from './SiteDialog.tsx';

const tabs = ['overview', 'contacts', 'sites', 'contracts'] as const;
type Tab = (typeof tabs)[number];

/** Admins edit every customer; account managers those whose account team they are on; IR managers read. */
export function canEditCustomer(user: { id: string; role: string }, c: Pick<Customer, 'accountTeam'>): boolean {
  return user.role === 'admin' || (user.role === 'account_manager' && c.accountTeam.includes(user.id));
}

function Overview({ customer, canEdit, onEdit }: { customer: Customer; canEdit: boolean; onEdit: () => void }) {
  return (
    <Stack gap="md">
      <Card>
        <Group justify="space-between" mb="md">
          <Title order={2} fz="h4">
            Customer
          </Title>
          {canEdit ? (
            <Button variant="default" leftSection={<IconPencil size={16} aria-hidden />} onClick={onEdit}>
              Edit customer
            </Button>
          ) : null}
        </Group>
        <DataList labelWidth={180}>
          <DataList.Item>
            <DataList.ItemLabel>Name</DataList.ItemLabel>
            <DataList.ItemValue>{customer.name}</DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>Time zone</DataList.ItemLabel>
            <DataList.ItemValue>{customer.timeZone}</DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>Status</DataList.ItemLabel>
            <DataList.ItemValue>
              <StatusBadge status={customer.status} />
            </DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>Customer since</DataList.ItemLabel>
            <DataList.ItemValue>
              <DateTime value={customer.createdAt} />
            </DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>Last changed</DataList.ItemLabel>
            <DataList.ItemValue>
              <DateTime value={customer.updatedAt} /> (revision {customer.revision})
            </DataList.ItemValue>
          </DataList.Item>
        </DataList>
      </Card>
      <Card>
        <Title order={2} fz="h4" mb="md">
          Account team
        </Title>
        {customer.accountTeamMembers.length === 0 ? (
          <EmptyState
            bare
            size="sm"
            title="No account team yet"
            description={
              canEdit
                ? 'Edit the customer to add account managers and IR managers.'
                : 'An administrator or account manager can add the team.'
            }
          />
        ) : (
          <Table aria-label="Account team" highlightOnHover={false}>
            <Table.Tbody>
              {customer.accountTeamMembers.map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {m.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {m.email}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{roleLabels[m.role]}</Text>
                  </Table.Td>
                  <Table.Td>{m.status === 'active' ? null : <StatusBadge status={m.status} />}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
    </Stack>
  );
}

function Flag({ on, children }: { on: boolean; children: ReactNode }) {
  return on ? (
    <Badge variant="light" radius="sm" tt="none" fw={600} size="sm" style={{ minWidth: 'max-content' }}>
      {children}
    </Badge>
  ) : null;
}

/** A tab's list of one page of items: "Add" above it when there are some, its loading, error and empty states, its dialogs. */
function ListSection<T>({
  query,
  what,
  addButton,
  columns,
  empty,
  dialogs,
  children,
}: {
  query: { data: Page<T> | undefined; error: unknown; isPending: boolean; refetch: () => unknown };
  what: string;
  addButton: ReactNode;
  columns: number;
  empty: ReactNode;
  dialogs: ReactNode;
  children: (items: T[]) => ReactNode;
}) {
  const items = query.data?.items ?? [];
  return (
    <Stack gap="md">
      {items.length && addButton ? <Group justify="flex-end">{addButton}</Group> : null}
      <ListStates
        error={query.error}
        pending={query.isPending}
        isEmpty={items.length === 0}
        errorTitle={`Could not load the ${what}`}
        onRetry={() => void query.refetch()}
        skeleton={<TableSkeleton columns={columns} rows={3} />}
        empty={empty}
      >
        {children(items)}
      </ListStates>
      {dialogs}
    </Stack>
  );
}

function Contacts({ customer, canEdit }: { customer: Customer; canEdit: boolean }) {
  const q = useContacts(customer.id);
  const [editing, setEditing] = useState<Contact | null>(null);
  const [adding, setAdding] = useState(false);
  const [inviting, setInviting] = useState<Contact | null>(null);
  const addButton = canEdit ? (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setAdding(true)}>
      Add contact
    </Button>
  ) : null;
  return (
    <ListSection
      query={q}
      what="contacts"
      addButton={addButton}
      columns={5}
      empty={
        <EmptyState
          icon={<IconAddressBook size={28} stroke={1.5} aria-hidden />}
          title="No contacts yet"
          description="Contacts request services, approve work orders, receive statements and can get a portal login."
          action={addButton}
        />
      }
      dialogs={
        <>
          <ContactDialog
            customerId={customer.id}
            contact={editing}
            opened={adding || editing !== null}
            onClose={() => {
              setAdding(false);
              setEditing(null);
            }}
          />
          <InviteContactDialog customerId={customer.id} contact={inviting} onClose={() => setInviting(null)} />
        </>
      }
    >
      {(items) => (
        <DataTable
          label="Contacts"
          minWidth={960}
          columns={[
            'Name',
            'Phones',
            'Flags',
            { label: 'Order', width: 64 },
            'Portal login',
            { label: 'Actions', hidden: true },
          ]}
        >
          {items.map((c) => (
            <Table.Tr key={c.id}>
              <Table.Td>
                <Text size="sm" fw={600}>
                  {c.name}
                </Text>
                <Text size="xs" c="dimmed">
                  {c.email}
                </Text>
              </Table.Td>
              <Table.Td>
                {c.phones.length ? (
                  c.phones.map((p, i) => (
                    <Text key={i} size="sm" style={{ whiteSpace: 'nowrap' }}>
                      <Text span size="xs" c="dimmed">
                        {p.label}
                      </Text>{' '}
                      <Anchor href={`tel:${p.number.replace(/[^\d+]/g, '')}`} size="sm" c="inherit">
                        {p.number}
                      </Anchor>
                    </Text>
                  ))
                ) : (
                  <Text size="sm" c="dimmed">
                    —
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  <Flag on={c.canApprove}>Approves</Flag>
                  <Flag on={c.canRequest}>Requests</Flag>
                  <Flag on={c.receivesStatements}>Statements</Flag>
                  {!c.canApprove && !c.canRequest && !c.receivesStatements ? (
                    <Text size="sm" c="dimmed">
                      —
                    </Text>
                  ) : null}
                </Group>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{c.escalationOrder ?? '—'}</Text>
              </Table.Td>
              <Table.Td>
                {c.user ? (
                  <>
                    <Text size="sm">{roleLabels[c.user.role]}</Text>
                    <Group gap={6} mt={2}>
                      <StatusBadge status={c.user.status} />
                      {c.user.email !== c.email ? (
                        <Text size="xs" c="dimmed">
                          {c.user.email}
                        </Text>
                      ) : null}
                    </Group>
                  </>
                ) : (
                  <Text size="sm" c="dimmed">
                    No login
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                {canEdit ? (
                  <Group gap={6} justify="flex-end" wrap="nowrap">
                    {c.user ? null : (
                      <Button
                        size="compact-sm"
                        variant="light"
                        leftSection={<IconUserPlus size={14} aria-hidden />}
                        onClick={() => setInviting(c)}
                        aria-label={`Invite ${c.name} to the portal`}
                      >
                        Invite
                      </Button>
                    )}
                    <Button
                      size="compact-sm"
                      variant="default"
                      onClick={() => setEditing(c)}
                      aria-label={`Edit ${c.name}`}
                    >
                      Edit
                    </Button>
                  </Group>
                ) : null}
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}
    </ListSection>
  );
}

const coordinates = (s: Site) =>
  s.latitude === null || s.longitude === null ? '—' : `${s.latitude.toFixed(4)}, ${s.longitude.toFixed(4)}`;

function Sites({ customer, canEdit }: { customer: Customer; canEdit: boolean }) {
  const q = useSites(customer.id);
  const [editing, setEditing] = useState<Site | null>(null);
  const [adding, setAdding] = useState(false);
  const addButton = canEdit ? (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setAdding(true)}>
      Add site
    </Button>
  ) : null;
  return (
    <ListSection
      query={q}
      what="sites"
      addButton={addButton}
      columns={4}
      empty={
        <EmptyState
          icon={<IconMapPin size={28} stroke={1.5} aria-hidden />}
          title="No sites yet"
          description="Offices and data centres where consultants may work on site, with their time zones."
          action={addButton}
        />
      }
      dialogs={
        <SiteDialog
          customerId={customer.id}
          customerTimeZone={customer.timeZone}
          site={editing}
          opened={adding || editing !== null}
          onClose={() => {
            setAdding(false);
            setEditing(null);
          }}
        />
      }
    >
      {(items) => (
        <DataTable
          label="Sites"
          minWidth={760}
          columns={['Name', 'Address', 'Coordinates', 'Time zone', { label: 'Actions', hidden: true }]}
        >
          {items.map((s) => (
            <Table.Tr key={s.id}>
              <Table.Td>
                <Text size="sm" fw={600}>
                  {s.name}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
                  {s.address || '—'}
                </Text>
              </Table.Td>
              <Table.Td>
                {s.latitude !== null && s.longitude !== null ? (
                  <Anchor
                    size="sm"
                    href={`https://www.openstreetmap.org/?mlat=${s.latitude}&mlon=${s.longitude}#map=15/${s.latitude}/${s.longitude}`}
                    target="_blank"
                    rel="noopener noreferrer"
                  >
                    {coordinates(s)}
                  </Anchor>
                ) : (
                  <Text size="sm" c="dimmed">
                    —
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{s.timeZone}</Text>
              </Table.Td>
              <Table.Td>
                {canEdit ? (
                  <Group justify="flex-end">
                    <Button
                      size="compact-sm"
                      variant="default"
                      onClick={() => setEditing(s)}
                      aria-label={`Edit ${s.name}`}
                    >
                      Edit
                    </Button>
                  </Group>
                ) : null}
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}
    </ListSection>
  );
}

/** A customer: overview and account team, contacts (with portal logins), sites and retainer contracts. */
export function CustomerPage() {
  const { id = '' } = useParams();
  const { user } = useSession();
  const q = useCustomer(id);
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
    <DetailStates query={q} back={back} home="/customers" errorTitle="Could not load the customer">
      {(c) => (
        <CustomerView
          customer={c}
          back={back}
          canEdit={canEditCustomer(user, c)}
          tab={tab}
          setTab={(v) => setParams(v && v !== 'overview' ? { tab: v } : {}, { replace: true })}
          onReload={() => q.refetch()}
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
