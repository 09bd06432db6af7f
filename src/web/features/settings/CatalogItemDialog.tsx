import {
  Checkbox,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { deliverableKinds } from '../../../shared/domain.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FormFooter } from '../requests/FormFooter.tsx';
import { deliverableLabels } from '../requests/requests.labels.ts';
import type { CatalogItem } from '../requests/requests.types.ts';
import { SizesField } from './CatalogSizes.tsx';
import { useCatalogItemForm } from './useCatalogItemForm.ts';

function CatalogItemForm({ item, onClose }: { item: CatalogItem | null; onClose: () => void }) {
  const {
    mutation,
    kind,
    setKind,
    name,
    setName,
    description,
    setDescription,
    leadTimeDays,
    setLeadTimeDays,
    minimumHours,
    setMinimumHours,
    deliverables,
    setDeliverables,
    skills,
    setSkills,
    active,
    setActive,
    sizes,
    setSizes,
    fields,
    general,
    submit,
  } = useCatalogItemForm(item, onClose);

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
        <SizesField sizes={sizes} setSizes={setSizes} sizeError={sizeError} />
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
          label="Skills named to customers"
          description="Press Enter after each one. The skills and levels staffing suggestions look for are set with the Staffing button of the catalog."
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
