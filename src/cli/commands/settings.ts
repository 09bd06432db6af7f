import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { z } from 'zod';
import type { User } from '../../shared/contracts/accounts.ts';
import type { FirmLogo, FirmSettingsView } from '../../shared/contracts/settings.ts';
import { AppError } from '../../shared/errors.ts';
import { withApi } from '../client.ts';
import { printJsonOr } from '../output.ts';

type SettingsJson = z.output<typeof FirmSettingsView>;

const usage = (field: string, message: string) =>
  new AppError('VALIDATION_FAILED', `${field}: ${message}.`, { errors: [{ path: field, message }] });

/** The settings and the firm profile, as people read them. */
export function settingsText(s: SettingsJson): string {
  const p = s.profile;
  return [
    `Proactive lead time: ${s.leadTimeDays} days`,
    `Emergency EWO approval deadline: ${s.emergencyApprovalDeadlineHours} hours`,
    `Proactive EWO approval deadline: ${s.proactiveApprovalDeadlineDays} days`,
    '',
    `Firm: ${p.name}`,
    ...(p.postalAddress ? p.postalAddress.split('\n').map((l) => `  ${l}`) : ['  (no postal address)']),
    ...(p.hotlines.length ? p.hotlines.map((h) => `Hotline: ${h.label} ${h.number}`) : ['Hotline: (none)']),
    `Support email: ${p.supportEmail ?? '(none)'}`,
    `Website: ${p.website ?? '(none)'}`,
    `Logo: ${p.logo ? (p.logo.contentType === 'image/png' ? 'PNG' : 'SVG') : '(none)'}`,
    ...(s.updatedBy ? ['', `Last changed by ${s.updatedBy}`] : []),
  ].join('\n');
}

/** "24×7 hotline (EU)=+353 1 555 0100" → { label, number }. */
function parseHotline(value: string, previous: { label: string; number: string }[] = []) {
  const eq = value.lastIndexOf('=');
  if (eq <= 0)
    throw usage('--hotline', `write it as "label=number", e.g. "24×7 hotline=+44 20 7946 0000" (got "${value}")`);
  return [...previous, { label: value.slice(0, eq).trim(), number: value.slice(eq + 1).trim() }];
}

interface SetOptions {
  reason: string;
  leadTimeDays?: string;
  emergencyDeadlineHours?: string;
  proactiveDeadlineDays?: string;
  name?: string;
  address?: string;
  hotline?: { label: string; number: string }[];
  noHotlines?: boolean;
  supportEmail?: string;
  website?: string;
  json?: boolean;
}

const intOf = (v: string | undefined, flag: string) => {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw usage(flag, `must be a whole number (got "${v}")`);
  return Number(v);
};
const orNull = (v: string | undefined) => (v === undefined ? undefined : v.trim() === '' ? null : v.trim());

function bodyOf(o: SetOptions): Record<string, unknown> {
  const profile = Object.fromEntries(
    Object.entries({
      name: o.name,
      postalAddress: o.address?.replace(/\\n/g, '\n'),
      hotlines: o.noHotlines ? [] : o.hotline,
      supportEmail: orNull(o.supportEmail),
      website: orNull(o.website),
    }).filter(([, v]) => v !== undefined),
  );
  return Object.fromEntries(
    Object.entries({
      leadTimeDays: intOf(o.leadTimeDays, '--lead-time-days'),
      emergencyApprovalDeadlineHours: intOf(o.emergencyDeadlineHours, '--emergency-deadline-hours'),
      proactiveApprovalDeadlineDays: intOf(o.proactiveDeadlineDays, '--proactive-deadline-days'),
      profile: Object.keys(profile).length ? profile : undefined,
      reason: o.reason,
    }).filter(([, v]) => v !== undefined),
  );
}

