import type { Executor } from '../../db/create-db.ts';
import { AppError } from '../../shared/errors.ts';
import { fieldProblem, fieldRefusal } from '../../shared/plain-errors.ts';
import { nameProblem } from '../../shared/names.ts';
import { customersRepo, isUniqueViolation } from './customers.repo.ts';
import { isValidTimeZone, normalizeName, timeZoneMessage, type FieldError } from './customers.rules.ts';

/** Refuses an input with field problems (VALIDATION_FAILED, every problem listed). */
export function assertNoProblems(problems: FieldError[]): void {
  if (problems.length) {
    throw fieldRefusal(...problems.map((problem) => fieldProblem(problem.path, problem.message)));
  }
}

/** A time zone given must be an IANA zone. */
export const timeZoneProblems = (timeZone: string | undefined): FieldError[] =>
  timeZone !== undefined && !isValidTimeZone(timeZone)
    ? [{ path: 'timeZone', message: `${timeZoneMessage} ("${timeZone}" is not one)` }]
    : [];

/** Names and addresses given to the service (by any caller, not only the API) are not blank and hold no control or bidi characters. */
export const blankProblems = (fields: Record<string, string | undefined>): FieldError[] =>
  Object.entries(fields).flatMap(([path, value]) => {
    if (value === undefined) return [];
    const message = value.trim() === '' ? 'must not be blank' : nameProblem(value);
    return message ? [{ path, message }] : [];
  });

const nameTaken = (name: string, existing?: { id: string; name: string }) =>
  new AppError(
    'NAME_TAKEN',
    `A customer named "${existing?.name ?? name.trim()}" already exists` +
      (existing && existing.name !== name.trim() ? ` ("${name.trim()}" counts as the same name:` : ' (') +
      ' names are compared ignoring case, character width, spacing and invisible characters). Choose another name, or edit the existing customer.',
    { field: 'name', ...(existing ? { customerId: existing.id } : {}) },
  );

/** A contact's email is unique within its customer. */
export const contactEmailTaken = (email: string, customer: string) =>
  new AppError('EMAIL_TAKEN', `${customer} already has a contact with ${email.trim()}. Edit that contact instead.`, {
    field: 'email',
  });

/** Customer names are unique by normalizeName: case, width, spacing and invisible characters do not make a new name. */
export async function assertNameFree(ex: Executor, name: string, exceptId?: string): Promise<void> {
  const existing = await customersRepo.customerByNameKey(ex, normalizeName(name), exceptId);
  if (existing) throw nameTaken(name, existing);
}

/** Maps a unique violation that won a race against our own check to the same answer as the check. */
export async function mapRaces<T>(
  run: () => Promise<T>,
  races: { constraint: string; error: () => AppError | Promise<AppError> }[],
): Promise<T> {
  try {
    return await run();
  } catch (e) {
    const race = races.find((candidate) => isUniqueViolation(e, candidate.constraint));
    throw race ? await race.error() : e;
  }
}

/**
 * The unique indexes on customer names: the normalised key (migration 0014) and the older lower(name). A
 * violation that won a race against assertNameFree gets the same refusal, read after the rollback.
 */
export const nameRaces = (db: Executor, name: string, exceptId?: string) =>
  ['customers_name_key', 'customers_name_lower'].map((constraint) => ({
    constraint,
    error: async () => nameTaken(name, await customersRepo.customerByNameKey(db, normalizeName(name), exceptId)),
  }));
