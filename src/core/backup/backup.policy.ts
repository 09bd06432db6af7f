import { providerWith } from '../authz.ts';
import type { Actor } from '../context.ts';

/**
 * Only administrators take a backup: it holds every password hash, API token hash, session and secret.
 * The product itself (the CLI on a stopped data folder, acting as the system) may too.
 */
export const canTakeBackup = (actor: Actor): boolean => actor.type === 'system' || providerWith('admin')(actor);
