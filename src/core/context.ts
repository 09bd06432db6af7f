import type { Role } from '../shared/roles.ts';

/** A signed-in person (provider staff or a customer's user). */
export interface UserActor {
  type: 'user';
  userId: string;
  organizationId: string;
  organizationKind: 'provider' | 'customer';
  role: Role;
  email: string;
  name: string;
  /** Customer users act for this contact of their organisation. */
  contactId: string | null;
}

/** A customer contact acting without a login (signed link, email reply). */
export interface ContactActor {
  type: 'contact';
  contactId: string;
  organizationId: string;
  email: string;
  name: string;
}

/** The product itself (jobs, bootstrap). */
export interface SystemActor {
  type: 'system';
  label: string;
}

export type Actor = UserActor | ContactActor | SystemActor;

/** How a change reached us: recorded on every audit event. */
export type Channel = 'web' | 'api' | 'cli' | 'email' | 'link' | 'hotline' | 'system';

/** Who is acting, through which channel, for which request: passed to every service call that changes state. */
export interface Ctx {
  actor: Actor;
  channel: Channel;
  requestId?: string;
  ip?: string;
  userAgent?: string;
}

export const systemCtx = (label: string): Ctx => ({ actor: { type: 'system', label }, channel: 'system' });

export const isProvider = (actor: Actor): actor is UserActor =>
  actor.type === 'user' && actor.organizationKind === 'provider';
export const isCustomerUser = (actor: Actor): actor is UserActor =>
  actor.type === 'user' && actor.organizationKind === 'customer';

export function actorLabel(actor: Actor): string {
  switch (actor.type) {
    case 'user':
      return `${actor.name} <${actor.email}>`;
    case 'contact':
      return `${actor.name} <${actor.email}> (contact)`;
    case 'system':
      return `system:${actor.label}`;
  }
}
