import { Input, Loader } from '@mantine/core';
import { useRef, useState, type KeyboardEvent } from 'react';
import { isApiError } from '../../api/client.ts';
import { errorMessage } from '../../components/ErrorAlert.tsx';
import type { Activity } from '../../../shared/domain.ts';
import { formatDuration, parseDuration } from './duration.ts';
import { cellAction, cellMinutes, type SheetEntry } from './sheet.ts';
import { newIdempotencyKey } from '../customers/form.ts';
import { useSaveCell } from './timesheet.api.ts';

/** What the grid shows under a row about one of its cells: a refusal, a warning, or that it was saved. */
export interface CellMessage {
  tone: 'error' | 'warning' | 'saved';
  text: string;
}

export const cellId = (engagementId: string, activity: string, date: string) =>
  `ts-${engagementId}-${activity}-${date}`;

/** Moves the focus to the cell at (row, col) of the grid, if there is one. */
function focusCell(row: number, col: number): boolean {
  const el = document.querySelector<HTMLInputElement>(`input[data-ts-row="${row}"][data-ts-col="${col}"]`);
  if (!el) return false;
  el.focus();
  el.select();
  return true;
}

/** The message after a saved cell, by how the server billed the entry. */
function savedText(saved: { billingStatus: string; unitsDrawn: { display: string } }): string {
  return saved.billingStatus === 'consumed'
    ? `Saved: ${saved.unitsDrawn.display} drawn from the retainer.`
    : saved.billingStatus === 'non_billable'
      ? 'Saved, not billable.'
      : saved.billingStatus === 'fixed_price'
        ? 'Saved: covered by the fixed price.'
        : 'Saved.';
}

/** Arrow keys move in the grid: up and down always, left and right once the caret is at the edge of the text. True when the focus moved. */
function moveByArrow(e: KeyboardEvent<HTMLInputElement>, row: number, col: number): boolean {
  const input = e.currentTarget;
  const atStart = input.selectionStart === 0 && input.selectionEnd === 0;
  const atEnd = input.selectionStart === input.value.length;
  const all = input.selectionStart === 0 && input.selectionEnd === input.value.length;
  if (e.key === 'ArrowUp' || e.key === 'ArrowDown') return focusCell(row + (e.key === 'ArrowUp' ? -1 : 1), col);
  if (e.key === 'ArrowLeft' && (atStart || all)) return focusCell(row, col - 1);
  if (e.key === 'ArrowRight' && (atEnd || all)) return focusCell(row, col + 1);
  return false;
}

/**
 * One day of one row: the day's total as text. Type a duration ("1h30", "90m", "1.5") and press Enter, or
 * leave the cell, to save; Escape puts the saved value back. Tab and Shift+Tab go along the week, the
 * arrow keys move in the grid (left and right once the caret is at the edge of the text).
 */
export function TimesheetCell({
  engagementId,
  activity,
  date,
  entries,
  row,
  col,
  label,
  held,
  message,
  onMessage,
}: {
  engagementId: string;
  activity: Activity;
  date: string;
  entries: SheetEntry[];
  row: number;
  col: number;
  label: string;
  held: boolean;
  message: CellMessage | undefined;
  onMessage: (message: CellMessage | null) => void;
}) {
  const save = useSaveCell();
  const saved = formatDuration(cellMinutes(entries));
  const [draft, setDraft] = useState<string | null>(null);
  const key = useRef<{ text: string; key: string } | null>(null);
  const busy = useRef(false);
  const id = cellId(engagementId, activity, date);

  async function commit(): Promise<void> {
    if (draft === null || busy.current) return;
    const parsed = parseDuration(draft);
    if (!parsed.ok) return onMessage({ tone: 'error', text: parsed.message });
    const action = cellAction(entries, parsed.minutes);
    if (action.kind === 'none') {
      setDraft(null);
      return onMessage(null);
    }
    if (action.kind === 'several') {
      return onMessage({
        tone: 'error',
        text: `This day has ${action.count} entries of this activity: correct them one by one in the list of the week's entries below.`,
      });
    }
    // The same edit retried (after a failure) keeps its key, so a POST that did reach the server is not logged twice.
    if (key.current?.text !== draft) key.current = { text: draft, key: newIdempotencyKey() };
    busy.current = true;
    try {
      const result = await save.mutateAsync({ engagementId, activity, date, action, key: key.current.key });
      key.current = null;
      setDraft(null);
      const warning = 'warnings' in result ? result.warnings[0] : undefined;
      if (warning) onMessage({ tone: 'warning', text: warning.message });
      else if (action.kind === 'delete') onMessage({ tone: 'saved', text: 'Removed (the ledger keeps the reversal).' });
      else onMessage({ tone: 'saved', text: savedText(result) });
    } catch (e) {
      onMessage({ tone: 'error', text: isApiError(e) ? e.detail : errorMessage(e) });
    } finally {
      busy.current = false;
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'Enter') {
      e.preventDefault();
      void commit();
    } else if (e.key === 'Escape') {
      if (draft !== null) e.preventDefault();
      setDraft(null);
      onMessage(null);
    } else if (moveByArrow(e, row, col)) {
      e.preventDefault();
    }
  }

  const invalid = message?.tone === 'error';
  const warn = message?.tone === 'warning' || held;
  return (
    <Input
      id={id}
      size="sm"
      data-ts-row={row}
      data-ts-col={col}
      aria-label={label}
      error={invalid}
      aria-describedby={message ? `${id}-msg` : undefined}
      aria-busy={save.isPending || undefined}
      inputMode="decimal"
      autoComplete="off"
      spellCheck={false}
      value={draft ?? saved}
      placeholder="–"
      onChange={(e) => setDraft(e.currentTarget.value)}
      onFocus={(e) => e.currentTarget.select()}
      onBlur={() => void commit()}
      onKeyDown={onKeyDown}
      leftSection={save.isPending ? <Loader size={12} aria-hidden /> : null}
      leftSectionWidth={save.isPending ? 22 : 0}
      styles={{
        input: {
          minWidth: 64,
          textAlign: 'right',
          fontVariantNumeric: 'tabular-nums',
          paddingInline: 6,
          ...(warn && !invalid ? { borderColor: 'var(--mantine-color-orange-5)' } : {}),
          background: held
            ? 'var(--mantine-color-orange-0)'
            : draft !== null
              ? 'var(--mantine-color-yellow-0)'
              : undefined,
        },
      }}
    />
  );
}
