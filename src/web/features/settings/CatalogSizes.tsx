import { ActionIcon, Button, Group, NumberInput, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { Dispatch, SetStateAction } from 'react';
import type { CatalogItem } from '../requests/requests.types.ts';

/** A size row as typed: hours and service units with decimals, converted to integer minutes and centiunits on save. */
export interface SizeRow {
  code: string;
  label: string;
  estimateHours: number | string;
  priceUnits: number | string;
  priceHours: number | string;
}

/** Minutes as hours with two decimals; empty when there are none. */
export const hoursOf = (minutes: number | null): number | string =>
  minutes === null ? '' : Math.round((minutes / 60) * 100) / 100;
const unitsOf = (centi: number | null): number | string => (centi === null ? '' : centi / 100);
/** Hours as typed, in whole minutes. */
export const toMinutes = (h: number | string): number => Math.round(Number(h) * 60);

/** The size rows of an item as the form types them (one empty "S" row for a new service). */
export function sizeRows(item: CatalogItem | null): SizeRow[] {
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

/** One size as a row of inputs: code, label, estimate, the two fixed prices, remove. */
function SizeInputs({
  s,
  i,
  setSize,
  onRemove,
}: {
  s: SizeRow;
  i: number;
  setSize: (i: number, patch: Partial<SizeRow>) => void;
  onRemove: () => void;
}) {
  return (
    <Table.Tr>
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
        <ActionIcon variant="subtle" color="red" aria-label={`Remove size ${s.code || i + 1}`} onClick={onRemove}>
          <IconTrash size={16} />
        </ActionIcon>
      </Table.Td>
    </Table.Tr>
  );
}

/** The sizes of a service: a table of rows, the problem with them, and Add size (ten at most). */
export function SizesField({
  sizes,
  setSizes,
  sizeError,
}: {
  sizes: SizeRow[];
  setSizes: Dispatch<SetStateAction<SizeRow[]>>;
  sizeError: string | undefined;
}) {
  const setSize = (i: number, patch: Partial<SizeRow>) =>
    setSizes((rows) => rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
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
              <SizeInputs
                key={i}
                s={s}
                i={i}
                setSize={setSize}
                onRemove={() => setSizes((rows) => rows.filter((_, j) => j !== i))}
              />
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
            setSizes((rows) => [...rows, { code: '', label: '', estimateHours: '', priceUnits: '', priceHours: '' }])
          }
          disabled={sizes.length >= 10}
        >
          Add size
        </Button>
      </Group>
    </Stack>
  );
}
