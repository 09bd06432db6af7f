import net from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { isProviderRole, type ProviderRole } from '../shared/roles.ts';

const bool = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no', ''])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

/** Names proxy-addr (Fastify's trustProxy) knows for address ranges. */
const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

function validProxy(entry: string): boolean {
  if (PROXY_NAMES.includes(entry)) return true;
  const [address, bits, extra] = entry.split('/');
  const family = net.isIP(address ?? '');
  if (family === 0 || extra !== undefined) return false;
  if (bits === undefined) return true;
  const parsed = Number(bits);
  return /^\d{1,3}$/.test(bits) && parsed <= (family === 4 ? 32 : 128);
}

/**
 * The reverse proxies whose X-Forwarded-For is believed: addresses, CIDR ranges or loopback, linklocal,
 * uniquelocal. A bare switch (1, true) would believe any client's header, so it is refused.
 */
const trustProxy = z
  .string()
  .transform((v) =>
    ['0', 'false', 'no'].includes(v.trim().toLowerCase())
      ? []
      : v
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
  )
  .superRefine((list, ctx) => {
    const bad = list.filter((x) => !validProxy(x));
    if (bad.length) {
      ctx.addIssue({
        code: 'custom',
        message:
          `list the addresses of your reverse proxies, comma-separated (e.g. 127.0.0.1 or 10.0.0.0/8, or loopback), not ${bad.map((b) => JSON.stringify(b)).join(', ')}: ` +
          'a bare switch would believe the X-Forwarded-For of any client. See docs/security.md.',
      });
    }
  });

const port = z.coerce.number().int().min(0).max(65535);

/**
 * OIDC_GROUP_ROLES: `group=role` pairs, comma-separated (e.g. `IR-Admins=admin,IR-Managers=ir_manager`);
 * roles are provider roles only: a customer can never be made through single sign-on.
 */
const groupRoles = z.string().transform((v, ctx) => {
  const map: Record<string, ProviderRole> = {};
  for (const pair of v
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)) {
    const at = pair.lastIndexOf('=');
    const group = pair.slice(0, at).trim();
    const role = pair.slice(at + 1).trim();
    if (at <= 0 || !group || !isProviderRole(role)) {
      ctx.addIssue({
        code: 'custom',
        message: `write group=role pairs, comma-separated, with a role of admin, ir_manager, consultant or account_manager (not ${JSON.stringify(pair)})`,
      });
      return z.NEVER;
    }
    map[group] = role;
  }
  return map;
});

/**
 * Every setting the product reads from the environment, parsed once at start. `.env.example`
 * documents each one; keep the two in step (a test checks that every key here is documented there).
 */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(3000),
  PUBLIC_URL: z.url({ message: 'must be an absolute URL such as https://imr.example.com' }).optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  IMR_ADMIN_EMAIL: z.email({ message: 'must be an email address' }).optional(),
  IMR_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  IMR_DEMO: bool.default(false),
  IMR_WORKERS: bool.default(true),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps:// (e.g. smtp://user:pass@mail.example.com:587)')
    .optional(),
  MAIL_FROM: z.string().min(3).default('IMR Desk <imr@localhost>'),
  SMTP_IN_PORT: port.optional(),
  SMTP_IN_HOST: z.string().min(1).default('127.0.0.1'),
  MAIL_IN_DOMAIN: z.string().min(1).optional(),
  MAIL_IN_AUTHSERV_ID: z
    .string()
    .regex(
      /^[A-Za-z0-9.-]+$/,
      'must be the authserv-id your mail server writes in Authentication-Results, usually its host name (e.g. mx.example.com)',
    )
    .optional(),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(8 * 60),
  SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(90 * 24)
    .default(7 * 24),
  TRUST_PROXY: trustProxy.default([]),
  OUTBOX_POLL_MS: z.coerce.number().int().min(50).max(600_000).default(1000),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters (a random secret)').optional(),
  METRICS_PORT: port.optional(),
  JOB_EXPIRE_SECONDS: z.coerce.number().int().min(5).max(86_400).default(900),
  JOB_MAINTENANCE_SECONDS: z.coerce.number().int().min(1).max(3_600).default(120),
  OUTBOX_CLAIM_SECONDS: z.coerce.number().int().min(5).max(3_600).default(120),
  WEBHOOKS_ALLOW_PRIVATE: bool.default(false),
  WEBHOOKS_DISABLE_AFTER_FAILURES: z.coerce.number().int().min(1).max(10_000).default(10),
  WEBHOOKS_DISABLE_AFTER_HOURS: z.coerce
    .number()
    .min(0)
    .max(24 * 90)
    .default(24),
  WEBHOOKS_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(120).default(10),
  OIDC_ISSUER: z
    .url({ message: 'must be the issuer URL of your OpenID provider, e.g. https://login.example.com' })
    .optional(),
  OIDC_CLIENT_ID: z.string().min(1).max(500).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).max(2000).optional(),
  OIDC_PROVIDER_NAME: z.string().trim().min(1).max(60).default('single sign-on'),
  OIDC_SCOPES: z
    .string()
    .trim()
    .regex(/^[\x21-\x7e]+( [\x21-\x7e]+)*$/, 'list scopes separated by single spaces')
    .refine((v) => v.split(' ').includes('openid'), 'must include openid (e.g. "openid email profile groups")')
    .default('openid email profile'),
  OIDC_GROUPS_CLAIM: z.string().min(1).max(200).default('groups'),
  OIDC_GROUP_ROLES: groupRoles.default({}),
  OIDC_CREATE_USERS: bool.default(false),
  OIDC_ALLOW_HTTP: bool.default(false),
});

