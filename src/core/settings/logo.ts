import type { Db, Executor } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import type { FirmLogo } from '../../shared/contracts/settings.ts';
import { AppError } from '../../shared/errors.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { authorize } from '../authz.ts';
import type { Ctx } from '../context.ts';
import { formatBytes } from '../files/files.rules.ts';
import {
  inspectFile,
  resolveDeferred,
  type Deferred,
  type FilesService,
  type UploadedFile,
} from '../files/files.service.ts';
import { logoTypeOf, MAX_LOGO_BYTES, svgProblem } from './logo.rules.ts';
import { settingsPolicy } from './settings.policy.ts';
import { parseProfile, profileKeyOf, profileKeys, putSetting, readRows } from './settings.store.ts';

export interface LogoDeps {
  db: Db;
  clock: Clock;
  audit: AuditService;
  files: FilesService;
}

export const logoTooLarge = (): AppError =>
  new AppError(
    'FILE_TOO_LARGE',
    `The logo is larger than ${formatBytes(MAX_LOGO_BYTES)}: export it smaller (an SVG, or a PNG of about 400 × 120 pixels).`,
    { maxBytes: MAX_LOGO_BYTES },
  );

/** Where the current logo is served; the version changes with the content, so caches never show an old one. */
export const logoUrl = (sha256: string): string => `/api/v1/firm/logo?v=${sha256.slice(0, 16)}`;

/** The checked logo: its type by content, or the refusal that says what to upload instead. */
function checkLogo(file: UploadedFile | undefined): 'image/png' | 'image/svg+xml' {
  if (!file || file.content.length === 0)
    throw new AppError('VALIDATION_FAILED', 'Attach the logo file in the form field `logo` (a PNG or an SVG).', {
      errors: [{ path: 'body.logo', message: 'is required' }],
    });
  if (file.content.length > MAX_LOGO_BYTES) throw logoTooLarge();
  const type = logoTypeOf(file.content);
  if (type === 'svg-unsafe') {
    const problem = svgProblem(new TextDecoder().decode(file.content));
    throw new AppError(
      'LOGO_NOT_ALLOWED',
      `This SVG cannot be the logo: ${problem}. Save it as a plain SVG without scripts, links or external references, or upload a PNG.`,
      { reason: problem },
    );
  }
  if (!type)
    throw new AppError(
      'LOGO_NOT_ALLOWED',
      'The logo must be a PNG or an SVG image (by its content): convert it first.',
    );
  return type;
}

/** Admins upload the firm's logo (PNG or a plain SVG, at most 256 KB) with a reason; stored in the files store, audited. */
export async function uploadLogo(
  deps: LogoDeps,
  ctx: Ctx,
  input: Deferred<{ file: UploadedFile | undefined; reason: string }>,
): Promise<FirmLogo> {
  authorize(ctx.actor, settingsPolicy.update, 'Only administrators change the firm-wide settings.');
  const { file, reason } = await resolveDeferred(input);
  const contentType = checkLogo(file);
  const inspection = { ...(await inspectFile(file!.content)), contentType, recognised: true };
  return deps.db.transaction(async (trx) => {
    const before = parseProfile(await readRows(trx, profileKeys, profileKeyOf)).logo;
    const stored = await deps.files.storeInTx(trx, ctx, { content: file!.content, name: file!.name, inspection });
    const logo: FirmLogo = { fileId: stored.id, contentType, url: logoUrl(stored.sha256) };
    await putSetting(trx, ctx, profileKeyOf('logo'), logo, deps.clock.now());
    await deps.audit.record(trx, ctx, {
      action: 'settings.updated',
      entityType: 'settings',
      entityId: 'firm',
      before: { 'profile.logo': before },
      after: { 'profile.logo': { ...logo, name: stored.name, size: stored.size, sha256: stored.sha256 }, reason },
    });
    return logo;
  });
}

/** Admins remove the logo with a reason (documents and the portal go without one); audited. */
export async function removeLogo(deps: LogoDeps, ctx: Ctx, reason: string): Promise<void> {
  authorize(ctx.actor, settingsPolicy.update, 'Only administrators change the firm-wide settings.');
  await deps.db.transaction(async (trx) => {
    const before = parseProfile(await readRows(trx, profileKeys, profileKeyOf)).logo;
    if (!before) return;
    await putSetting(trx, ctx, profileKeyOf('logo'), null, deps.clock.now());
    await deps.audit.record(trx, ctx, {
      action: 'settings.updated',
      entityType: 'settings',
      entityId: 'firm',
      before: { 'profile.logo': before },
      after: { 'profile.logo': null, reason },
    });
  });
}

/** The current logo with its bytes (public: the firm's logo is on every document), or null. */
export async function currentLogo(
  deps: Pick<LogoDeps, 'files'>,
  ex: Executor,
): Promise<{ contentType: string; content: Buffer; sha256: string } | null> {
  const logo = parseProfile(await readRows(ex, profileKeys, profileKeyOf)).logo;
  if (!logo) return null;
  const file = await deps.files.read(ex, logo.fileId);
  return file ? { contentType: logo.contentType, content: file.content, sha256: file.sha256 } : null;
}
