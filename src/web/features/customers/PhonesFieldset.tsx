import { ActionIcon, Button, Fieldset, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { Phone } from '../../api/types.ts';

/** A contact's phone numbers: a label and a number each, remove one, add one (ten at most). */
export function PhonesFieldset({
  phones,
  setPhones,
  fields,
}: {
  phones: Phone[];
  setPhones: (phones: Phone[]) => void;
  fields: Record<string, string | undefined>;
}) {
  const setPhone = (i: number, patch: Partial<Phone>) =>
    setPhones(phones.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  return (
    <Fieldset legend="Phones" variant="unstyled">
      <Stack gap="xs">
        {phones.length === 0 ? (
          <Text size="sm" c="dimmed">
            No phone numbers.
          </Text>
        ) : null}
        {phones.map((p, i) => (
          <Group key={i} align="flex-start" wrap="nowrap" gap="xs">
            <TextInput
              aria-label={`Phone ${i + 1} label`}
              placeholder="mobile, office, hotline"
              value={p.label}
              onChange={(e) => setPhone(i, { label: e.currentTarget.value })}
              error={fields[`phones.${i}.label`]}
              w={160}
            />
            <TextInput
              aria-label={`Phone ${i + 1} number`}
              placeholder="+1 312 555 0100"
              value={p.number}
              onChange={(e) => setPhone(i, { number: e.currentTarget.value })}
              error={fields[`phones.${i}.number`] ?? fields[`phones.${i}`]}
              style={{ flex: 1 }}
              type="tel"
            />
            <ActionIcon
              variant="subtle"
              color="gray"
              size="lg"
              mt={2}
              aria-label={`Remove phone ${i + 1}`}
              onClick={() => setPhones(phones.filter((_, j) => j !== i))}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        ))}
        <div>
          <Button
            variant="subtle"
            size="compact-sm"
            leftSection={<IconPlus size={14} aria-hidden />}
            onClick={() => setPhones([...phones, { label: phones.length ? 'office' : 'mobile', number: '' }])}
            disabled={phones.length >= 10}
          >
            Add phone
          </Button>
        </div>
        {fields['phones'] ? (
          <Text size="xs" c="red.8">
            {fields['phones']}
          </Text>
        ) : null}
      </Stack>
    </Fieldset>
  );
}
