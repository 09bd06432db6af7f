import type { UseCaseArgs } from '../use-case.ts';
import { recordInvoiceNumber } from './invoice.ts';
import type { InvoicingDeps } from './invoicing.deps.ts';
import { getRun, listRuns, runPdf } from './read.ts';
import { continueBilling, runBilling } from './run.ts';

export type InvoicingService = ReturnType<typeof createInvoicingService>;

/** Billing exports for invoicing: runs per period, their lines exported once, invoice numbers recorded once. */
export function createInvoicingService(deps: InvoicingDeps) {
  return {
    run: (...args: UseCaseArgs<typeof runBilling>) => runBilling(deps, ...args),
    continue: (...args: UseCaseArgs<typeof continueBilling>) => continueBilling(deps, ...args),
    list: (...args: UseCaseArgs<typeof listRuns>) => listRuns(deps, ...args),
    get: (...args: UseCaseArgs<typeof getRun>) => getRun(deps, ...args),
    pdf: (...args: UseCaseArgs<typeof runPdf>) => runPdf(deps, ...args),
    recordInvoiceNumber: (...args: UseCaseArgs<typeof recordInvoiceNumber>) => recordInvoiceNumber(deps, ...args),
  };
}
