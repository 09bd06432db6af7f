import type { Ctx } from '../context.ts';
import type { Deferred } from '../files/files.service.ts';
import { acceptDeliverable } from './accept.ts';
import { addVersion, type NewVersion } from './add-version.ts';
import { createDeliverable, type NewDeliverable } from './create.ts';
import type { DeliverablesDeps } from './deliverables.deps.ts';
import { issueDeliverable } from './issue.ts';
import { downloadDeliverableVersion, getDeliverable, listDeliverables } from './read.ts';

export type DeliverablesService = ReturnType<typeof createDeliverablesService>;

/** Deliverables of engagements: written by the team, issued by IR managers, accepted by the customer. */
export function createDeliverablesService(deps: DeliverablesDeps) {
  return {
    /** Creates a deliverable with its first version (create.ts). */
    create: (ctx: Ctx, engagementId: string, input: Deferred<NewDeliverable>) =>
      createDeliverable(deps, ctx, engagementId, input),
    /** Adds a version to a draft or issued deliverable (add-version.ts). */
    addVersion: (ctx: Ctx, id: string, input: Deferred<NewVersion>) => addVersion(deps, ctx, id, input),
    /** Issues the current version to the customer (issue.ts). */
    issue: (ctx: Ctx, id: string, options?: { version?: number | undefined }) =>
      issueDeliverable(deps, ctx, id, options),
    /** The customer's point of contact accepts the version issued last (accept.ts). */
    accept: (ctx: Ctx, id: string, options?: { version?: number | undefined; note?: string | undefined }) =>
      acceptDeliverable(deps, ctx, id, options),
    /** One deliverable the actor may see (read.ts). */
    get: (ctx: Ctx, id: string) => getDeliverable(deps, ctx, id),
    /** An engagement's deliverables (read.ts). */
    list: (ctx: Ctx, engagementId: string, filter?: { cursor?: string; limit?: number }) =>
      listDeliverables(deps, ctx, engagementId, filter),
    /** The file of one version for download (read.ts). */
    download: (ctx: Ctx, id: string, version: number) => downloadDeliverableVersion(deps, ctx, id, version),
  };
}
