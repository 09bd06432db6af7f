import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MAX_LOGO_BYTES } from '../../core/settings/logo.rules.ts';
import { logoTooLarge } from '../../core/settings/logo.ts';
import type { SettingsService } from '../../core/settings/settings.service.ts';
import { problemResponses } from '../../shared/contracts/common.ts';
import {
  FirmLogo,
  FirmSettingsView,
  LogoFields,
  LogoForm,
  PortalFirm,
  RemoveLogoBody,
  UpdateFirmSettingsBody,
} from '../../shared/contracts/settings.ts';
import { AppError } from '../../shared/errors.ts';
import { ctxOf } from '../plugins/auth.ts';
import { multipartValidator, parseFields, readMultipart, registerUploads } from '../plugins/uploads.ts';

/**
 * The logo, never as active content: its own type, no sniffing, a CSP that allows nothing but inline styles
 * and sandboxes the document (an SVG opened directly runs no script even if one slipped through).
 */
function sendLogo(reply: FastifyReply, logo: { contentType: string; content: Buffer; sha256: string }): FastifyReply {
  return reply
    .type(logo.contentType)
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox")
    .header('x-content-type-options', 'nosniff')
    .header('content-disposition', `inline; filename="logo.${logo.contentType === 'image/png' ? 'png' : 'svg'}"`)
    .header('cache-control', 'public, max-age=300')
    .header('etag', `"${logo.sha256}"`)
    .send(logo.content);
}

export const settingsRoutes: FastifyPluginAsyncZod<{ settings: SettingsService }> = async (app, { settings }) => {
  await registerUploads(app, MAX_LOGO_BYTES);
  const tags = ['settings'];
  app.get(
    '/settings',
    {
      schema: {
        tags,
        summary:
          'The firm-wide settings: proactive lead time (default 28 days), EWO approval deadlines and the firm profile (provider staff)',
        response: { 200: FirmSettingsView, ...problemResponses },
      },
    },
    async (request) => settings.get(ctxOf(request)),
  );

  app.patch(
    '/settings',
    {
      schema: {
        tags,
        summary:
          'Change firm-wide settings or the firm profile with a reason (admin); audited, applies to what happens afterwards',
        body: UpdateFirmSettingsBody,
        response: { 200: FirmSettingsView, ...problemResponses },
      },
    },
    async (request) => settings.update(ctxOf(request), request.body),
  );

  app.put(
    '/settings/logo',
    {
      schema: {
        tags,
        summary: "Upload the firm's logo (multipart; admin): a PNG or a plain SVG, at most 256 KB; audited",
        description:
          'An SVG with a script, an event attribute, a foreignObject, a link or any reference outside itself, or a DOCTYPE/ENTITY is refused (422 LOGO_NOT_ALLOWED, with the reason); over 256 KB is 422 FILE_TOO_LARGE.',
        consumes: ['multipart/form-data'],
        body: LogoForm,
        response: { 200: FirmLogo, ...problemResponses },
      },
      validatorCompiler: multipartValidator,
    },
    async (request) =>
      settings.uploadLogo(ctxOf(request), async () => {
        const form = await readMultipart(request, {
          fileField: 'logo',
          maxBytes: MAX_LOGO_BYTES,
          tooLarge: logoTooLarge,
        });
        return { ...parseFields(LogoFields, form.fields), file: form.file };
      }),
  );

  app.delete(
    '/settings/logo',
    {
      schema: {
        tags,
        summary: "Remove the firm's logo with a reason (admin); audited",
        body: RemoveLogoBody,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await settings.removeLogo(ctxOf(request), request.body.reason);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/firm/logo',
    {
      config: { public: true },
      schema: {
        tags,
        summary: "The firm's logo (public), never as active content: sandboxing CSP, nosniff, its own type",
        produces: ['image/png', 'image/svg+xml'],
        response: { 200: z.file().describe('The logo: a PNG or a plain SVG.'), ...problemResponses },
      },
    },
    async (_request, reply) => {
      const logo = await settings.logo();
      if (!logo) throw new AppError('NOT_FOUND', 'The firm has no logo yet.');
      return sendLogo(reply, logo);
    },
  );

  app.get(
    '/portal/firm',
    {
      schema: {
        tags,
        summary:
          "The firm's public profile (name, hotlines, support email, website, logo) and your own account team (any signed-in user)",
        response: { 200: PortalFirm, ...problemResponses },
      },
    },
    async (request) => settings.portalFirm(ctxOf(request)),
  );
};
