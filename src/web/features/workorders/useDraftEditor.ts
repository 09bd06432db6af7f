import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { isApiError } from '../../api/client.ts';
import {
  allFields,
  belongsTo,
  changedFields,
  formOf,
  patchWithoutRefused,
  valuesOf,
  type DraftForm,
  type FieldErrors,
  type FieldName,
} from './draft.ts';
import { useUpdateWorkOrder } from './workorders.api.ts';
import type { ContractUnit, WorkOrder } from './workorders.types.ts';

/** How long typing must pause before the draft is saved (and the server's figures come back). */
export const AUTOSAVE_MS = 900;

export type SaveState = 'saved' | 'dirty' | 'saving' | 'invalid' | 'failed' | 'stale';

/** Copies the form fields that write `fields` from `from` into `base` (what the server now holds). */
function markSaved(base: DraftForm, from: DraftForm, fields: readonly string[]): DraftForm {
  const next = { ...base } as Record<string, unknown>;
  for (const k of Object.keys(from) as (keyof DraftForm)[]) {
    const field = k === 'travelAmount' || k === 'travelCurrency' ? 'travelEstimate' : k;
    if (fields.includes(field)) next[k] = from[k];
  }
  return next as unknown as DraftForm;
}

/**
 * The server refused some fields of a patch (one staffing row, say): the other edits are sent again at
 * once, so none is lost; the refused fields stay as typed, marked with the server's words.
 */
async function resendWithoutRefused<P extends object>(
  send: (v: { patch: P; revision: number }) => Promise<WorkOrder>,
  patch: P,
  revision: number,
  e: unknown,
): Promise<{ fieldErrors: FieldErrors; rest?: { view: WorkOrder; fields: string[] } }> {
  const fieldErrors = isApiError(e) ? e.fieldErrors() : {};
  const rest = patchWithoutRefused(patch as Partial<Record<FieldName, unknown>>, fieldErrors);
  if (!rest) return { fieldErrors };
  try {
    return {
      fieldErrors,
      rest: { view: await send({ patch: rest.patch as P, revision }), fields: Object.keys(rest.patch) },
    };
  } catch {
    return { fieldErrors }; // the first refusal says what to correct
  }
}