/** Rules across settings, checked even when single values are wrong, so one run lists every problem. */
function crossFieldProblems(input: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  if (input['SMTP_IN_PORT'] && !input['MAIL_IN_DOMAIN']) {
    problems.push(
      'MAIL_IN_DOMAIN: required when SMTP_IN_PORT is set (replies are addressed to ewo+TOKEN@MAIL_IN_DOMAIN)',
    );
  }
  problems.push(...ssoProblems(input));
  return problems;
}

/** Single sign-on: all three of issuer, client id and secret or none; plain http to the provider only in tests. */
function ssoProblems(input: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  const parts = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'];
  const given = parts.filter((k) => input[k]);
  if (given.length > 0 && given.length < parts.length) {
    const missing = parts.filter((k) => !input[k]);
    problems.push(
      `${missing.join(', ')}: single sign-on needs OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together`,
    );
  }
  const allowHttp = ['1', 'true', 'yes'].includes(input['OIDC_ALLOW_HTTP'] ?? '');
  if (allowHttp && input['NODE_ENV'] === 'production') {
    problems.push(
      'OIDC_ALLOW_HTTP: plain http to the OpenID provider is for tests only and refused with NODE_ENV=production; give an https OIDC_ISSUER',
    );
  }
  if (input['OIDC_ISSUER']?.startsWith('http://') && !allowHttp) {
    problems.push('OIDC_ISSUER: must be an https URL (the provider sends tokens over it)');
  }
  if (['1', 'true', 'yes'].includes(input['OIDC_CREATE_USERS'] ?? '') && !input['OIDC_GROUP_ROLES']) {
    problems.push('OIDC_GROUP_ROLES: required when OIDC_CREATE_USERS is on (a new user gets the role of its group)');
  }
  return problems;
}

export type Env = z.infer<typeof envSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  host: string;
  port: number;
  publicUrl: string;
  dataDir: string;
  databaseUrl: string | undefined;
  databasePoolSize: number;
  logLevel: Env['LOG_LEVEL'];
  admin: { email: string | undefined; password: string | undefined };
  demo: boolean;
  workers: boolean;
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Incoming mail; `authservId`: whose Authentication-Results are believed (docs/security.md). */
  inboundMail: { port: number; host: string; domain: string; authservId: string | undefined } | undefined;
  session: { idleMinutes: number; absoluteHours: number };
  /** Proxies whose X-Forwarded-For is believed (addresses, CIDRs, loopback…); empty: none. */
  trustProxy: string[];
  outboxPollMs: number;
  /** How long a worker's claim on an outbox message lasts: a dead worker's messages are retried after it. */
  outboxClaimMs: number;
  cookieSecure: boolean;
  /** GET /metrics: on the public port only with this bearer token; `port`: its own listener on 127.0.0.1. */
  metrics: { token: string | undefined; port: number | undefined };
  /** pg-boss: a job still running after `expireSeconds` (its worker died) is retried; how often that is checked. */
  jobs: { expireSeconds: number; maintenanceSeconds: number };
  /**
   * Webhooks: private, loopback and link-local targets only when `allowPrivate` (on-premises, tests); a
   * subscription is disabled after `disableAfterFailures` failed attempts in a row, the first at least
   * `disableAfterMs` ago; one attempt waits at most `timeoutMs`.
   */
  webhooks: { allowPrivate: boolean; disableAfterFailures: number; disableAfterMs: number; timeoutMs: number };
  /** Single sign-on for provider staff (OpenID Connect), when OIDC_ISSUER, _CLIENT_ID and _CLIENT_SECRET are set. */
  sso: SsoConfig | undefined;
}

