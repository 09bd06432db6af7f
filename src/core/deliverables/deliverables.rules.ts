import { AppError } from '../../shared/errors.ts';

export const deliverableStatuses = ['draft', 'issued', 'accepted'] as const;
export type DeliverableStatus = (typeof deliverableStatuses)[number];

/** Deliverable files: any type (stored with the type detected from the content), up to 25 MB. */
export const MAX_DELIVERABLE_BYTES = 25 * 1024 * 1024;

/**
 * draft → issued (the current version goes to the customer); issued → issued (a newer version is issued);
 * issued → accepted (the customer's point of contact signs it off). Accepted is final.
 */
export const deliverableTransitions: Record<DeliverableStatus, readonly DeliverableStatus[]> = {
  draft: ['issued'],
  issued: ['issued', 'accepted'],
  accepted: [],
};

export function assertDeliverableTransition(from: DeliverableStatus, to: DeliverableStatus): void {
  if (deliverableTransitions[from].includes(to)) return;
  const allowed = deliverableTransitions[from];
  throw new AppError(
    'INVALID_TRANSITION',
    `The deliverable is ${from}: it cannot become ${to}.` +
      (allowed.length
        ? ` From ${from} it can become ${allowed.join(' or ')}.`
        : ' It is final: create a new deliverable for further work.'),
    { from, to, allowed },
  );
}

/** Issuing sends the current version: refused when it is the version already issued (add a version first). */
export function assertIssuable(deliverable: {
  status: DeliverableStatus;
  currentVersion: number;
  issuedVersion: number | null;
}): void {
  assertDeliverableTransition(deliverable.status, 'issued');
  if (deliverable.issuedVersion !== null && deliverable.issuedVersion >= deliverable.currentVersion) {
    throw new AppError(
      'INVALID_TRANSITION',
      `Version ${deliverable.currentVersion} is issued already: add a new version to issue a revision.`,
      {
        from: deliverable.status,
        to: 'issued',
        currentVersion: deliverable.currentVersion,
        issuedVersion: deliverable.issuedVersion,
      },
    );
  }
}

/** New versions are added to drafts and issued deliverables (a revision after feedback), never to accepted ones. */
export function assertVersionable(status: DeliverableStatus): void {
  if (status !== 'accepted') return;
  throw new AppError(
    'INVALID_TRANSITION',
    'The deliverable is accepted: it takes no new versions. Create a new deliverable for further work.',
    {
      from: status,
      to: status,
      allowed: [],
    },
  );
}

/**
 * The customer accepts the version issued last. A named version that is not it means a newer one was
 * issued meanwhile (or the client is stale): refused, so nobody accepts what they did not read.
 */
export function assertAcceptable(
  d: { status: DeliverableStatus; issuedVersion: number | null },
  version: number | undefined,
): void {
  assertDeliverableTransition(d.status, 'accepted');
  if (version !== undefined && version !== d.issuedVersion) {
    throw new AppError(
      'STALE_REVISION',
      `Version ${d.issuedVersion} is the one issued now, not ${version}: read it, then accept it.`,
      {
        issuedVersion: d.issuedVersion,
        version,
      },
    );
  }
}

/** Whether a customer sees a version: only versions that were issued to it. */
export const customerSeesVersion = (version: { issued_at: Date | null }): boolean => version.issued_at !== null;
