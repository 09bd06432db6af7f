import { NativeSelect, SimpleGrid, TextInput, Textarea } from '@mantine/core';
import type { DraftEditor } from './useDraftEditor.ts';
import { FormCard, LinesInput } from './WorkOrderFormParts.tsx';
import type { CatalogItem, ContractUnit } from './workorders.types.ts';

/** The service and scope card: title, catalog service and size, scope, objectives, in and out of scope. */
export function ScopeCard({
  editor,
  unit,
  catalog,
  item,
  onSize,
}: {
  editor: DraftEditor;
  unit: ContractUnit;
  catalog: CatalogItem[] | undefined;
  item: CatalogItem | null;
  onSize: (code: string) => void;
}) {
  const { form, set, errors } = editor;
  const setFormFields = (patch: Partial<typeof form>) => editor.setForm((f) => ({ ...f, ...patch }));
  return (
    <FormCard title="Service and scope">
      <TextInput
        label="Title"
        required
        value={form.title}
        onChange={(e) => set('title', e.currentTarget.value)}
        error={errors['title']}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <NativeSelect
          label="Service"
          data={[
            { value: '', label: 'No catalog service' },
            ...(catalog ?? []).map((c) => ({ value: c.id, label: c.name })),
          ]}
          value={form.catalogItemId ?? ''}
          onChange={(e) => setFormFields({ catalogItemId: e.currentTarget.value || null, sizeCode: null })}
          error={errors['catalogItemId']}
        />
        <NativeSelect
          label="Catalog size"
          disabled={!item || item.sizes.length === 0}
          data={[
            { value: '', label: 'No size' },
            ...(item?.sizes ?? []).map((s) => ({
              value: s.code,
              label: `${s.code}${s.label ? ` – ${s.label}` : ''}: estimate ${s.estimate.display}${(unit === 'hours' ? s.fixedPriceInHours : s.fixedPriceInUnits) ? `, fixed ${(unit === 'hours' ? s.fixedPriceInHours : s.fixedPriceInUnits)!.display}` : ''}`,
            })),
          ]}
          value={form.sizeCode ?? ''}
          onChange={(e) => onSize(e.currentTarget.value)}
          error={errors['sizeCode']}
        />
      </SimpleGrid>
      <Textarea
        label="Scope"
        required
        autosize
        minRows={4}
        maxRows={16}
        value={form.scope}
        onChange={(e) => set('scope', e.currentTarget.value)}
        error={errors['scope']}
      />
      <LinesInput
        label="Objectives"
        value={form.objectives}
        onChange={(v) => set('objectives', v)}
        error={errors['objectives']}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <LinesInput
          label="In scope"
          value={form.inScope}
          onChange={(v) => set('inScope', v)}
          error={errors['inScope']}
        />
        <LinesInput
          label="Out of scope"
          value={form.outOfScope}
          onChange={(v) => set('outOfScope', v)}
          error={errors['outOfScope']}
        />
      </SimpleGrid>
    </FormCard>
  );
}
