/** The request lifecycle's pure rules that the server enforces and the browser shows. Browser-safe. */
import type { RequestStatus } from './contracts/requests.ts';

/** The request lifecycle of domain.md: from → the states it may move to. */
export const requestTransitions: Record<RequestStatus, readonly RequestStatus[]> = {
  received: ['scoping', 'rejected', 'withdrawn', 'ewo_drafting'],
  scoping: ['rejected', 'withdrawn', 'closed_advice_only', 'ewo_drafting'],
  ewo_drafting: ['withdrawn', 'awaiting_approval'],
  awaiting_approval: ['ewo_drafting', 'approved', 'declined', 'expired'],
  approved: ['closed'],
  declined: [],
  expired: [],
  rejected: [],
  withdrawn: [],
  closed_advice_only: [],
  closed: [],
};

export const canTransition = (from: RequestStatus, to: RequestStatus): boolean => requestTransitions[from].includes(to);

/** Ended (without an engagement, or with its engagement closed or cancelled): unmet SLA targets stop counting here. */
export const stopsClocks = (status: RequestStatus): boolean =>
  ['declined', 'expired', 'rejected', 'withdrawn', 'closed_advice_only', 'closed'].includes(status);

/** A withdrawn or rejected request voids its draft EWO (domain.md). */
export const voidsDraftWorkOrder = (status: RequestStatus): boolean => status === 'withdrawn' || status === 'rejected';

/** Before an EWO is approved (and while not ended) an IR manager may still correct or move the request. */
export const isCorrectable = (status: RequestStatus): boolean =>
  ['received', 'scoping', 'ewo_drafting', 'awaiting_approval'].includes(status);

/** Scoping calls are booked while the request is open and before its EWO is decided. */
export const acceptsScopingCalls = isCorrectable;
