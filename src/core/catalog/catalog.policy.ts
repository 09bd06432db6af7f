import { anyUser, providerWith } from '../authz.ts';
import { isProvider, type Actor } from '../context.ts';

/** Who may read and edit the service catalog. */
export const catalogPolicy = {
  /** Everybody signed in reads the catalog (customers choose from it in the portal). */
  read: anyUser,
  /** Provider staff also see inactive items. */
  seeInactive: (actor: Actor) => isProvider(actor),
  manage: providerWith('admin'),
};
