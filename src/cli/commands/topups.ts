import type { Command } from 'commander';
import type { TopUpRequest } from '../../shared/contracts/topups.ts';
import { withApi, type ApiClient } from '../client.ts';
import { printJsonOr, printTable } from '../output.ts';
import { contractId, contractPath } from './ledger.ts';
import { registerTopUpPackageCommands } from './topup-packages.ts';

const requestPath = (id: string): string => `/api/v1/topup-requests/${encodeURIComponent(id)}`;

/** A request as a person reads it after a decision. */
export function formatTopUpRequest(r: TopUpRequest): string {
  const what = r.package ? `${r.package.name} (${r.amount.display}, ${r.package.price.display})` : r.amount.display;
  const head = `Top-up request ${r.id}: ${what} on ${r.contractNumber} (${r.customerName}), PO ${r.purchaseOrder}: ${r.status}`;
  if (r.status === 'accepted' && r.topUp)
    return `${head}. New balance ${r.topUp.balanceAfter.display}, available ${r.topUp.availableAfter.display}.`;
  if (r.status === 'declined') return `${head}: ${r.declineReason ?? ''}`;
  return `${head}.`;
}

/** Decides a request named by its id (its contract is read from it). */
async function decide(
  c: ApiClient,
  id: string,
  action: 'accept' | 'decline',
  body?: Record<string, unknown>,
): Promise<TopUpRequest> {
  const found = await c.request<TopUpRequest>('GET', requestPath(id));
  return c.request<TopUpRequest>(
    'POST',
    contractPath(found.contractId, `/topup-requests/${encodeURIComponent(id)}/${action}`),
    body,
  );
}

export function registerTopUpCommands(program: Command): void {
  const topups = program
    .command('topups')
    .description("customers' top-up requests (list, accept, decline) and the firm's top-up packages");
  registerTopUpPackageCommands(topups);

  topups
    .command('requests [contract]')
    .description('pending top-up requests (of one contract, by id or number; --all for every status)')
    .option('--all', 'every status, not only pending')
    .option('--json', 'print JSON')
    .action(async (contract: string | undefined, opts: { all?: boolean; json?: boolean }) =>
      withApi(async (c) => {
        const query = new URLSearchParams({ limit: '200', ...(opts.all ? {} : { status: 'pending' }) });
        const path = contract
          ? contractPath(await contractId(c, contract), `/topup-requests?${query}`)
          : `/api/v1/topup-requests?${query}`;
        const page = await c.request<{ items: TopUpRequest[]; nextCursor: string | null }>('GET', path);
        printTable(
          page.items.map((r) => ({
            id: r.id,
            customer: r.customerName,
            contract: r.contractNumber,
            amount: r.package ? `${r.amount.display} (${r.package.name})` : r.amount.display,
            po: r.purchaseOrder,
            status: r.status,
            requestedBy: r.requestedBy,
            requestedAt: r.requestedAt.slice(0, 10),
          })),
          ['id', 'customer', 'contract', 'amount', 'po', 'status', 'requestedBy', 'requestedAt'],
          !!opts.json,
          page,
        );
      }),
    );

  topups
    .command('accept <id>')
    .description('accept a pending request: the top-up is posted (once) and the customer told')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) =>
      withApi(async (c) => {
        const r = await decide(c, id, 'accept');
        printJsonOr(!!opts.json, r, () => formatTopUpRequest(r));
      }),
    );

  topups
    .command('decline <id>')
    .description('decline a pending request; the customer reads the reason')
    .requiredOption('--reason <text>', 'why (the customer reads it)')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { reason: string; json?: boolean }) =>
      withApi(async (c) => {
        const r = await decide(c, id, 'decline', { reason: opts.reason });
        printJsonOr(!!opts.json, r, () => formatTopUpRequest(r));
      }),
    );
}