/** `imr settings show | set | logo | remove-logo` and `imr users set-phone`. */
export function registerSettingsCommands(program: Command): void {
  const settings = program
    .command('settings')
    .description("firm-wide settings and the firm's profile (letterhead, email sender, hotlines)");
  settings
    .command('show')
    .description('the settings and the firm profile (provider staff)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) =>
      withApi(async (c) => {
        const s = await c.request<SettingsJson>('GET', '/api/v1/settings');
        printJsonOr(!!opts.json, s, () => settingsText(s));
      }),
    );
  settings
    .command('set')
    .description('change settings or the firm profile with a reason (admin; audited)')
    .requiredOption('--reason <text>', 'why (kept in the audit log)')
    .option('--lead-time-days <n>', 'proactive lead time in days')
    .option('--emergency-deadline-hours <n>', 'default approval deadline of an emergency EWO')
    .option('--proactive-deadline-days <n>', 'default approval deadline of a proactive EWO')
    .option('--name <name>', "the firm's name")
    .option('--address <text>', 'postal address; "\\n" separates lines')
    .option('--hotline <label=number>', 'a 24×7 hotline (repeat for several; replaces the list)', parseHotline)
    .option('--no-hotlines', 'remove every hotline')
    .option('--support-email <email>', 'support email ("" removes it)')
    .option('--website <url>', 'website, https://… ("" removes it)')
    .option('--json', 'print JSON')
    .action(async (opts: SetOptions & { hotlines?: boolean }) =>
      withApi(async (c) => {
        const s = await c.request<SettingsJson>(
          'PATCH',
          '/api/v1/settings',
          bodyOf({ ...opts, noHotlines: opts.hotlines === false }),
        );
        printJsonOr(!!opts.json, s, () => `Saved.\n\n${settingsText(s)}`);
      }),
    );
  settings
    .command('sign-in')
    .description(
      'how staff sign in: show it, or with --staff-passwords turn passwords off for staff other than admins (single sign-on only) or back on (admin; audited)',
    )
    .option('--staff-passwords <which>', 'allowed | admins_only')
    .option('--reason <text>', 'why (kept in the audit log; needed with --staff-passwords)')
    .option('--json', 'print JSON')
    .action(async (opts: { staffPasswords?: string; reason?: string; json?: boolean }) =>
      withApi(async (c) => {
        if (opts.staffPasswords !== undefined && !opts.reason)
          throw new AppError('VALIDATION_FAILED', 'Say why with --reason "…" (kept in the audit log).');
        const policy = await c.request<{ staffPasswords: string; sso: { name: string } | null }>(
          opts.staffPasswords === undefined ? 'GET' : 'PUT',
          '/api/v1/auth/sign-in-policy',
          opts.staffPasswords === undefined ? undefined : { staffPasswords: opts.staffPasswords, reason: opts.reason },
        );
        printJsonOr(!!opts.json, policy, () =>
          [
            `Single sign-on: ${policy.sso ? policy.sso.name : 'not set up'}`,
            `Staff passwords: ${policy.staffPasswords === 'admins_only' ? 'administrators only (other staff use single sign-on)' : 'allowed'}`,
          ].join('\n'),
        );
      }),
    );
  settings
    .command('logo <file>')
    .description('upload the firm logo: a PNG or a plain SVG, at most 256 KB (admin; audited)')
    .requiredOption('--reason <text>', 'why (kept in the audit log)')
    .option('--json', 'print JSON')
    .action(async (file: string, opts: { reason: string; json?: boolean }) => {
      let content: Buffer;
      try {
        content = fs.readFileSync(file);
      } catch (e) {
        throw usage('<file>', `cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      }
      const form = new FormData();
      form.append('reason', opts.reason);
      form.append('logo', new Blob([new Uint8Array(content)]), path.basename(file));
      await withApi(async (c) => {
        const logo = await c.request<z.output<typeof FirmLogo>>('PUT', '/api/v1/settings/logo', form);
        printJsonOr(!!opts.json, logo, () => `Logo saved (${logo.contentType === 'image/png' ? 'PNG' : 'SVG'}).`);
      });
    });
  settings
    .command('remove-logo')
    .description('remove the firm logo (admin; audited)')
    .requiredOption('--reason <text>', 'why (kept in the audit log)')
    .action(async (opts: { reason: string }) =>
      withApi(async (c) => {
        await c.request('DELETE', '/api/v1/settings/logo', { reason: opts.reason });
        process.stdout.write('Logo removed.\n');
      }),
    );

  const me = program.command('me').description('your own account');
  me.command('set-time-zone <zone>')
    .description('set the IANA zone your emails are written in, e.g. Europe/Berlin ("" : the default)')
    .option('--json', 'print JSON')
    .action(async (zone: string, opts: { json?: boolean }) =>
      withApi(async (c) => {
        const user = await c.request<z.output<typeof User>>('PATCH', '/api/v1/auth/me', {
          timeZone: zone.trim() || null,
        });
        printJsonOr(!!opts.json, user, () => `Time zone of your emails: ${user.timeZone ?? 'the default'}.`);
      }),
    );
  me.command('set-phone <phone>')
    .description('set your work phone (provider staff; "" removes it): the portal shows it in the account team')
    .option('--json', 'print JSON')
    .action(async (phone: string, opts: { json?: boolean }) =>
      withApi(async (c) => {
        const user = await c.request<z.output<typeof User>>('PATCH', '/api/v1/auth/me', {
          workPhone: phone.trim() || null,
        });
        printJsonOr(!!opts.json, user, () => `Work phone: ${user.workPhone ?? '(none)'}.`);
      }),
    );
}
