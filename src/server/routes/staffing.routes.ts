import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { StaffingService } from '../../core/staffing/staffing.service.ts';
import { IdParam, Ok, problemResponses } from '../../shared/contracts/common.ts';
import { Engagement } from '../../shared/contracts/engagements.ts';
import {
  Booking,
  BookingList,
  BookingListQuery,
  BookingParams,
  CancelBookingQuery,
  Certification,
  CheckInBody,
  ConsultantList,
  ConsultantListQuery,
  ConsultantProfile,
  CreateBookingBody,
  CreateCertificationBody,
  CreateSkillBody,
  CreateTimeOffBody,
  IncidentTypeParam,
  LocationChangeBody,
  PatchConsultantBody,
  Skill,
  StaffingRequirements,
  StaffingRequirementsBody,
  TimeOff,
  TimeOffListQuery,
  UpdateBookingBody,
  UpdateCertificationBody,
  UpdateSkillBody,
  UpdateTimeOffBody,
  UserIdParam,
} from '../../shared/contracts/staffing.ts';
import { ctxOf } from '../plugins/auth.ts';

const conflict =
  'A confirmed booking that overlaps the consultant’s confirmed bookings or time off: 409 BOOKING_CONFLICT with `details.conflicts`; nothing written.';

/** Consultant profiles and time off. */
const profileRoutes: FastifyPluginAsyncZod<{ staffing: StaffingService }> = async (app, { staffing }) => {
  const tags = ['staffing'];
  const r = problemResponses;

  app.get(
    '/consultants',
    {
      schema: {
        tags,
        summary:
          'The consultant directory (provider staff), filtered by skill and level, certification, language, zone, availability',
        querystring: ConsultantListQuery,
        response: { 200: ConsultantList, ...r },
      },
    },
    async (req) => staffing.listConsultants(ctxOf(req), req.query),
  );
  app.get(
    '/consultants/:userId',
    {
      schema: {
        tags,
        summary: 'A consultant’s profile (customers: consultants of their engagements, without home base)',
        params: UserIdParam,
        response: { 200: ConsultantProfile, ...r },
      },
    },
    async (req) => staffing.getConsultant(ctxOf(req), req.params.userId),
  );
  app.patch(
    '/consultants/:userId',
    {
      schema: {
        tags,
        summary: 'Edit a profile (IR managers, admins; a consultant his own skills, certifications, languages)',
        params: UserIdParam,
        body: PatchConsultantBody,
        response: { 200: ConsultantProfile, ...r },
      },
    },
    async (req) => staffing.patchConsultant(ctxOf(req), req.params.userId, req.body),
  );

  app.get(
    '/consultants/:userId/time-off',
    {
      schema: {
        tags,
        summary: 'A consultant’s time off (provider staff; the reason for managers and himself only)',
        params: UserIdParam,
        querystring: TimeOffListQuery,
        response: { 200: z.object({ items: z.array(TimeOff) }), ...r },
      },
    },
    async (req) => staffing.listTimeOff(ctxOf(req), req.params.userId, req.query),
  );
  app.post(
    '/consultants/:userId/time-off',
    {
      schema: {
        tags,
        summary: 'Enter time off (IR managers, admins, the consultant himself)',
        description: 'Over confirmed bookings: 409 BOOKING_CONFLICT listing them; move them first.',
        params: UserIdParam,
        body: CreateTimeOffBody,
        response: { 201: TimeOff, ...r },
      },
    },
    async (req, reply) => reply.status(201).send(await staffing.createTimeOff(ctxOf(req), req.params.userId, req.body)),
  );
  app.patch(
    '/time-off/:id',
    {
      schema: {
        tags,
        summary: 'Move time off',
        params: IdParam,
        body: UpdateTimeOffBody,
        response: { 200: TimeOff, ...r },
      },
    },
    async (req) => staffing.updateTimeOff(ctxOf(req), req.params.id, req.body),
  );
  app.delete(
    '/time-off/:id',
    { schema: { tags, summary: 'Delete time off', params: IdParam, response: { 200: Ok, ...r } } },
    async (req) => staffing.deleteTimeOff(ctxOf(req), req.params.id),
  );
};

