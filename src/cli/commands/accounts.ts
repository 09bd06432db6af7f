import readline from 'node:readline';
import { Writable } from 'node:stream';
import type { Command } from 'commander';
import { loadConfig } from '../../config/config.ts';
import { AppError } from '../../shared/errors.ts';
import type { User } from '../../shared/contracts/accounts.ts';
import { httpClient, withApi } from '../client.ts';
import { writeCredentials } from '../credentials.ts';
import { printJsonOr, printTable } from '../output.ts';
import { registerMailQueueCommands } from './mail-queue.ts';

/** Asks a question on the terminal; hides the answer for passwords. Reads a line from stdin when piped. */
async function ask(question: string, hidden = false): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _enc, cb) {
      if (!muted) process.stderr.write(chunk);
      cb();
    },
  });
  const rl = readline.createInterface({ input: process.stdin, output, terminal: process.stdin.isTTY ?? false });
  try {
    process.stderr.write(question);
    muted = hidden;
    const answer = await new Promise<string>((resolve) => rl.once('line', resolve));
    if (hidden && process.stdin.isTTY) process.stderr.write('\n');
    return answer.trim();
  } finally {
    rl.close();
  }
}

const userRow = (user: User) => ({
  id: user.id,
  email: user.email,
  name: user.name,
  role: user.role,
  status: user.status,
  organization: user.organizationName,
});

export function registerAccountCommands(program: Command): void {
  registerSessionCommands(program);
  registerUserCommands(program);
  registerTokenCommands(program);
  registerMailCommands(program);
}

/** `imr login`: sign in to a running server and keep an API token for later commands. */
function registerSessionCommands(program: Command): void {
  program
    .command('login')
    .description(
      'sign in to a running server and keep an API token for later commands (with single sign-on: --token, a token made in the web UI)',
    )
    .option('--url <url>', 'server address (default IMR_URL or PUBLIC_URL)')
    .option('--email <email>', 'your email (asked when missing)')
    .option(
      '--token [token]',
      'keep an API token created in the web UI (Settings → API tokens) instead of a password: staff who sign in with single sign-on have none; asked when not given',
    )
    .action(async (opts: { url?: string; email?: string; token?: string | boolean }) => {
      const url = (opts.url || process.env['IMR_URL'] || loadConfig().publicUrl).replace(/\/+$/, '');
      if (opts.token !== undefined) return loginWithToken(url, opts.token);
      const email = opts.email ?? (await ask('Email: '));
      const password = process.env['IMR_PASSWORD'] || (await ask('Password: ', true));
      const anon = httpClient(url, undefined);
      const login = await anon.raw('POST', '/api/v1/auth/login', { email, password });
      if (login.status !== 200) {
        const problem = login.body as { code?: string; detail?: string };
        throw new AppError(
          (problem.code ?? 'INVALID_CREDENTIALS') as AppError['code'],
          problem.code === 'PASSWORD_LOGIN_DISABLED'
            ? `${problem.detail} From the CLI: create an API token in the web UI (Settings → API tokens), then run imr login --token.`
            : (problem.detail ?? `sign-in failed (HTTP ${login.status})`),
        );
      }
      const cookie = (login.headers['set-cookie'] ?? '').split(';')[0] ?? '';
      const { csrfToken } = login.body as { csrfToken: string };
      const host = (await import('node:os')).hostname();
      const created = await anon.request<{ token: string }>(
        'POST',
        '/api/v1/tokens',
        { name: `imr CLI on ${host}` },
        { cookie, 'x-csrf-token': csrfToken },
      );
      await anon.raw('POST', '/api/v1/auth/logout', undefined, { cookie, 'x-csrf-token': csrfToken });
      const file = writeCredentials({ url, token: created.token, email });
      process.stdout.write(`Signed in to ${url} as ${email}. Token kept in ${file}.\n`);
    });
}

/** `imr login --token`: checks the token against the server (whose it is) before keeping it. */
async function loginWithToken(url: string, given: string | boolean): Promise<void> {
  const token = typeof given === 'string' ? given.trim() : process.env['IMR_TOKEN'] || (await ask('API token: ', true));
  if (!token)
    throw new AppError('VALIDATION_FAILED', 'Give the API token you created in the web UI (Settings → API tokens).');
  const me = await httpClient(url, token).raw('GET', '/api/v1/auth/me');
  if (me.status !== 200) {
    const problem = me.body as { code?: string; detail?: string };
    throw new AppError(
      (problem.code ?? 'UNAUTHENTICATED') as AppError['code'],
      problem.detail ?? `the server refused the token (HTTP ${me.status})`,
    );
  }
  const { user } = me.body as { user: { email: string } };
  const file = writeCredentials({ url, token, email: user.email });
  process.stdout.write(`Signed in to ${url} as ${user.email} with an API token. Token kept in ${file}.\n`);
}

