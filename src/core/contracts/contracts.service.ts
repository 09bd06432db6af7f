import type { Ctx } from '../context.ts';
import { activateContract, terminateContract } from './contract-status.ts';
import type { ContractsDeps } from './contracts.deps.ts';
import { createContract, type NewContract } from './create-contract.ts';
import { getContract, listContracts, type ContractFilter } from './read-contracts.ts';
import { renewContract, type RenewalInput } from './renew-contract.ts';
import { processTermEnds } from './term-end.ts';
import { updateContract, type ContractPatch } from './update-contract.ts';

export type ContractsService = ReturnType<typeof createContractsService>;

/** Contracts and their lifecycle: binds the use cases of this folder to their dependencies. */
export function createContractsService(deps: ContractsDeps) {
  return {
    create: (ctx: Ctx, input: NewContract) => createContract(deps, ctx, input),
    get: (ctx: Ctx, id: string) => getContract(deps, ctx, id),
    list: (ctx: Ctx, filter: ContractFilter) => listContracts(deps, ctx, filter),
    update: (ctx: Ctx, id: string, patch: ContractPatch, expectedRevision?: number) =>
      updateContract(deps, ctx, id, patch, expectedRevision),
    activate: (ctx: Ctx, id: string) => activateContract(deps, ctx, id),
    terminate: (ctx: Ctx, id: string, reason: string) => terminateContract(deps, ctx, id, reason),
    renew: (ctx: Ctx, id: string, input: RenewalInput) => renewContract(deps, ctx, id, input),
    processTermEnds: () => processTermEnds(deps),
  };
}
