import { amountText, localInputOf, localInputValue, readEffort, rowKey, type LineRow } from './draft.ts';
import type { ChangeOrder, DeltaLine } from './workorders.types.ts';

export interface ChangeForm {
  reason: string;
  scope: string;
  lines: LineRow[];
  deadline: string;
  /** New planned days (YYYY-MM-DD in the customer's zone), '' to leave that end as it is. */
  plannedStart: string;
  plannedEnd: string;
}

/** A signed effort as typed again: "+12h 00m", "-4h 00m". */
export const signedEffort = (minutes: number): string =>
  `${minutes < 0 ? '-' : '+'}${amountText(Math.abs(minutes), 'hours')}`;

/** The form of a change order as saved, or of a new one with one empty line. */
export const formOfChange = (changeOrder: ChangeOrder | null): ChangeForm => ({
  reason: changeOrder?.reason ?? '',
  scope: changeOrder?.scope ?? '',
  lines: changeOrder
    ? changeOrder.estimateDeltaLines.map((l) => ({
        key: rowKey(),
        activity: l.activity,
        role: l.role,
        effort: signedEffort(l.minutes),
      }))
    : [{ key: rowKey(), activity: 'analysis', role: '', effort: '' }],
  deadline: localInputOf(changeOrder?.approvalDeadline ?? null),
  plannedStart: changeOrder?.plannedStart ?? '',
  plannedEnd: changeOrder?.plannedEnd ?? '',
});

/** Whether two forms say the same (row keys aside). */
export const sameForm = (first: ChangeForm, second: ChangeForm): boolean =>
  JSON.stringify({ ...first, lines: first.lines.map(({ key: _k, ...l }) => l) }) ===
  JSON.stringify({ ...second, lines: second.lines.map(({ key: _k, ...l }) => l) });

/** The API body of the form, or the problems by field path. */
export function bodyOf(form: ChangeForm): {
  body: {
    reason: string;
    scope: string | null;
    estimateDeltaLines: DeltaLine[];
    approvalDeadline: string | null;
    plannedStart: string | null;
    plannedEnd: string | null;
  } | null;
  errors: Record<string, string>;
} {
  const errors: Record<string, string> = {};
  if (!form.reason.trim()) errors['reason'] = 'say why the change is needed';
  if (form.lines.length === 0) errors['estimateDeltaLines'] = 'add at least one line of effort';
  const lines = form.lines.map((l, n) => {
    const parsed = readEffort(l.effort, { signed: true });
    if (parsed.message) errors[`estimateDeltaLines.${n}.minutes`] = parsed.message;
    if (!l.role.trim()) errors[`estimateDeltaLines.${n}.role`] = 'say who does it';
    return { activity: l.activity, role: l.role.trim(), minutes: parsed.minutes ?? 0 };
  });
  const deadline = localInputValue(form.deadline);
  if (deadline.message) errors['approvalDeadline'] = deadline.message;
  if (form.plannedStart && form.plannedEnd && form.plannedEnd < form.plannedStart)
    errors['plannedEnd'] = 'the last planned day must not be before the first';
  if (Object.keys(errors).length) return { body: null, errors };
  return {
    body: {
      reason: form.reason.trim(),
      scope: form.scope.trim() || null,
      estimateDeltaLines: lines,
      approvalDeadline: deadline.value,
      plannedStart: form.plannedStart || null,
      plannedEnd: form.plannedEnd || null,
    },
    errors,
  };
}
