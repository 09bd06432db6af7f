import type { Command } from 'commander';
import { DateTime } from 'luxon';
import type { z } from 'zod';
import type { OncallNow, OncallShift } from '../../shared/contracts/oncall.ts';
import { suggestionCriterionLabels, type StaffingSuggestions } from '../../shared/contracts/staffing-suggest.ts';
import { printJsonOr } from '../output.ts';
import { withApi } from '../client.ts';

type SuggestionsJson = z.output<typeof StaffingSuggestions>;
type NowJson = z.output<typeof OncallNow>;

/** The `staff` command group, created here unless another module (profiles) registered it first. */
function staffGroup(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === 'staff') ??
    program.command('staff').description('consultants: profiles, bookings and staffing suggestions')
  );
}

/** The ranking as a manager reads it: rank, name, score, then one line per criterion. */
export function formatSuggestions(s: SuggestionsJson): string {
  const lines = [
    `Suggestions for ${s.subject.label} (${s.mode}${s.site ? `, ${s.site}` : ''}): ${s.requiredSkills.length ? s.requiredSkills.map((r) => `${r.name} ≥ ${r.minLevel}`).join(', ') : 'no required skills'}`,
    '',
  ];
  s.suggestions.forEach((x, i) => {
    lines.push(`${i + 1}. ${x.name}: ${x.score}/100`);
    for (const c of x.criteria)
      lines.push(`   ${suggestionCriterionLabels[c.key].padEnd(15)} ${String(c.value).padStart(3)}  ${c.sentence}`);
  });
  if (s.suggestions.length === 0) lines.push('Nobody can serve.');
  if (s.excluded.length) {
    lines.push('', 'Cannot serve:');
    for (const x of s.excluded) lines.push(`   ${x.sentence}`);
  }
  return lines.join('\n');
}

const when = (iso: string) => DateTime.fromISO(iso, { zone: 'UTC' }).toFormat("d LLL yyyy HH:mm 'UTC'");
const holder = (s: z.output<typeof OncallShift>) => `${s.name} (${s.rotaName}) until ${when(s.end)}`;

export function formatOncall(now: NowJson): string {
  const lines = [
    now.current.length ? `On call: ${now.current.map(holder).join('; ')}` : 'On call: NOBODY is on call now.',
    now.next ? `Next: ${now.next.name} (${now.next.rotaName}) from ${when(now.next.start)}` : 'Next: no shift planned.',
  ];
  lines.push(
    now.coverage.gaps.length
      ? `Gaps in the next 14 days: ${now.coverage.gaps.map((g) => `${when(g.start)} – ${when(g.end)}`).join('; ')}`
      : 'The next 14 days are covered.',
  );
  return lines.join('\n');
}

/** `imr staff suggest ENG-…` and `imr oncall now`. */
export function registerStaffSuggestCommands(program: Command): void {
  staffGroup(program)
    .command('suggest <engagement>')
    .description('rank consultants for an engagement (ENG-… number or id), each criterion with its reason')
    .option('--work-order', 'the argument is an EWO (EWO-… number or id)')
    .option('--request', 'the argument is a request id (before any EWO exists)')
    .option('--limit <n>', 'how many suggestions', '10')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { workOrder?: boolean; request?: boolean; limit: string; json?: boolean }) =>
      withApi(async (c) => {
        const base = opts.request ? 'requests' : opts.workOrder ? 'work-orders' : 'engagements';
        const result = await c.request<SuggestionsJson>(
          'GET',
          `/api/v1/${base}/${encodeURIComponent(id)}/staffing-suggestions?limit=${encodeURIComponent(opts.limit)}`,
        );
        printJsonOr(!!opts.json, result, () => formatSuggestions(result));
      }),
    );
  const oncall =
    program.commands.find((c) => c.name() === 'oncall') ?? program.command('oncall').description('the on-call rota');
  oncall
    .command('now')
    .description('who holds the pager now, until when, the next one, and gaps in the next 14 days')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) =>
      withApi(async (c) => {
        const now = await c.request<NowJson>('GET', '/api/v1/oncall/now');
        printJsonOr(!!opts.json, now, () => formatOncall(now));
      }),
    );
}
