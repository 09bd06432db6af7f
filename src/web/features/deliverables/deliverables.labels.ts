import type { MantineColor } from '@mantine/core';
import { deliverableKinds } from '../../../shared/domain.ts';
import { deliverableLabels } from '../requests/requests.labels.ts';
import type { Deliverable, DeliverableKind } from './deliverables.api.ts';

/** The catalog's deliverable names (one list for the whole app). */
export const kindLabels: Record<DeliverableKind, string> = deliverableLabels;

export const kindOptions = deliverableKinds.map((k) => ({ value: k, label: kindLabels[k] }));

export const deliverableStatusColors: Record<string, MantineColor> = {
  draft: 'gray',
  issued: 'blue',
  accepted: 'green',
};

/** The current version is a draft nobody issued yet (a newer version after an issue counts too). */
export const hasUnissuedVersion = (deliverable: Deliverable): boolean =>
  deliverable.status !== 'accepted' && deliverable.issuedVersion !== deliverable.currentVersion;
