/** The share of the estimate at which the IR manager and the account team are warned (once per estimate). */
export const ESTIMATE_WARNING_PERCENT = 90;
