import { providerWith } from '../authz.ts';
import type { Actor } from '../context.ts';

const admins = providerWith('admin');
const system = (actor: Actor): boolean => actor.type === 'system';

/** Who may do what with statements (reading and re-sending follow the contract's access: contracts.access.ts). */
export const statementsPolicy = {
  /** Issue what is missing of a period: admins (and the job). */
  run: (actor: Actor): boolean => system(actor) || admins(actor),
};
