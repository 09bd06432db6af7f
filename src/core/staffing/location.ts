import type { z } from 'zod';
import type { LocationChangeBody } from '../../shared/contracts/staffing.ts';
import { AppError } from '../../shared/errors.ts';
import type { Ctx } from '../context.ts';
import { lockedForManager } from '../engagements/engagements.checks.ts';
import { engagementsRepo } from '../engagements/engagements.repo.ts';
import { reload, toView, type EngagementView } from '../engagements/engagements.views.ts';
import { itemLink } from '../mail/links.ts';
import { renderEmail } from '../mail/templates.ts';
import type { StaffingDeps } from './staffing.deps.ts';

const modeLabels = { onsite: 'on site', remote: 'remote', hybrid: 'on site and remote' } as const;

/**
 * The delivery location is redefined at the point of delivery (the operating model allows it): an IR
 * manager changes the engagement's mode or sites with a reason; audited with before and after; the
 * customer's approving contacts are told by email (site names and the mode, never ids).
 */
export async function changeLocation(
  deps: StaffingDeps,
  ctx: Ctx,
  engagementId: string,
  input: z.infer<typeof LocationChangeBody>,
): Promise<EngagementView> {
  await deps.db.transaction(async (trx) => {
    const engagement = await lockedForManager(trx, ctx, engagementId, 'change the delivery location');
    if (engagement.revision !== input.revision)
      throw new AppError('STALE_REVISION', `Engagement ${engagement.number} changed meanwhile: reload it.`, {
        revision: engagement.revision,
      });
    const mode = input.deliveryMode ?? engagement.delivery_mode;
    const siteIds = input.siteIds ? [...new Set(input.siteIds)] : engagement.site_ids;
    const sites = await engagementsRepo.sites(trx, engagement.customer_id, siteIds);
    const unknown = siteIds.filter((id) => !sites.some((s) => s.id === id));
    if (unknown.length)
      throw new AppError('VALIDATION_FAILED', `Not sites of ${engagement.customer_name}: ${unknown.join(', ')}.`, {
        errors: unknown.map((id) => ({
          path: `siteIds.${siteIds.indexOf(id)}`,
          message: 'not a site of the customer',
        })),
      });
    if (mode !== 'remote' && sites.length === 0)
      throw new AppError('VALIDATION_FAILED', 'Delivery on site needs at least one site: name it in siteIds.', {
        errors: [{ path: 'siteIds', message: 'required unless remote' }],
      });
    if (mode === engagement.delivery_mode && JSON.stringify(siteIds) === JSON.stringify(engagement.site_ids))
      throw new AppError('VALIDATION_FAILED', 'Nothing changes: give a new delivery mode or new sites.', {
        errors: [{ path: 'deliveryMode', message: 'same as now' }],
      });
    await engagementsRepo.update(trx, engagementId, {
      delivery_mode: mode,
      site_ids: JSON.stringify(siteIds),
      revision: engagement.revision + 1,
      updated_at: deps.clock.now(),
    });
    await deps.audit.record(trx, ctx, {
      action: 'engagement.location_changed',
      entityType: 'engagement',
      entityId: engagementId,
      organizationId: engagement.organization_id,
      before: { deliveryMode: engagement.delivery_mode, siteIds: engagement.site_ids },
      after: { deliveryMode: mode, siteIds, reason: input.reason },
    });
    const where = sites.map((s) => `${s.name} (${s.address})`).join('; ') || 'no site: remote delivery';
    for (const contact of await deps.customers.approvingContacts(trx, engagement.customer_id)) {
      await deps.outbox.enqueueEmail(trx, {
        topic: 'engagement.location_changed',
        to: [contact.email],
        subject: `${engagement.number}: the delivery location changed`,
        ...renderEmail({
          heading: 'Where we deliver your engagement has changed',
          paragraphs: [
            `Hello ${contact.name},`,
            `${engagement.title} (${engagement.number}) is now delivered ${modeLabels[mode]}.`,
            `Reason: ${input.reason}`,
          ],
          facts: [
            ['Engagement', engagement.number],
            ['Delivery', modeLabels[mode]],
            ['Location', where],
          ],
          action: {
            label: 'Open the engagement',
            url: itemLink(deps.publicUrl, 'contact', { type: 'engagement', number: engagement.number }),
          },
        }),
      });
    }
  });
  return toView(deps, deps.db.kysely, await reload(deps.db.kysely, engagementId));
}
