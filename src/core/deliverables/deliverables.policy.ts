import { providerWith } from '../authz.ts';
import { engagementsPolicy } from '../engagements/engagements.policy.ts';
import { isCustomerUser, type Actor, type UserActor } from '../context.ts';

/**
 * Who may do what with deliverables (the engagement must be visible first: engagements/engagements.access.ts).
 * Team members, IR managers and admins write deliverables and their versions; IR managers and admins issue
 * them to the customer (the firm's quality gate). A customer user accepts when its contact may approve
 * (`canApprove`, checked with the data): acceptance is a sign-off, like an EWO approval.
 */
export const deliverablesPolicy = {
  author: engagementsPolicy.contribute,
  issue: providerWith('admin', 'ir_manager'),
  accept: (actor: Actor): actor is UserActor => isCustomerUser(actor) && actor.role === 'customer_approver',
};
