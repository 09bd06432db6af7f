import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  TagsInput,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { deliverableKinds, type DeliverableKind } from '../../../shared/domain.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FormFooter } from '../requests/FormFooter.tsx';
import { splitError } from '../requests/RequestActions.tsx';
import { deliverableLabels } from '../requests/requests.labels.ts';
import type { CatalogItem, CreateCatalogItemBody } from '../requests/requests.types.ts';
import { useCreateCatalogItem, useUpdateCatalogItem } from './settings.api.ts';

/** A size row as typed: hours and service units with decimals, converted to integer minutes and centiunits on save. */
interface SizeRow {
  code: string;
  label: string;
  estimateHours: number | string;
  priceUnits: number | string;
  priceHours: number | string;
}

const hoursOf = (minutes: number | null): number | string =>
  minutes === null ? '' : Math.round((minutes / 60) * 100) / 100;
const unitsOf = (centi: number | null): number | string => (centi === null ? '' : centi / 100);
const toMinutes = (h: number | string): number => Math.round(Number(h) * 60);

function sizeRows(item: CatalogItem | null): SizeRow[] {
  if (!item) return [{ code: 'S', label: '', estimateHours: '', priceUnits: '', priceHours: '' }];
  return item.sizes.map((s) => ({
    code: s.code,
    label: s.label ?? '',
    estimateHours: hoursOf(s.estimateMinutes),
    priceUnits: unitsOf(s.fixedPriceUnits),
    // An hours price equal to the estimate is the server's default: leave it empty.
    priceHours:
      s.fixedPriceMinutes !== null && s.fixedPriceMinutes !== s.estimateMinutes ? hoursOf(s.fixedPriceMinutes) : '',
  }));
}

