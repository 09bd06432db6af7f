import type { Command } from 'commander';
import type { z } from 'zod';
import type { Site } from '../../shared/contracts/customers.ts';
import type { Engagement } from '../../shared/contracts/engagements.ts';
import type { Booking } from '../../shared/contracts/staffing.ts';
import { AppError } from '../../shared/errors.ts';
import type { ApiClient } from '../client.ts';
import { withApi } from '../client.ts';
import { printJsonOr } from '../output.ts';
import { allPages, engagementPath } from './engagements.ts';
import { when } from './staff.ts';
import { collectList } from '../options.ts';

type BookingJson = z.output<typeof Booking>;
type EngagementJson = z.output<typeof Engagement>;
type SiteJson = z.output<typeof Site>;

const modeWords = { onsite: 'on site', remote: 'remote', hybrid: 'on site and remote' } as const;
const deliveryModes = Object.keys(modeWords) as (keyof typeof modeWords)[];

/** A command group registered by another module, or a new one. */
function group(program: Command, name: string, description: string): Command {
  return program.commands.find((c) => c.name() === name) ?? program.command(name).description(description);
}

/** The booking with this id among those the caller may read (the API needs its engagement). */
async function findBooking(c: ApiClient, bookingId: string, engagement?: string): Promise<BookingJson> {
  const params = new URLSearchParams(engagement ? { engagement } : {});
  const list: { items: BookingJson[] } = await c.request('GET', `/api/v1/bookings?${params}`);
  const found = list.items.find((b) => b.id === bookingId);
  if (!found) throw new AppError('NOT_FOUND', `No booking ${bookingId} of yours: see imr bookings list.`);
  return found;
}

/** Site ids from ids or names of the customer's sites; an unknown one is refused before anything is sent. */
async function resolveSites(c: ApiClient, e: EngagementJson, given: string[]): Promise<string[]> {
  const sites = await allPages<SiteJson>(c, `/api/v1/customers/${encodeURIComponent(e.customerId)}/sites`, {});
  return given.map((g) => {
    const site = sites.find((s) => s.id === g || s.name.toLowerCase() === g.toLowerCase());
    if (!site)
      throw new AppError(
        'VALIDATION_FAILED',
        `${g} is not a site of ${e.customerName}. Its sites: ${sites.map((s) => s.name).join(', ') || 'none'}.`,
      );
    return site.id;
  });
}

function registerCheckIn(program: Command): void {
  group(program, 'bookings', 'consultant bookings on engagements')
    .command('check-in <booking>')
    .description('check in at the site of an on-site booking (records the on-site arrival of an emergency)')
    .option('--engagement <id>', 'the booking’s engagement (ENG-… or id), to find it faster')
    .option('--at <instant>', 'arrival time, ISO 8601 with offset (default now)')
    .option('--json', 'print JSON')
    .action(async (bookingId: string, opts: { engagement?: string; at?: string; json?: boolean }) =>
      withApi(async (c) => {
        const b = await findBooking(c, bookingId, opts.engagement);
        const done: BookingJson = await c.request(
          'POST',
          `${engagementPath(b.engagementId, `/bookings/${encodeURIComponent(b.id)}/check-in`)}`,
          opts.at ? { at: opts.at } : {},
        );
        printJsonOr(
          !!opts.json,
          done,
          () =>
            `${done.consultantName} checked in at ${done.siteName ?? 'the site'} for ${done.engagementNumber} at ${when(done.checkedInAt!)} UTC` +
            `${done.checkedInBy ? ` (by ${done.checkedInBy.name})` : ''}.`,
        );
      }),
    );
}

function registerCalendarFeed(program: Command): void {
  group(program, 'consultants', 'consultants: personal calendar feeds')
    .command('calendar-feed <userId>')
    .description('a new secret calendar-feed URL for a consultant; the previous URL stops working')
    .option('--json', 'print JSON')
    .action(async (userId: string, opts: { json?: boolean }) =>
      withApi(async (c) => {
        const feed: { url: string } = await c.request(
          'POST',
          `/api/v1/consultants/${encodeURIComponent(userId)}/calendar-feed`,
        );
        printJsonOr(!!opts.json, feed, () =>
          [
            feed.url,
            'Subscribe to it in your calendar. Anyone with this link reads the calendar; the previous link no longer works.',
          ].join('\n'),
        );
      }),
    );
}

function registerLocation(program: Command): void {
  group(program, 'engagements', 'engagements')
    .command('location <number-or-id>')
    .description('change where an engagement is delivered (IR managers): mode and/or sites, with a reason')
    .option('--mode <mode>', `delivery mode: ${deliveryModes.join(', ')}`)
    .option('--site <site>', 'a site of the customer, by name or id (repeat or comma-separate)', collectList)
    .option('--remote', 'delivered remotely, no site')
    .requiredOption('--reason <text>', 'why (told to the customer’s approving contacts)')
    .option('--json', 'print JSON')
    .action(
      async (id: string, opts: { mode?: string; site?: string[]; remote?: boolean; reason: string; json?: boolean }) =>
        withApi(async (c) => {
          const mode = opts.remote ? 'remote' : opts.mode;
          if (mode !== undefined && !deliveryModes.includes(mode as keyof typeof modeWords))
            throw new AppError('VALIDATION_FAILED', `--mode is one of ${deliveryModes.join(', ')}, not ${mode}.`);
          if (mode === undefined && !opts.site)
            throw new AppError('VALIDATION_FAILED', 'Give --mode, --site or --remote: what changes?');
          const e: EngagementJson = await c.request('GET', engagementPath(id));
          const siteIds = opts.remote ? [] : opts.site ? await resolveSites(c, e, opts.site) : undefined;
          const after: EngagementJson = await c.request('POST', engagementPath(e.id, '/location'), {
            ...(mode ? { deliveryMode: mode } : {}),
            ...(siteIds ? { siteIds } : {}),
            reason: opts.reason,
            revision: e.revision,
          });
          printJsonOr(
            !!opts.json,
            after,
            () =>
              `${after.number} is now delivered ${modeWords[after.deliveryMode]}; the customer's approving contacts are told.`,
          );
        }),
    );
}

/** `imr bookings check-in`, `imr consultants calendar-feed` and `imr engagements location`. */
export function registerStaffingActionCommands(program: Command): void {
  registerCheckIn(program);
  registerCalendarFeed(program);
  registerLocation(program);
}
