import { Badge, Button, Card, Group, Modal, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { currencyChoices, minorToDecimal, parseMinor } from '../../../shared/money.ts';
import { formatAmount } from '../../../shared/units.ts';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert.tsx';
import { readAmount } from '../contracts/amount.ts';
import { AmountInput } from '../contracts/AmountInput.tsx';
import { FormActions } from '../customers/FormParts.tsx';
import { splitError } from '../customers/form.ts';
import { useSavePackage, useTopUpPackages, type TopUpPackage } from './packages.api.ts';

/**
 * Settings → Service catalog → Top-up packages: blocks of hours customers may ask for instead of a quantity,
 * with a price per currency. Admins and account managers add, edit, retire and reactivate them.
 */
export function TopUpPackagesSection({ canEdit }: { canEdit: boolean }) {
  const list = useTopUpPackages();
  const save = useSavePackage();
  const [editing, setEditing] = useState<TopUpPackage | 'new' | null>(null);
  const items = list.data?.items ?? [];

  const setActive = (p: TopUpPackage, active: boolean) =>
    save.mutate(
      { id: p.id, body: { active, revision: p.revision } },
      {
        onSuccess: (s) =>
          notifications.show({
            color: s.active ? 'green' : 'gray',
            title: s.active ? 'Package offered' : 'Package retired',
            message: s.active
              ? `Customers can ask for ${s.name}.`
              : `Customers can no longer ask for ${s.name}; requests already made keep their price.`,
          }),
        onError: (e) =>
          notifications.show({ color: 'red', title: `Could not change ${p.name}`, message: errorMessage(e) }),
      },
    );

  return (
    <Card withBorder component="section" aria-labelledby="topup-packages-heading">
      <Group justify="space-between" mb="sm">
        <div>
          <Title order={2} fz="h4" id="topup-packages-heading">
            Top-up packages
          </Title>
          <Text size="sm" c="dimmed">
            Blocks customers may ask for instead of a quantity; a request keeps the price it was made with.
          </Text>
        </div>
        {canEdit ? (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>
            Add package
          </Button>
        ) : null}
      </Group>
      {list.error ? <ErrorAlert error={list.error} title="Could not load the top-up packages" /> : null}
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {list.isPending ? 'Loading…' : 'No top-up packages yet: customers ask for a quantity.'}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="xs" aria-label="Top-up packages">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Package</Table.Th>
                <Table.Th>Quantity</Table.Th>
                <Table.Th>Prices</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>
                  <span className="visually-hidden">Actions</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((p) => (
                <Table.Tr key={p.id} data-testid="topup-package-row">
                  <Table.Td fw={600}>{p.name}</Table.Td>
                  <Table.Td>{p.quantity.display}</Table.Td>
                  <Table.Td>{p.prices.map((m) => m.display).join(' · ') || '—'}</Table.Td>
                  <Table.Td>
                    <Badge color={p.active ? 'green' : 'gray'} variant="light" tt="none">
                      {p.active ? 'Offered' : 'Retired'}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {canEdit ? (
                      <Group gap="xs" justify="flex-end" wrap="nowrap">
                        <Button size="compact-sm" variant="default" onClick={() => setEditing(p)}>
                          Edit
                        </Button>
                        <Button
                          size="compact-sm"
                          variant="default"
                          loading={save.isPending && save.variables?.id === p.id}
                          onClick={() => setActive(p, !p.active)}
                        >
                          {p.active ? 'Retire' : 'Offer again'}
                        </Button>
                      </Group>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? 'Add a top-up package' : editing ? `Edit ${editing.name}` : ''}
      >
        {editing !== null ? (
          <PackageForm item={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
        ) : null}
      </Modal>
    </Card>
  );
}

type PriceRow = { currency: string | null; amount: string };

/** Name, quantity (hours) and one row per currency's price; prices are typed as decimals ("3200.00"). */
function PackageForm({ item, onClose }: { item: TopUpPackage | null; onClose: () => void }) {
  const save = useSavePackage();
  const unit = item?.unit ?? 'hours';
  const [name, setName] = useState(item?.name ?? '');
  const [quantityText, setQuantityText] = useState(
    item ? formatAmount(item.quantity.amount, unit === 'hours' ? 'minute' : 'centiunit') : '',
  );
  const [rows, setRows] = useState<PriceRow[]>(
    item?.prices.length
      ? item.prices.map((m) => ({ currency: m.currency, amount: minorToDecimal(m.amountMinor, m.currency) }))
      : [{ currency: 'EUR', amount: '' }],
  );
  const [local, setLocal] = useState<Record<string, string>>({});
  const { fields, general } = splitError(save.error, ['name', 'quantity', 'prices']);

  function submit(e: FormEvent) {
    e.preventDefault();
    if (save.isPending) return;
    const q = readAmount(quantityText, unit);
    const problems: Record<string, string> = {};
    if (!name.trim()) problems['name'] = 'is required';
    if (q.amount === null || q.amount <= 0) problems['quantity'] = q.message ?? 'is required';
    const prices = rows.flatMap((r, i) => {
      if (!r.currency && !r.amount.trim()) return [];
      const parsed = r.currency ? parseMinor(r.amount, r.currency) : null;
      if (!parsed?.ok) {
        problems[`price${i}`] = parsed ? parsed.message : 'choose a currency';
        return [];
      }
      return [{ currency: r.currency!, amountMinor: parsed.amountMinor }];
    });
    setLocal(problems);
    if (Object.keys(problems).length || q.amount === null) return;
    const body = { name: name.trim(), quantity: q.amount, prices };
    save.mutate(
      item ? { id: item.id, body: { ...body, revision: item.revision } } : { id: null, body: { ...body, unit } },
      {
        onSuccess: (p) => {
          notifications.show({ color: 'green', title: 'Package saved', message: `${p.name}: ${p.quantity.display}.` });
          onClose();
        },
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Top-up package">
      <Stack gap="md">
        {general ? <ErrorAlert error={general} title="The package was not saved" /> : null}
        <TextInput
          label="Name"
          required
          placeholder="40-hour block"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={local['name'] ?? fields['name']}
          data-autofocus
        />
        <AmountInput
          label="Hours"
          unit={unit}
          value={quantityText}
          onChange={setQuantityText}
          error={local['quantity'] ?? fields['quantity']}
          required
        />
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            Prices
          </Text>
          {rows.map((r, i) => (
            <Group key={i} gap="xs" align="flex-start" wrap="nowrap">
              <Select
                aria-label={`Currency of price ${i + 1}`}
                data={[...currencyChoices]}
                searchable
                value={r.currency}
                onChange={(v) => setRows((all) => all.map((x, j) => (j === i ? { ...x, currency: v } : x)))}
                w={110}
              />
              <TextInput
                aria-label={`Price ${i + 1}`}
                placeholder="3200.00"
                value={r.amount}
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  setRows((all) => all.map((x, j) => (j === i ? { ...x, amount: v } : x)));
                }}
                error={local[`price${i}`]}
                style={{ flex: 1 }}
              />
              <Button
                variant="subtle"
                color="gray"
                aria-label={`Remove price ${i + 1}`}
                onClick={() => setRows((all) => all.filter((_, j) => j !== i))}
              >
                <IconTrash size={16} aria-hidden />
              </Button>
            </Group>
          ))}
          {fields['prices'] ? (
            <Text size="xs" c="red">
              {fields['prices']}
            </Text>
          ) : null}
          <Button
            variant="subtle"
            size="compact-sm"
            w="fit-content"
            onClick={() => setRows((all) => [...all, { currency: null, amount: '' }])}
          >
            Add a price in another currency
          </Button>
        </Stack>
        <FormActions onCancel={onClose} submit="Save package" loading={save.isPending} />
      </Stack>
    </form>
  );
}
