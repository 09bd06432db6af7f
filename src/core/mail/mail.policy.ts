import { providerWith } from '../authz.ts';

/** Admins read the local mailbox and the outbox, and retry failed messages: mail holds every user's links and tokens. */
export const canManageMail = providerWith('admin');
