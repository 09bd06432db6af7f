import type { MantineColor } from '@mantine/core';
import { versionTransitions } from '../../../shared/workorders.ts';
import type { WorkOrderStatus } from './workorders.types.ts';
import { labels } from '../../../shared/labels.ts';

// Every version status, in the order of the lifecycle's transition table.
const workOrderStatuses = Object.keys(versionTransitions) as WorkOrderStatus[];

/** Colours of EWO version and change-order statuses. */
export const versionStatusColors: Record<string, MantineColor> = {
  draft: 'gray',
  sent: 'blue',
  approved: 'green',
  declined: 'red',
  changes_requested: 'orange',
  superseded: 'gray',
  expired: 'orange',
  void: 'gray',
};

/** What each status means for the IR manager, shown under the page title. */
export const statusHints: Record<string, string> = {
  draft: 'Draft: changes are saved as you type. Send it when it is complete.',
  sent: "Sent: waiting for the customer's approval. Revising it replaces this version and its links.",
  approved: 'Approved: the engagement was created and the reservation posted.',
  declined: 'Declined by the customer.',
  changes_requested: 'The customer asked for changes: revise it to start the next version.',
  superseded: 'Superseded by a newer version.',
  expired: 'Expired: the approval deadline passed without a decision.',
  void: 'Void: the request was withdrawn or rejected before this draft was sent.',
};

export const workOrderStatusOptions = [
  { value: '', label: 'All statuses' },
  ...workOrderStatuses.map((s) => ({ value: s, label: labels.workOrderStatus[s] })),
];
