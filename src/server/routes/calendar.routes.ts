import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CalendarService } from '../../core/staffing/calendar.service.ts';
import { CalendarFeedParam, CalendarFeedUrl, Timeline, TimelineQuery } from '../../shared/contracts/calendar.ts';
import { UserIdParam } from '../../shared/contracts/staffing.ts';
import { problemResponses } from '../../shared/contracts/common.ts';
import { ctxOf } from '../plugins/auth.ts';

/** Consultants' personal calendar feeds: made by the consultant or a manager, read by calendar clients. */
export const calendarRoutes: FastifyPluginAsyncZod<{ calendar: CalendarService }> = async (app, { calendar }) => {
  const tags = ['staffing'];

  app.post(
    '/consultants/:userId/calendar-feed',
    {
      schema: {
        tags,
        summary:
          'A new secret calendar-feed URL for a consultant (bookings, on-call shifts, time off); the previous URL stops working. The consultant, admins and IR managers',
        params: UserIdParam,
        response: { 201: CalendarFeedUrl, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await calendar.createFeed(ctxOf(request), request.params.userId)),
  );

  app.get(
    '/calendar-feeds/:token',
    {
      config: { public: true },
      schema: {
        tags,
        summary:
          "The consultant's calendar (RFC 5545 text/calendar) for Google Calendar, Outlook and others to subscribe to; the secret URL is the credential",
        security: [],
        params: CalendarFeedParam,
        produces: ['text/calendar'],
        response: { 200: z.string(), ...problemResponses },
      },
    },
    async (request, reply) => {
      const token = request.params.token.replace(/\.ics$/, '');
      const text = await calendar.readFeed(token);
      return reply
        .type('text/calendar; charset=utf-8')
        .header('cache-control', 'private, max-age=300')
        .header('content-disposition', 'inline; filename="imr-desk.ics"')
        .send(text);
    },
  );

  app.get(
    '/staff-timeline',
    {
      schema: {
        tags,
        summary:
          'The staff timeline of a window (at most 92 days): consultants with zone, region and skills, their bookings, time off (never its reason) and on-call shifts. Provider staff',
        querystring: TimelineQuery,
        response: { 200: Timeline, ...problemResponses },
      },
    },
    async (request) => calendar.timeline(ctxOf(request), request.query),
  );
};
