import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { isApiError } from '../../api/client.ts';
import { bodyOf, formOfChange, sameForm, type ChangeForm } from './change-order-form.ts';
import type { LineRow } from './draft.ts';
import {
  useApprovingContacts,
  useCanManageWorkOrders,
  useCreateChangeOrder,
  useSendChangeOrder,
  useUpdateChangeOrder,
} from './workorders.api.ts';
import type { ChangeOrder } from './workorders.types.ts';

/** The change-order dialog's state: the order as saved, the form, its errors, save (or supersede) and send. */
export function useChangeOrderEditor(engagementId: string, initial: ChangeOrder | null) {
  const canManage = useCanManageWorkOrders();
  const create = useCreateChangeOrder(engagementId);
  const update = useUpdateChangeOrder();
  const send = useSendChangeOrder();
  const [current, setCurrent] = useState<ChangeOrder | null>(initial);
  const [revising, setRevising] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [form, setForm] = useState<ChangeForm>(() => formOfChange(initial));
  const [tried, setTried] = useState(false);
  const contacts = useApprovingContacts(confirming && current ? current.customerId : null);

  const editable = canManage && (current === null || current.status === 'draft' || revising);
  const dirty = current === null || !sameForm(form, formOfChange(current));
  const local = bodyOf(form);
  const saveError = create.error ?? update.error;
  const server = isApiError(saveError) ? saveError.fieldErrors() : {};
  const errors = { ...server, ...(tried || !dirty ? local.errors : {}) };

  const setLine = (n: number, patch: Partial<LineRow>) =>
    setForm((f) => ({ ...f, lines: f.lines.map((l, i) => (i === n ? { ...l, ...patch } : l)) }));

  function save(e?: FormEvent) {
    e?.preventDefault();
    setTried(true);
    if (!local.body) return;
    const done = (changeOrder: ChangeOrder) => {
      setCurrent(changeOrder);
      setForm(formOfChange(changeOrder));
      setTried(false);
      setRevising(false);
    };
    if (!current) {
      const { plannedStart, plannedEnd, scope, ...rest } = local.body;
      create.mutate(
        {
          ...rest,
          scope: scope ?? undefined,
          ...(plannedStart ? { plannedStart } : {}),
          ...(plannedEnd ? { plannedEnd } : {}),
        },
        { onSuccess: done },
      );
    } else
      update.mutate(
        { id: current.id, revision: current.revision, patch: local.body },
        {
          onSuccess: (c) => {
            if (c.id !== current.id)
              notifications.show({
                color: 'blue',
                title: `${c.number} replaces ${current.number}`,
                message: `The links of ${current.number} no longer work. Send ${c.number} when it is ready.`,
              });
            done(c);
          },
        },
      );
  }

  function doSend() {
    if (!current) return;
    send.mutate(
      { id: current.id, revision: current.revision },
      {
        onSuccess: (c) => {
          notifications.show({
            color: 'green',
            title: `${c.number} sent`,
            message: 'The approving contacts have been emailed.',
          });
          setCurrent(c);
          setConfirming(false);
        },
      },
    );
  }

  return {
    canManage,
    create,
    update,
    send,
    current,
    revising,
    setRevising,
    confirming,
    setConfirming,
    form,
    setForm,
    contacts,
    editable,
    dirty,
    saveError,
    server,
    errors,
    setLine,
    save,
    doSend,
  };
}

export type ChangeOrderEditor = ReturnType<typeof useChangeOrderEditor>;