/** `imr users …`: user accounts (admin). */
function registerUserCommands(program: Command): void {
  const users = program.command('users').description('user accounts (admin)');
  users
    .command('list')
    .option('--role <role>', 'only this role')
    .option('--status <status>', 'invited | active | disabled')
    .option('--json', 'print JSON')
    .action(async (opts: { role?: string; status?: string; json?: boolean }) =>
      withApi(async (c) => {
        const params = new URLSearchParams({
          limit: '200',
          ...(opts.role ? { role: opts.role } : {}),
          ...(opts.status ? { status: opts.status } : {}),
        });
        const page = await c.request<{ items: User[] }>('GET', `/api/v1/users?${params}`);
        printTable(
          page.items.map(userRow),
          ['id', 'email', 'name', 'role', 'status', 'organization'],
          !!opts.json,
          page.items,
        );
      }),
    );
  users
    .command('create')
    .description('create a provider user; without --password the user gets a set-password email')
    .requiredOption('--email <email>')
    .requiredOption('--name <name>')
    .requiredOption('--role <role>', 'admin | ir_manager | consultant | account_manager')
    .option('--password <password>', 'set a password now (checked for strength)')
    .option('--json', 'print JSON')
    .action(async (opts: { email: string; name: string; role: string; password?: string; json?: boolean }) =>
      withApi(async (c) => {
        const user = await c.request<User>('POST', '/api/v1/users', {
          email: opts.email,
          name: opts.name,
          role: opts.role,
          ...(opts.password ? { password: opts.password } : {}),
        });
        printJsonOr(!!opts.json, user, () => `Created ${user.id} ${user.email} (${user.role}, ${user.status}).`);
      }),
    );
  users
    .command('disable <id>')
    .description('disable a user: its sessions end and its tokens stop working at once')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) =>
      withApi(async (c) => {
        const user = await c.request<User>('PATCH', `/api/v1/users/${encodeURIComponent(id)}`, { status: 'disabled' });
        printJsonOr(!!opts.json, user, () => `Disabled ${user.id} ${user.email}.`);
      }),
    );
}

/** `imr tokens …`: API tokens for scripts. */
function registerTokenCommands(program: Command): void {
  const tokens = program.command('tokens').description('API tokens for scripts');
  tokens
    .command('create')
    .requiredOption('--name <name>', 'what the token is for')
    .option('--json', 'print JSON')
    .action(async (opts: { name: string; json?: boolean }) =>
      withApi(async (c) => {
        if (c.mode === 'local')
          throw new AppError(
            'SERVICE_UNAVAILABLE',
            'Tokens are for a running server: start it, then `imr login` and run this again.',
          );
        const response = await c.request<{ id: string; token: string }>('POST', '/api/v1/tokens', { name: opts.name });
        printJsonOr(!!opts.json, response, () => `Token ${response.id} (shown once):\n${response.token}`);
      }),
    );
  tokens
    .command('list')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) =>
      withApi(async (c) => {
        const response = await c.request<{ items: Record<string, unknown>[] }>('GET', '/api/v1/tokens');
        printTable(response.items, ['id', 'name', 'createdAt', 'lastUsedAt', 'revokedAt'], !!opts.json, response.items);
      }),
    );
  tokens
    .command('revoke [id]')
    .description('revoke one token, or with --all every token of yours (they survive a password reset)')
    .option('--all', "revoke every token of the signed-in user, the CLI's own included")
    .action(async (id: string | undefined, opts: { all?: boolean }) =>
      withApi(async (c) => {
        if (!!opts.all === (id !== undefined))
          throw new AppError(
            'BAD_REQUEST',
            'Name one token to revoke (imr tokens revoke tok_…), or use --all to revoke every token of yours.',
          );
        if (opts.all) {
          const response = await c.request<{ revoked: number }>('POST', '/api/v1/tokens/revoke-all');
          process.stdout.write(
            `Revoked ${response.revoked} token${response.revoked === 1 ? '' : 's'}. Sign in again with imr login.\n`,
          );
          return;
        }
        await c.request('DELETE', `/api/v1/tokens/${encodeURIComponent(id!)}`);
        process.stdout.write(`Revoked ${id}.\n`);
      }),
    );
}

/** `imr mail …`: the local mailbox and the outbox queue. */
function registerMailCommands(program: Command): void {
  const mail = program
    .command('mail')
    .description('the local mailbox (messages sent while no SMTP server is set) and the outgoing queue');
  registerMailQueueCommands(mail);
  mail
    .command('list')
    .option('--to <address>', 'only messages to this address')
    .option('--json', 'print JSON')
    .action(async (opts: { to?: string; json?: boolean }) =>
      withApi(async (c) => {
        const params = new URLSearchParams({ limit: '200', ...(opts.to ? { to: opts.to } : {}) });
        const page = await c.request<{ items: { id: string; createdAt: string; to: string[]; subject: string }[] }>(
          'GET',
          `/api/v1/mailbox?${params}`,
        );
        printTable(
          page.items.map((m) => ({ id: m.id, date: m.createdAt, to: m.to.join(', '), subject: m.subject })),
          ['id', 'date', 'to', 'subject'],
          !!opts.json,
          page.items,
        );
      }),
    );
  mail
    .command('show <id>')
    .option('--raw', 'print the RFC 5322 source')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { raw?: boolean; json?: boolean }) =>
      withApi(async (c) => {
        if (opts.raw) {
          const response = await c.raw('GET', `/api/v1/mailbox/${encodeURIComponent(id)}/raw`);
          if (response.status >= 400) await c.request('GET', `/api/v1/mailbox/${encodeURIComponent(id)}/raw`);
          process.stdout.write(response.text);
          return;
        }
        const message = await c.request<{
          from: string;
          to: string[];
          subject: string;
          createdAt: string;
          text: string;
          attachments: { filename: string }[];
        }>('GET', `/api/v1/mailbox/${encodeURIComponent(id)}`);
        printJsonOr(!!opts.json, message, () =>
          [
            `From: ${message.from}`,
            `To: ${message.to.join(', ')}`,
            `Date: ${message.createdAt}`,
            `Subject: ${message.subject}`,
            ...(message.attachments.length
              ? [`Attachments: ${message.attachments.map((a) => a.filename).join(', ')}`]
              : []),
            '',
            message.text,
          ].join('\n'),
        );
      }),
    );
}