function CatalogItemForm({ item, onClose }: { item: CatalogItem | null; onClose: () => void }) {
  const create = useCreateCatalogItem();
  const update = useUpdateCatalogItem();
  const mutation = item ? update : create;
  const [kind, setKind] = useState<CatalogItem['kind']>(item?.kind ?? 'proactive');
  const [name, setName] = useState(item?.name ?? '');
  const [description, setDescription] = useState(item?.description ?? '');
  const [leadTimeDays, setLeadTimeDays] = useState<number | string>(item?.leadTimeDays ?? 28);
  const [minimumHours, setMinimumHours] = useState<number | string>(hoursOf(item?.minimumBillableMinutes ?? 0));
  const [deliverables, setDeliverables] = useState<string[]>(item?.deliverables ?? []);
  const [skills, setSkills] = useState<string[]>(item?.requiredSkills ?? []);
  const [active, setActive] = useState(item?.active ?? true);
  const [sizes, setSizes] = useState<SizeRow[]>(() => sizeRows(item));
  const { fields, general } = splitError(mutation.error);
  const setSize = (i: number, patch: Partial<SizeRow>) =>
    setSizes((rows) => rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  function submit(e: FormEvent) {
    e.preventDefault();
    const body: CreateCatalogItemBody = {
      kind,
      name: name.trim(),
      description: description.trim(),
      active,
      leadTimeDays: Number(leadTimeDays || 0),
      minimumBillableMinutes: toMinutes(minimumHours || 0),
      deliverables: deliverables as DeliverableKind[],
      requiredSkills: skills,
      sizes: sizes
        .filter((s) => s.code.trim())
        .map((s) => ({
          code: s.code.trim(),
          ...(s.label.trim() ? { label: s.label.trim() } : {}),
          estimateMinutes: toMinutes(s.estimateHours || 0),
          fixedPriceUnits: s.priceUnits === '' ? null : Math.round(Number(s.priceUnits) * 100),
          ...(s.priceHours === '' ? {} : { fixedPriceMinutes: toMinutes(s.priceHours) }),
        })),
    };
    const done = (verb: string) => (saved: CatalogItem) => {
      notifications.show({
        color: 'green',
        title: `Service ${verb}`,
        message: `${saved.name} is ${saved.active ? 'offered to customers' : 'hidden from customers'}.`,
      });
      onClose();
    };
    if (item) update.mutate({ id: item.id, patch: { ...body, revision: item.revision } }, { onSuccess: done('saved') });
    else create.mutate(body, { onSuccess: done('added') });
  }

  const sizeError = Object.entries(fields).find(([k]) => k.startsWith('sizes'))?.[1];
  return (
    <form onSubmit={submit} noValidate aria-label={item ? `Edit ${item.name}` : 'Add a service'}>
      <Stack gap="md">
        {general ? <ErrorAlert error={general} title="Nothing was saved" /> : null}
        <Group gap="md" align="flex-end" wrap="wrap">
          <Stack gap={4}>
            <Text size="sm" fw={500} id="catalog-kind">
              Kind
            </Text>
            <SegmentedControl
              aria-labelledby="catalog-kind"
              data={[
                { value: 'proactive', label: 'Proactive' },
                { value: 'emergency', label: 'Emergency' },
              ]}
              value={kind}
              onChange={(v) => setKind(v as CatalogItem['kind'])}
            />
          </Stack>
          <Switch
            label="Offered to customers (active)"
            checked={active}
            onChange={(e) => setActive(e.currentTarget.checked)}
            mb={6}
          />
        </Group>
        <TextInput
          label="Name"
          required
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fields['name']}
          data-autofocus
        />
        <Textarea
          label="Standard scope"
          description="What the service includes, as customers read it in the portal."
          required
          autosize
          minRows={3}
          maxRows={10}
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
          error={fields['description']}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NumberInput
            label="Lead time (days)"
            description="Before the earliest start; the firm-wide lead time applies if it is longer."
            min={0}
            max={365}
            allowDecimal={false}
            allowNegative={false}
            value={leadTimeDays}
            onChange={setLeadTimeDays}
            error={fields['leadTimeDays']}
          />
          <NumberInput
            label="Minimum billable effort (hours)"
            min={0}
            decimalScale={2}
            allowNegative={false}
            value={minimumHours}
            onChange={setMinimumHours}
            error={fields['minimumBillableMinutes']}
          />
        </SimpleGrid>
        <Stack gap={6}>
          <Text size="sm" fw={500}>
            Sizes
          </Text>
          <Text size="xs" c="dimmed">
            Estimated effort in hours; a fixed price in service units and, for hours contracts, in hours (empty: the
            estimate). No fixed price: time and materials only.
          </Text>
          <Table.ScrollContainer minWidth={640}>
            <Table aria-label="Sizes" withTableBorder={false} highlightOnHover={false} verticalSpacing={4}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={80}>Code</Table.Th>
                  <Table.Th>Label</Table.Th>
                  <Table.Th w={110}>Estimate (h)</Table.Th>
                  <Table.Th w={110}>Price (SU)</Table.Th>
                  <Table.Th w={110}>Price (h)</Table.Th>
                  <Table.Th w={40} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sizes.map((s, i) => (
                  <Table.Tr key={i}>
                    <Table.Td>
                      <TextInput
                        aria-label={`Size ${i + 1} code`}
                        value={s.code}
                        onChange={(e) => setSize(i, { code: e.currentTarget.value })}
                      />
                    </Table.Td>
                    <Table.Td>
                      <TextInput
                        aria-label={`Size ${i + 1} label`}
                        placeholder="Small"
                        value={s.label}
                        onChange={(e) => setSize(i, { label: e.currentTarget.value })}
                      />
                    </Table.Td>
                    <Table.Td>
                      <NumberInput
                        aria-label={`Size ${i + 1} estimate in hours`}
                        min={0}
                        decimalScale={2}
                        allowNegative={false}
                        value={s.estimateHours}
                        onChange={(v) => setSize(i, { estimateHours: v })}
                      />
                    </Table.Td>
                    <Table.Td>
                      <NumberInput
                        aria-label={`Size ${i + 1} fixed price in service units`}
                        min={0}
                        decimalScale={2}
                        allowNegative={false}
                        value={s.priceUnits}
                        onChange={(v) => setSize(i, { priceUnits: v })}
                      />
                    </Table.Td>
                    <Table.Td>
                      <NumberInput
                        aria-label={`Size ${i + 1} fixed price in hours`}
                        min={0}
                        decimalScale={2}
                        allowNegative={false}
                        value={s.priceHours}
                        onChange={(v) => setSize(i, { priceHours: v })}
                      />
                    </Table.Td>
                    <Table.Td>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`Remove size ${s.code || i + 1}`}
                        onClick={() => setSizes((rows) => rows.filter((_, j) => j !== i))}
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {sizeError ? (
            <Text size="sm" c="red.8" role="alert">
              {sizeError}
            </Text>
          ) : null}
          <Group>
            <Button
              size="xs"
              variant="default"
              leftSection={<IconPlus size={14} aria-hidden />}
              onClick={() =>
                setSizes((rows) => [
                  ...rows,
                  { code: '', label: '', estimateHours: '', priceUnits: '', priceHours: '' },
                ])
              }
              disabled={sizes.length >= 10}
            >
              Add size
            </Button>
          </Group>
        </Stack>
        <Checkbox.Group
          label="Deliverables"
          value={deliverables}
          onChange={setDeliverables}
          error={fields['deliverables']}
        >
          <Group gap="md" mt="xs">
            {deliverableKinds.map((d) => (
              <Checkbox key={d} value={d} label={deliverableLabels[d]} />
            ))}
          </Group>
        </Checkbox.Group>
        <TagsInput
          label="Required skills"
          description="Press Enter after each skill; staffing looks for them."
          value={skills}
          onChange={setSkills}
          error={fields['requiredSkills']}
        />
        <FormFooter onCancel={onClose} submitLabel={item ? 'Save' : 'Add service'} pending={mutation.isPending} />
      </Stack>
    </form>
  );
}

/** Add a service to the catalog (item null) or edit one; a fresh form each time it opens. */
export function CatalogItemDialog({
  opened,
  item,
  onClose,
}: {
  opened: boolean;
  item: CatalogItem | null;
  onClose: () => void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={item ? `Edit ${item.name}` : 'Add a service'} size="xl">
      {opened ? <CatalogItemForm key={item?.id ?? 'new'} item={item} onClose={onClose} /> : null}
    </Modal>
  );
}
