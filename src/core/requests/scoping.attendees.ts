import type { Executor } from '../../db/create-db.ts';
import { AppError } from '../../shared/errors.ts';
import type { RequestRow } from './requests.repo.ts';
import type { ScopingAttendeeRow } from './requests.tables.ts';
import { scopingRepo } from './scoping.repo.ts';

/** Attendees are contacts of the request's customer and users of the provider or of that customer; anything else is a 400 naming the entry. */
export async function resolveAttendees(
  trx: Executor,
  request: RequestRow,
  given: string[],
): Promise<ScopingAttendeeRow[]> {
  const wanted = [...new Set(given)];
  const [contacts, users] = await Promise.all([
    scopingRepo.contactsOf(
      trx,
      request.customer_id,
      wanted.filter((id) => id.startsWith('con_')),
    ),
    scopingRepo.usersOf(
      trx,
      request.organization_id,
      wanted.filter((id) => !id.startsWith('con_')),
    ),
  ]);
  const errors: { path: string; message: string }[] = [];
  const attendees: ScopingAttendeeRow[] = [];
  wanted.forEach((id) => {
    const contact = contacts.find((candidate) => candidate.id === id);
    const user = users.find((candidate) => candidate.id === id);
    if (contact) attendees.push({ type: 'contact', id, name: contact.name, email: contact.email });
    else if (user) attendees.push({ type: 'user', id, name: user.name, email: user.email });
    else
      errors.push({
        path: `body.attendees.${given.indexOf(id)}`,
        message: `${id} is neither a contact of this customer nor a user who may attend`,
      });
  });
  if (errors.length)
    throw new AppError('VALIDATION_FAILED', `Some attendees are unknown: ${errors.map((e) => e.message).join('; ')}.`, {
      errors,
    });
  return attendees;
}

/** The same people in the same order. */
export const sameAttendees = (left: ScopingAttendeeRow[], right: ScopingAttendeeRow[]) =>
  left.map((attendee) => attendee.id).join(',') === right.map((attendee) => attendee.id).join(',');
