import type { Db } from '../../db/create-db.ts';
import { roleLabels, type Role } from '../../shared/roles.ts';
import { anyUser, authorize } from '../authz.ts';
import type { Ctx } from '../context.ts';
import { settingsRepo } from './settings.repo.ts';
import { parseProfile, profileKeyOf, profileKeys, readRows } from './settings.store.ts';

export interface PortalFirmView {
  name: string;
  postalAddress: string;
  hotlines: { label: string; number: string }[];
  supportEmail: string | null;
  website: string | null;
  logoUrl: string | null;
  accountTeam: { name: string; role: string; email: string; phone: string | null }[];
}

/**
 * The firm's public profile and, for a customer user, the account team of his own organisation's customer
 * (names, roles, email, work phone; never ids). Staff get the profile with an empty team.
 */
export async function portalFirm(deps: { db: Db }, ctx: Ctx): Promise<PortalFirmView> {
  authorize(ctx.actor, anyUser, 'Sign in first.');
  const ex = deps.db.kysely;
  const firm = parseProfile(await readRows(ex, profileKeys, profileKeyOf));
  const team =
    ctx.actor.organizationKind === 'customer'
      ? await settingsRepo.accountTeamOfOrganization(ex, ctx.actor.organizationId)
      : [];
  return {
    name: firm.name,
    postalAddress: firm.postalAddress,
    hotlines: firm.hotlines,
    supportEmail: firm.supportEmail,
    website: firm.website,
    logoUrl: firm.logo?.url ?? null,
    accountTeam: team.map((m) => ({
      name: m.name,
      role: roleLabels[m.role as Role] ?? m.role,
      email: m.email,
      phone: m.work_phone,
    })),
  };
}
