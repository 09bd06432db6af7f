import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import type { z } from 'zod';
import type { EffortEntry, EffortResponse } from '../../shared/contracts/effort.ts';
import { AppError } from '../../shared/errors.ts';
import { parseAmount } from '../../shared/units.ts';
import { printJsonOr, printTable } from '../output.ts';
import { allPages, engagementPath } from './engagements.ts';
import { withApi } from '../client.ts';

type EntryJson = z.output<typeof EffortEntry>;
type PostedJson = z.output<typeof EffortResponse>;

/** "90", "1h30m", "2h" → minutes. */
function minutesOf(input: string): number {
  const parsed = parseAmount(input, 'hours');
  if (!parsed.ok || parsed.amount <= 0)
    throw new AppError('VALIDATION_FAILED', `"${input}" is not a duration: write 90, 90m, 1h30m or 2h.`);
  return parsed.amount;
}

export function registerEffortCommands(program: Command): void {
  const effort = program.command('effort').description('effort: log time on engagements, timesheets');

  effort
    .command('add <engagement> <minutes>')
    .description(
      'log effort on an engagement (minutes: 90, 1h30m, 2h); billable effort draws the retainer down at once',
    )
    .requiredOption(
      '--activity <activity>',
      'kickoff, status_meeting, preparation, analysis, onsite_work, deliverable_preparation, travel_time, scoping, internal',
    )
    .option('--date <YYYY-MM-DD>', "the day of the work (default: today in the customer's time zone)")
    .option('--after-hours', 'worked after hours (the after-hours multiplier applies)')
    .option('--note <text>', 'what was done')
    .option('--user <id>', 'IR managers: whose effort (usr_…)')
    .option('--key <key>', 'idempotency key (default: a new one); repeat it to retry safely')
    .option('--json', 'print JSON')
    .action(
      async (
        engagement: string,
        minutes: string,
        opts: {
          activity: string;
          date?: string;
          afterHours?: boolean;
          note?: string;
          user?: string;
          key?: string;
          json?: boolean;
        },
      ) =>
        withApi(async (c) => {
          const body = {
            minutes: minutesOf(minutes),
            activity: opts.activity,
            afterHours: !!opts.afterHours,
            note: opts.note ?? '',
            ...(opts.date ? { date: opts.date } : {}),
            ...(opts.user ? { userId: opts.user } : {}),
          };
          const posted = await c.request<PostedJson>('POST', engagementPath(engagement, '/effort'), body, {
            'idempotency-key': opts.key ?? randomUUID(),
          });
          printJsonOr(!!opts.json, posted, () =>
            [
              `Logged ${posted.roundedMinutes} min of ${posted.activity} on ${posted.engagementNumber} for ${posted.date} (${posted.id}): ${posted.billingStatus}, drew ${posted.unitsDrawn.display}.`,
              ...posted.warnings.map((w) => `! ${w.code}: ${w.message}`),
            ].join('\n'),
          );
        }),
    );

  effort
    .command('list')
    .description("a timesheet: your effort (or --user's), by date")
    .option('--user <id>', 'whose (usr_…; managers)')
    .option('--engagement <id>', 'only this engagement')
    .option('--from <YYYY-MM-DD>', 'from this day')
    .option('--to <YYYY-MM-DD>', 'to this day')
    .option('--json', 'print JSON')
    .action(async (opts: { user?: string; engagement?: string; from?: string; to?: string; json?: boolean }) =>
      withApi(async (c) => {
        const items = await allPages<EntryJson>(c, '/api/v1/effort', {
          ...(opts.user ? { userId: opts.user } : {}),
          ...(opts.engagement ? { engagementId: opts.engagement } : {}),
          ...(opts.from ? { from: opts.from } : {}),
          ...(opts.to ? { to: opts.to } : {}),
        });
        const rows = items.map((e) => ({
          id: e.id,
          date: e.date,
          engagement: e.engagementNumber,
          who: e.userName,
          activity: e.activity,
          minutes: e.roundedMinutes,
          status: e.billingStatus,
          drawn: e.unitsDrawn.display,
          note: e.note,
        }));
        printTable(
          rows,
          ['id', 'date', 'engagement', 'who', 'activity', 'minutes', 'status', 'drawn', 'note'],
          !!opts.json,
          items,
        );
      }),
    );
}