export interface SsoConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Where the provider sends the browser back: `${publicUrl}/api/v1/auth/oidc/callback`. */
  redirectUri: string;
  /** Shown on the sign-in button: "Sign in with <name>". */
  name: string;
  /** Scopes asked for; some providers (Okta) release groups only under a `groups` scope. */
  scopes: string;
  groupsClaim: string;
  /** Group → role for users created at their first sign-in. */
  groupRoles: Record<string, ProviderRole>;
  /** Create an unknown staff member whose group maps to a role (default: refuse unknown users). */
  createUsers: boolean;
  /** Plain http to the provider: tests only (refused with NODE_ENV=production). */
  allowHttp: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment into a typed Config, or throws a ConfigError listing every problem. */
export function loadConfig(source: Record<string, string | undefined> = process.env, cwd = process.cwd()): Config {
  const input: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(source)) if (v !== undefined && v !== '') input[k] = v;
  const parsed = envSchema.safeParse(input);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.') || '(environment)'}: ${i.message}`)),
    ...crossFieldProblems(input),
  ];
  if (!parsed.success || problems.length) throw new ConfigError(problems);
  const env = parsed.data;
  const publicHost = env.HOST === '0.0.0.0' || env.HOST === '::' ? 'localhost' : env.HOST;
  const publicUrl = (env.PUBLIC_URL ?? `http://${publicHost}:${env.PORT}`).replace(/\/+$/, '');
  return {
    env: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    publicUrl,
    dataDir: path.resolve(cwd, env.DATA_DIR),
    databaseUrl: env.DATABASE_URL,
    databasePoolSize: env.DATABASE_POOL_SIZE,
    logLevel: env.LOG_LEVEL,
    admin: { email: env.IMR_ADMIN_EMAIL, password: env.IMR_ADMIN_PASSWORD },
    demo: env.IMR_DEMO,
    workers: env.IMR_WORKERS,
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM,
    inboundMail:
      env.SMTP_IN_PORT !== undefined && env.MAIL_IN_DOMAIN
        ? {
            port: env.SMTP_IN_PORT,
            host: env.SMTP_IN_HOST,
            domain: env.MAIL_IN_DOMAIN,
            authservId: env.MAIL_IN_AUTHSERV_ID?.toLowerCase(),
          }
        : undefined,
    session: { idleMinutes: env.SESSION_IDLE_MINUTES, absoluteHours: env.SESSION_ABSOLUTE_HOURS },
    trustProxy: env.TRUST_PROXY,
    outboxPollMs: env.OUTBOX_POLL_MS,
    outboxClaimMs: env.OUTBOX_CLAIM_SECONDS * 1000,
    cookieSecure: publicUrl.startsWith('https://'),
    metrics: { token: env.METRICS_TOKEN, port: env.METRICS_PORT },
    jobs: { expireSeconds: env.JOB_EXPIRE_SECONDS, maintenanceSeconds: env.JOB_MAINTENANCE_SECONDS },
    webhooks: {
      allowPrivate: env.WEBHOOKS_ALLOW_PRIVATE,
      disableAfterFailures: env.WEBHOOKS_DISABLE_AFTER_FAILURES,
      disableAfterMs: Math.round(env.WEBHOOKS_DISABLE_AFTER_HOURS * 3_600_000),
      timeoutMs: env.WEBHOOKS_TIMEOUT_SECONDS * 1000,
    },
    sso:
      env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET
        ? {
            issuer: env.OIDC_ISSUER,
            clientId: env.OIDC_CLIENT_ID,
            clientSecret: env.OIDC_CLIENT_SECRET,
            redirectUri: `${publicUrl}/api/v1/auth/oidc/callback`,
            name: env.OIDC_PROVIDER_NAME,
            scopes: env.OIDC_SCOPES,
            groupsClaim: env.OIDC_GROUPS_CLAIM,
            groupRoles: env.OIDC_GROUP_ROLES,
            createUsers: env.OIDC_CREATE_USERS,
            allowHttp: env.OIDC_ALLOW_HTTP,
          }
        : undefined,
  };
}