/** Leaving the page saves what is pending; closing the tab with unsaved changes asks first. */
function useSaveOnLeave(save: () => Promise<boolean>, unsaved: boolean) {
  const saveOnLeave = useRef(save);
  useEffect(() => {
    saveOnLeave.current = save;
  }, [save]);
  useEffect(() => () => void saveOnLeave.current(), []);
  useEffect(() => {
    if (!unsaved) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [unsaved]);
}

/**
 * The editor of an EWO draft: the form, what differs from the server, and a debounced save of the
 * changed fields with the revision they were based on. Figures (estimate, reservation, balance impact)
 * are the server's, refreshed by each save; nothing is computed here. A 409 STALE_REVISION (or the
 * draft sent or revised elsewhere) stops saving until the user reloads.
 */
export function useDraftEditor(
  w: WorkOrder,
  o: { unit: ContractUnit; timeZone: string; earliestStart: string | null },
) {
  const update = useUpdateWorkOrder(w.id);
  const [saved, setSaved] = useState<DraftForm>(() => formOf(w, o.timeZone));
  const [form, setForm] = useState<DraftForm>(saved);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<{ error: unknown; form: DraftForm; partial?: boolean } | null>(null);
  const [stale, setStale] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);

  const latest = useRef({ form, saved, revision: w.revision, stale: false });
  const inFlight = useRef<Promise<boolean> | null>(null);
  useEffect(() => {
    latest.current.form = form;
    latest.current.saved = saved;
  }, [form, saved]);

  const opts = useMemo(
    () => ({ unit: o.unit, timeZone: o.timeZone, earliestStart: o.earliestStart }),
    [o.unit, o.timeZone, o.earliestStart],
  );
  const dirtyFields = useMemo(() => changedFields(saved, form), [saved, form]);
  const localErrors = useMemo(() => valuesOf(form, dirtyFields, opts).errors, [form, dirtyFields, opts]);

  /** Saves what changed (waiting for a save on its way first). True when everything on screen is saved. */
  const save = useCallback(async (): Promise<boolean> => {
    while (inFlight.current) await inFlight.current;
    const { form: current, saved: base, revision, stale: refused } = latest.current;
    if (refused) return false;
    const fields = changedFields(base, current);
    if (fields.length === 0) return true;
    const { patch, errors } = valuesOf(current, fields, opts);
    const sending = Object.keys(patch);
    if (sending.length === 0) return false;
    setSaving(true);
    // What the server took: its revision, the fields now saved, their old problems gone.
    const took = (view: WorkOrder, fieldsSent: string[]) => {
      latest.current.revision = view.revision;
      setSaved((latest.current.saved = markSaved(latest.current.saved, current, fieldsSent)));
      setServerErrors((prev) =>
        Object.fromEntries(
          Object.entries(prev).filter(([path]) => !fieldsSent.some((f) => belongsTo(path, f as FieldName))),
        ),
      );
    };
    const pending = update.mutateAsync({ patch, revision }).then(
      (view) => {
        took(view, sending);
        setFailure(null);
        return Object.keys(errors).length === 0;
      },
      async (e: unknown) => {
        if (isApiError(e) && (e.code === 'STALE_REVISION' || e.code === 'CONFLICT' || e.code === 'NOT_FOUND')) {
          latest.current.stale = true;
          setStale(e);
          return false;
        }
        const { fieldErrors: refusedFields, rest } = await resendWithoutRefused(update.mutateAsync, patch, revision, e);
        if (rest) took(rest.view, rest.fields);
        setServerErrors(refusedFields);
        setFailure({ error: e, form: current, partial: rest !== undefined });
        return false;
      },
    );
    inFlight.current = pending;
    try {
      return await pending;
    } finally {
      inFlight.current = null;
      setSaving(false);
    }
  }, [opts, update]);

  // Save a pause after the last change, unless the same content was just refused or the draft is stale.
  const retryingSame = failure !== null && changedFields(failure.form, form).length === 0;
  useEffect(() => {
    if (stale || dirtyFields.length === 0 || retryingSame) return;
    const timer = window.setTimeout(() => void save(), AUTOSAVE_MS);
    return () => window.clearTimeout(timer);
  }, [form, dirtyFields.length, stale, retryingSame, save]);

  // Leaving the page saves what is pending; closing the tab with unsaved changes asks first.
  const unsaved = dirtyFields.length > 0 || saving;
  useSaveOnLeave(save, unsaved);

  /** Saves now; then checks every field (a draft about to be sent). */
  const flush = useCallback(async (): Promise<{ ok: boolean; errors: FieldErrors }> => {
    const ok = await save();
    const errors = valuesOf(latest.current.form, allFields(latest.current.form), opts).errors;
    return {
      ok:
        ok && Object.keys(errors).length === 0 && changedFields(latest.current.saved, latest.current.form).length === 0,
      errors,
    };
  }, [save, opts]);

  const errors: FieldErrors = { ...serverErrors, ...localErrors };
  const state: SaveState = stale
    ? 'stale'
    : saving
      ? 'saving'
      : failure && retryingSame
        ? failure.partial
          ? 'invalid'
          : 'failed'
        : dirtyFields.length === 0
          ? 'saved'
          : Object.keys(localErrors).length
            ? 'invalid'
            : 'dirty';

  return {
    form,
    setForm,
    /** Changes one field of the form. */
    set: useCallback(
      <K extends keyof DraftForm>(field: K, value: DraftForm[K]) => setForm((f) => ({ ...f, [field]: value })),
      [],
    ),
    saved,
    errors,
    dirtyFields,
    state,
    failure: failure?.error ?? null,
    stale,
    /** The revision the next save is based on (what the server has, as far as this page knows). */
    revision: () => latest.current.revision,
    save,
    flush,
    /** Shows the server's field problems (a refused send) under their fields. */
    showProblems: setServerErrors,
  };
}

export type DraftEditor = ReturnType<typeof useDraftEditor>;
