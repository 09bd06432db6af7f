import type { z } from 'zod';
import type {
  BookingListQuery,
  ConsultantListQuery,
  CreateBookingBody,
  CreateCertificationBody,
  CreateSkillBody,
  CreateTimeOffBody,
  LocationChangeBody,
  PatchConsultantBody,
  StaffingRequirementsBody,
  UpdateBookingBody,
  UpdateCertificationBody,
  UpdateSkillBody,
  UpdateTimeOffBody,
} from '../../shared/contracts/staffing.ts';
import type { Ctx } from '../context.ts';
import { cancelBooking, checkIn, listBookings } from './bookings.cancel.ts';
import { createBooking, updateBooking } from './bookings.ts';
import {
  createCertification,
  createSkill,
  getRequirements,
  listCertifications,
  listSkills,
  setRequirements,
  updateCertification,
  updateSkill,
} from './catalogs.ts';
import { changeLocation } from './location.ts';
import { getConsultant, listConsultants, patchConsultant } from './profiles.ts';
import type { StaffingDeps } from './staffing.deps.ts';
import { createTimeOff, deleteTimeOff, listTimeOff, updateTimeOff } from './time-off.ts';

export type StaffingService = ReturnType<typeof createStaffingService>;
type Target = { catalogItemId: string } | { incidentType: string };

/** Staffing: skill and certification catalogs, consultant profiles, time off, bookings, delivery location. */
export function createStaffingService(deps: StaffingDeps) {
  return {
    /** The consultant directory with filters (profiles.ts). */
    listConsultants: (ctx: Ctx, q: ConsultantListQuery) => listConsultants(deps, ctx, q),
    /** One profile as the reader may see it (profiles.ts). */
    getConsultant: (ctx: Ctx, userId: string) => getConsultant(deps, ctx, userId),
    /** Edits a profile: managers any, a consultant his own skills (profiles.ts). */
    patchConsultant: (ctx: Ctx, userId: string, input: PatchConsultantBody) =>
      patchConsultant(deps, ctx, userId, input),
    listSkills: (ctx: Ctx) => listSkills(deps, ctx),
    createSkill: (ctx: Ctx, input: z.infer<typeof CreateSkillBody>) => createSkill(deps, ctx, input),
    updateSkill: (ctx: Ctx, id: string, input: z.infer<typeof UpdateSkillBody>) => updateSkill(deps, ctx, id, input),
    listCertifications: (ctx: Ctx) => listCertifications(deps, ctx),
    createCertification: (ctx: Ctx, input: z.infer<typeof CreateCertificationBody>) =>
      createCertification(deps, ctx, input),
    updateCertification: (ctx: Ctx, id: string, input: z.infer<typeof UpdateCertificationBody>) =>
      updateCertification(deps, ctx, id, input),
    getRequirements: (ctx: Ctx, target: Target) => getRequirements(deps, ctx, target),
    setRequirements: (ctx: Ctx, target: Target, input: z.infer<typeof StaffingRequirementsBody>) =>
      setRequirements(deps, ctx, target, input),
    /** Time off (time-off.ts). */
    listTimeOff: (ctx: Ctx, userId: string, q: { from?: string; to?: string }) => listTimeOff(deps, ctx, userId, q),
    createTimeOff: (ctx: Ctx, userId: string, input: z.infer<typeof CreateTimeOffBody>) =>
      createTimeOff(deps, ctx, userId, input),
    updateTimeOff: (ctx: Ctx, id: string, input: z.infer<typeof UpdateTimeOffBody>) =>
      updateTimeOff(deps, ctx, id, input),
    deleteTimeOff: (ctx: Ctx, id: string) => deleteTimeOff(deps, ctx, id),
    /** Bookings (bookings.ts, bookings.cancel.ts). */
    createBooking: (ctx: Ctx, engagementId: string, input: CreateBookingBody) =>
      createBooking(deps, ctx, engagementId, input),
    updateBooking: (ctx: Ctx, engagementId: string, bookingId: string, input: UpdateBookingBody) =>
      updateBooking(deps, ctx, engagementId, bookingId, input),
    cancelBooking: (ctx: Ctx, engagementId: string, bookingId: string, reason?: string) =>
      cancelBooking(deps, ctx, engagementId, bookingId, reason),
    checkIn: (ctx: Ctx, engagementId: string, bookingId: string, at?: string) =>
      checkIn(deps, ctx, engagementId, bookingId, at),
    listBookings: (ctx: Ctx, q: BookingListQuery) => listBookings(deps, ctx, q),
    /** The delivery location changes at the point of delivery (location.ts). */
    changeLocation: (ctx: Ctx, engagementId: string, input: z.infer<typeof LocationChangeBody>) =>
      changeLocation(deps, ctx, engagementId, input),
  };
}
