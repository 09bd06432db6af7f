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
  allowed: (a: Actor) => a is A,
  message?: string,
): asserts actor is A;
export function authorize(actor: Actor, allowed: (a: Actor) => boolean, message?: string): void;
export function authorize(actor: Actor, allowed: (a: Actor) => boolean, message?: string): void {
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
  (a: Actor): a is UserActor =>
    a.type === 'user' && a.organizationKind === 'provider' && roles.includes(a.role);

/** A rule that also takes a fact of the data (e.g. team membership), with that fact given: a predicate for `authorize`. */
export const given =
  <Fact, A extends Actor>(rule: (a: Actor, fact: Fact) => a is A, fact: Fact) =>
  (a: Actor): a is A =>
    rule(a, fact);

export const anyUser = (a: Actor): a is UserActor => a.type === 'user';
