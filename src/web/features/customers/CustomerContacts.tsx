import { Anchor, Badge, Button, Group, Table, Text } from '@mantine/core';
import { IconAddressBook, IconPlus, IconUserPlus } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { roleLabels } from '../../../shared/roles.ts';
import type { Contact, Customer } from '../../api/types.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { ContactDialog, InviteContactDialog } from './ContactDialogs.tsx';
import { useContacts } from './customers.api.ts';
import { ListSection } from './ListSection.tsx';

function Flag({ on, children }: { on: boolean; children: ReactNode }) {
  return on ? (
    <Badge variant="light" radius="sm" tt="none" fw={600} size="sm" style={{ minWidth: 'max-content' }}>
      {children}
    </Badge>
  ) : null;
}

/** One contact in the contacts tab: name and email, phones, flags, escalation order, portal login, actions. */
function ContactRow({
  c,
  canEdit,
  onInvite,
  onEdit,
}: {
  c: Contact;
  canEdit: boolean;
  onInvite: (contact: Contact) => void;
  onEdit: (contact: Contact) => void;
}) {
  return (
    <Table.Tr>
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
                onClick={() => onInvite(c)}
                aria-label={`Invite ${c.name} to the portal`}
              >
                Invite
              </Button>
            )}
            <Button size="compact-sm" variant="default" onClick={() => onEdit(c)} aria-label={`Edit ${c.name}`}>
              Edit
            </Button>
          </Group>
        ) : null}
      </Table.Td>
    </Table.Tr>
  );
}

/** The contacts tab: the customer's contacts, Add contact, Edit and Invite to the portal. */
export function Contacts({ customer, canEdit }: { customer: Customer; canEdit: boolean }) {
  const query = useContacts(customer.id);
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
      query={query}
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
            <ContactRow key={c.id} c={c} canEdit={canEdit} onInvite={setInviting} onEdit={setEditing} />
          ))}
        </DataTable>
      )}
    </ListSection>
  );
}
