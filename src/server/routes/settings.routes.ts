import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { SettingsService } from '../../core/settings/settings.service.ts';
import { problemResponses } from '../../shared/contracts/common.ts';
import { FirmSettingsView, UpdateFirmSettingsBody } from '../../shared/contracts/settings.ts';
import { ctxOf } from '../plugins/auth.ts';

export const settingsRoutes: FastifyPluginAsyncZod<{ settings: SettingsService }> = async (app, { settings }) => {
  const tags = ['settings'];
  app.get(
    '/settings',
    {
      schema: {
        tags,
        summary:
          'The firm-wide settings: proactive lead time (default 28 days) and EWO approval deadlines (provider staff)',
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
        summary: 'Change firm-wide settings with a reason (admin); audited, applies to what happens afterwards',
        body: UpdateFirmSettingsBody,
        response: { 200: FirmSettingsView, ...problemResponses },
      },
    },
    async (request) => settings.update(ctxOf(request), request.body),
  );
};
