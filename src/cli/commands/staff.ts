import type { Command } from 'commander';
import type { z } from 'zod';
import type { Booking, ConsultantList, ConsultantProfile } from '../../shared/contracts/staffing.ts';
import { bookingModeLabels, travelReadinessLabels } from '../../shared/contracts/staffing.ts';
import { printJsonOr, printTable } from '../output.ts';
import { withApi } from '../client.ts';

type Profile = z.output<typeof ConsultantProfile>;
type BookingJson = z.output<typeof Booking>;

/** An instant as staff read it: 2026-11-10 14:00 in the zone (UTC when none). */
export function when(iso: string, timeZone = 'UTC'): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

const skillsLine = (p: Profile) => p.skills.map((s) => `${s.name} ${s.level}`).join(', ');

/** `imr staff list|show` (the consultant directory); returns the `staff` command so others add subcommands. */
export function registerStaffCommands(program: Command): Command {
  const staff = program
    .command('staff')
    .description('consultant profiles: skills, certifications, home base, time zone');

  staff
    .command('list')
    .description('the consultant directory, filtered')
    .option('--skill <skill>', 'skill id, e.g. memory_forensics')
    .option('--min-level <n>', 'with --skill: at least this level (1–5)')
    .option('--cert <certification>', 'holds this certification (not expired), e.g. gcfa')
    .option('--language <code>', 'speaks this language, e.g. de')
    .option('--tz <zone>', 'works in this IANA time zone')
    .option('--available-from <instant>', 'with --available-to: free in between (ISO 8601 with offset)')
    .option('--available-to <instant>', 'end of the period')
    .option('--json', 'print JSON')
    .action(
      async (opts: {
        skill?: string;
        minLevel?: string;
        cert?: string;
        language?: string;
        tz?: string;
        availableFrom?: string;
        availableTo?: string;
        json?: boolean;
      }) =>
        withApi(async (c) => {
          const params = new URLSearchParams({
            ...(opts.skill ? { skill: opts.skill } : {}),
            ...(opts.minLevel ? { minLevel: opts.minLevel } : {}),
            ...(opts.cert ? { certification: opts.cert } : {}),
            ...(opts.language ? { language: opts.language } : {}),
            ...(opts.tz ? { timeZone: opts.tz } : {}),
            ...(opts.availableFrom ? { availableFrom: opts.availableFrom } : {}),
            ...(opts.availableTo ? { availableTo: opts.availableTo } : {}),
          });
          const list: z.output<typeof ConsultantList> = await c.request('GET', `/api/v1/consultants?${params}`);
          printTable(
            list.items.map((p) => ({
              id: p.userId,
              name: p.name,
              zone: p.timeZone,
              home: [p.homeBase?.city, p.homeBase?.country].filter(Boolean).join(', '),
              skills: skillsLine(p),
              certs: p.certifications
                .filter((x) => !x.expired)
                .map((x) => x.code)
                .join(' '),
            })),
            ['id', 'name', 'zone', 'home', 'skills', 'certs'],
            !!opts.json,
            list,
          );
        }),
    );

  staff
    .command('show <userId>')
    .description("one consultant's profile")
    .option('--json', 'print JSON')
    .action(async (userId: string, opts: { json?: boolean }) =>
      withApi(async (c) => {
        const p: Profile = await c.request('GET', `/api/v1/consultants/${encodeURIComponent(userId)}`);
        printJsonOr(!!opts.json, p, () =>
          [
            `${p.name}${p.title ? `, ${p.title}` : ''}${p.email ? ` <${p.email}>` : ''}`,
            `Time zone: ${p.timeZone}; works ${p.workingHours.start}–${p.workingHours.end} on days ${p.workingHours.days.join(',')}`,
            ...(p.homeBase
              ? [`Home base: ${[p.homeBase.city, p.homeBase.country].filter(Boolean).join(', ') || 'not set'}`]
              : []),
            `Travel: ${travelReadinessLabels[p.travelReadiness]}; on call: ${p.onCallEligible ? 'yes' : 'no'}`,
            `Languages: ${p.languages.join(', ') || 'none recorded'}`,
            `Skills: ${p.skills.map((s) => `${s.name} (${s.level} ${s.levelLabel})`).join(', ') || 'none recorded'}`,
            `Certifications: ${
              p.certifications
                .map((x) => `${x.code}${x.expiresOn ? ` until ${x.expiresOn}` : ''}${x.expired ? ' (expired)' : ''}`)
                .join(', ') || 'none recorded'
            }`,
          ].join('\n'),
        );
      }),
    );
  return staff;
}

/** `imr bookings list`. */
export function registerBookingCommands(program: Command): void {
  const bookings = program.command('bookings').description('consultant bookings on engagements');
  bookings
    .command('list')
    .description('bookings overlapping a period (times in UTC)')
    .option('--consultant <userId>', 'one consultant')
    .option('--engagement <id>', 'one engagement (eng_…)')
    .option('--from <instant>', 'ISO 8601 with offset')
    .option('--to <instant>', 'ISO 8601 with offset')
    .option('--cancelled', 'include cancelled bookings')
    .option('--json', 'print JSON')
    .action(
      async (opts: {
        consultant?: string;
        engagement?: string;
        from?: string;
        to?: string;
        cancelled?: boolean;
        json?: boolean;
      }) =>
        withApi(async (c) => {
          const params = new URLSearchParams({
            ...(opts.consultant ? { consultant: opts.consultant } : {}),
            ...(opts.engagement ? { engagement: opts.engagement } : {}),
            ...(opts.from ? { from: opts.from } : {}),
            ...(opts.to ? { to: opts.to } : {}),
            ...(opts.cancelled ? { includeCancelled: 'true' } : {}),
          });
          const list: { items: BookingJson[] } = await c.request('GET', `/api/v1/bookings?${params}`);
          printTable(
            list.items.map((b) => ({
              id: b.id,
              consultant: b.consultantName,
              engagement: b.engagementNumber,
              start: `${when(b.start)} UTC`,
              end: `${when(b.end)} UTC`,
              mode: bookingModeLabels[b.mode],
              status: b.cancelledAt ? 'cancelled' : b.status,
              site: b.siteName ?? '',
            })),
            ['id', 'consultant', 'engagement', 'start', 'end', 'mode', 'status', 'site'],
            !!opts.json,
            list,
          );
        }),
    );
}
