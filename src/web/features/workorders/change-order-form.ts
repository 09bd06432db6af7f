import { amountText, localInputOf, localInputValue, readEffort, rowKey, type LineRow } from './draft.ts';
import type { ChangeOrder, DeltaLine } from './workorders.types.ts';

export interface ChangeForm {
  reason: string;
  scope: string;
  lines: LineRow[];
  deadline: string;
}

/** A signed effort as typed again: "+12h 00m", "-4h 00m". */
export const signedEffort = (minutes: number): string =>
  `${minutes < 0 ? '-' : '+'}${amountText(Math.abs(minutes), 'hours')}`;

/** The form of a change order as saved, or of a new one with one empty line. */
export const formOfChange = (c: ChangeOrder | null): ChangeForm => ({
  reason: c?.reason ?? '',
  scope: c?.scope ?? '',
  lines: c
    ? c.estimateDeltaLines.map((l) => ({
        key: rowKey(),
        activity: l.activity,
        role: l.role,
        effort: signedEffort(l.minutes),
      }))
    : [{ key: rowKey(), activity: 'analysis', role: '', effort: '' }],
  deadline: localInputOf(c?.approvalDeadline ?? null),
});

/** Whether two forms say the same (row keys aside). */
export const sameForm = (a: ChangeForm, b: ChangeForm): boolean =>
  JSON.stringify({ ...a, lines: a.lines.map(({ key: _k, ...l }) => l) }) ===
  JSON.stringify({ ...b, lines: b.lines.map(({ key: _k, ...l }) => l) });

/** The API body of the form, or the problems by field path. */
export function bodyOf(f: ChangeForm): {
  body: {
    reason: string;
    scope: string | null;
    estimateDeltaLines: DeltaLine[];
    approvalDeadline: string | null;
  } | null;
  errors: Record<string, string>;
} {
  const errors: Record<string, string> = {};
  if (!f.reason.trim()) errors['reason'] = 'say why the change is needed';
  if (f.lines.length === 0) errors['estimateDeltaLines'] = 'add at least one line of effort';
  const lines = f.lines.map((l, n) => {
    const r = readEffort(l.effort, { signed: true });
    if (r.message) errors[`estimateDeltaLines.${n}.minutes`] = r.message;
    if (!l.role.trim()) errors[`estimateDeltaLines.${n}.role`] = 'say who does it';
    return { activity: l.activity, role: l.role.trim(), minutes: r.minutes ?? 0 };
  });
  const deadline = localInputValue(f.deadline);
  if (deadline.message) errors['approvalDeadline'] = deadline.message;
  if (Object.keys(errors).length) return { body: null, errors };
  return {
    body: {
      reason: f.reason.trim(),
      scope: f.scope.trim() || null,
      estimateDeltaLines: lines,
      approvalDeadline: deadline.value,
    },
    errors,
  };
}
