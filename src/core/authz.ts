import { AppError } from '../shared/errors.ts';
import type { Role } from '../shared/roles.ts';
import type { Actor, UserActor } from './context.ts';

/**
 * The one authorization entry. Each feature's `x.policy.ts` states its rules as predicates over the
 * actor (and the object's tenant); services call `authorize(actor, rule)` before doing anything.
 * A customer user who asks for another tenant's object gets NOT_FOUND, exactly like a missing one;
 * inside its own tenant a missing permission is FORBIDDEN.
 */
export function authorize<A extends Actor>(
  actor: Actor,
  allowed: (actor: Actor) => actor is A,
  message?: string,
): asserts actor is A;
export function authorize(actor: Actor, allowed: (actor: Actor) => boolean, message?: string): void;
export function authorize(actor: Actor, allowed: (actor: Actor) => boolean, message?: string): void {
  if (!allowed(actor)) throw new AppError('FORBIDDEN', message ?? 'Your role does not allow this.');
}

/** Throws NOT_FOUND unless the actor may see objects of `organizationId` (providers see every tenant). */
export function assertTenant(actor: Actor, organizationId: string, what: string): void {
  if (!canSeeTenant(actor, organizationId)) throw new AppError('NOT_FOUND', `${what} not found.`);
}

export function canSeeTenant(actor: Actor, organizationId: string): boolean {
  if (actor.type === 'system') return true;
  if (actor.type === 'contact') return actor.organizationId === organizationId;
  return actor.organizationKind === 'provider' || actor.organizationId === organizationId;
}

/** A predicate admitting provider users with one of `roles`. */
export const providerWith =
  (...roles: Role[]) =>
  (actor: Actor): actor is UserActor =>
    actor.type === 'user' && actor.organizationKind === 'provider' && roles.includes(actor.role);

/** A rule that also takes a fact of the data (e.g. team membership), with that fact given: a predicate for `authorize`. */
export const given =
  <Fact, A extends Actor>(rule: (actor: Actor, fact: Fact) => actor is A, fact: Fact) =>
  (actor: Actor): actor is A =>
    rule(actor, fact);

export const anyUser = (actor: Actor): actor is UserActor => actor.type === 'user';