/** Skill and certification catalogs, requirements of catalog items and incident types. */
const catalogRoutes: FastifyPluginAsyncZod<{ staffing: StaffingService }> = async (app, { staffing }) => {
  const tags = ['staffing'];
  const r = problemResponses;

  app.get(
    '/skills',
    { schema: { tags, summary: 'The skill catalog', response: { 200: z.object({ items: z.array(Skill) }), ...r } } },
    async (req) => staffing.listSkills(ctxOf(req)),
  );
  app.post(
    '/skills',
    {
      schema: {
        tags,
        summary: 'Add a skill (IR managers, admins)',
        body: CreateSkillBody,
        response: { 201: Skill, ...r },
      },
    },
    async (req, reply) => reply.status(201).send(await staffing.createSkill(ctxOf(req), req.body)),
  );
  app.patch(
    '/skills/:id',
    {
      schema: {
        tags,
        summary: 'Edit or retire a skill',
        params: IdParam,
        body: UpdateSkillBody,
        response: { 200: Skill, ...r },
      },
    },
    async (req) => staffing.updateSkill(ctxOf(req), req.params.id, req.body),
  );
  app.get(
    '/certifications',
    {
      schema: {
        tags,
        summary: 'The certification catalog',
        response: { 200: z.object({ items: z.array(Certification) }), ...r },
      },
    },
    async (req) => staffing.listCertifications(ctxOf(req)),
  );
  app.post(
    '/certifications',
    {
      schema: {
        tags,
        summary: 'Add a certification (IR managers, admins)',
        body: CreateCertificationBody,
        response: { 201: Certification, ...r },
      },
    },
    async (req, reply) => reply.status(201).send(await staffing.createCertification(ctxOf(req), req.body)),
  );
  app.patch(
    '/certifications/:id',
    {
      schema: {
        tags,
        summary: 'Edit or retire a certification',
        params: IdParam,
        body: UpdateCertificationBody,
        response: { 200: Certification, ...r },
      },
    },
    async (req) => staffing.updateCertification(ctxOf(req), req.params.id, req.body),
  );

  app.get(
    '/catalog/:id/staffing-requirements',
    {
      schema: {
        tags,
        summary: 'Skills a catalog item requires',
        params: IdParam,
        response: { 200: StaffingRequirements, ...r },
      },
    },
    async (req) => staffing.getRequirements(ctxOf(req), { catalogItemId: req.params.id }),
  );
  app.put(
    '/catalog/:id/staffing-requirements',
    {
      schema: {
        tags,
        summary: 'Set the skills (minimum level) a catalog item requires and the certifications it prefers',
        params: IdParam,
        body: StaffingRequirementsBody,
        response: { 200: StaffingRequirements, ...r },
      },
    },
    async (req) => staffing.setRequirements(ctxOf(req), { catalogItemId: req.params.id }, req.body),
  );
  app.get(
    '/incident-types/:type/staffing-requirements',
    {
      schema: {
        tags,
        summary: 'Skills an emergency incident type requires',
        params: IncidentTypeParam,
        response: { 200: StaffingRequirements, ...r },
      },
    },
    async (req) => staffing.getRequirements(ctxOf(req), { incidentType: req.params.type }),
  );
  app.put(
    '/incident-types/:type/staffing-requirements',
    {
      schema: {
        tags,
        summary: 'Set the skills an emergency incident type requires and the certifications it prefers',
        params: IncidentTypeParam,
        body: StaffingRequirementsBody,
        response: { 200: StaffingRequirements, ...r },
      },
    },
    async (req) => staffing.setRequirements(ctxOf(req), { incidentType: req.params.type }, req.body),
  );
};

/** Bookings, check-in and the delivery location. */
const bookingRoutes: FastifyPluginAsyncZod<{ staffing: StaffingService }> = async (app, { staffing }) => {
  const tags = ['staffing'];
  const r = problemResponses;

  app.get(
    '/bookings',
    {
      schema: {
        tags,
        summary: 'Bookings overlapping from–to (staff; consultants: their own and their engagements’)',
        querystring: BookingListQuery,
        response: { 200: BookingList, ...r },
      },
    },
    async (req) => staffing.listBookings(ctxOf(req), req.query),
  );
  app.post(
    '/engagements/:id/bookings',
    {
      schema: {
        tags,
        summary: 'Book a consultant on the engagement (IR managers, admins); adds him to the team',
        description: `${conflict} Outside the approved schedule: 422 OUTSIDE_SCHEDULE_WINDOW; before a proactive request's earliest start: 422 LEAD_TIME_TOO_SHORT.`,
        params: IdParam,
        body: CreateBookingBody,
        response: { 201: Booking, ...r },
      },
    },
    async (req, reply) => reply.status(201).send(await staffing.createBooking(ctxOf(req), req.params.id, req.body)),
  );
  app.patch(
    '/engagements/:id/bookings/:bookingId',
    {
      schema: {
        tags,
        summary: 'Move or change a booking (IR managers, admins); SEQUENCE goes up',
        description: conflict,
        params: BookingParams,
        body: UpdateBookingBody,
        response: { 200: Booking, ...r },
      },
    },
    async (req) => staffing.updateBooking(ctxOf(req), req.params.id, req.params.bookingId, req.body),
  );
  app.delete(
    '/engagements/:id/bookings/:bookingId',
    {
      schema: {
        tags,
        summary: 'Cancel a booking (IR managers, admins): kept as cancelled, no longer blocking',
        params: BookingParams,
        querystring: CancelBookingQuery,
        response: { 200: Booking, ...r },
      },
    },
    async (req) => staffing.cancelBooking(ctxOf(req), req.params.id, req.params.bookingId, req.query.reason),
  );
  app.post(
    '/engagements/:id/bookings/:bookingId/check-in',
    {
      schema: {
        tags,
        summary: 'Check in at the site of an on-site booking (the consultant, IR managers, admins)',
        params: BookingParams,
        body: CheckInBody,
        response: { 200: Booking, ...r },
      },
    },
    async (req) => staffing.checkIn(ctxOf(req), req.params.id, req.params.bookingId, req.body?.at),
  );
  app.post(
    '/engagements/:id/location',
    {
      schema: {
        tags,
        summary: 'Change where the engagement is delivered (IR managers, admins), with a reason; the customer is told',
        params: IdParam,
        body: LocationChangeBody,
        response: { 200: Engagement, ...r },
      },
    },
    async (req) => staffing.changeLocation(ctxOf(req), req.params.id, req.body),
  );
};

/** Staffing: consultant profiles, skill and certification catalogs, time off, bookings. */
export const staffingRoutes: FastifyPluginAsyncZod<{ staffing: StaffingService }> = async (app, { staffing }) => {
  await app.register(profileRoutes, { staffing });
  await app.register(catalogRoutes, { staffing });
  await app.register(bookingRoutes, { staffing });
};
