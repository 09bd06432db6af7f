import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import type { DeliverableKind } from '../../../shared/domain.ts';
import { splitError } from '../requests/RequestActions.tsx';
import type { CatalogItem, CreateCatalogItemBody } from '../requests/requests.types.ts';
import { hoursOf, sizeRows, toMinutes, type SizeRow } from './CatalogSizes.tsx';
import { useCreateCatalogItem, useUpdateCatalogItem } from './settings.api.ts';

/** The catalog item form's state (one field each, the sizes as typed) and its save: add, or edit at the item's revision. */
export function useCatalogItemForm(item: CatalogItem | null, onClose: () => void) {
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

  return {
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
  };
}
