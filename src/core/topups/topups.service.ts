import type { UseCaseArgs } from '../use-case.ts';
import { acceptTopUpRequest, declineTopUpRequest, withdrawTopUpRequest } from './decide-topup.ts';
import { createPackage, listPackages, offeredPackages, updatePackage } from './packages.ts';
import { getTopUpRequest, listContractTopUpRequests, listTopUpRequests } from './read-topups.ts';
import { requestTopUp, requestTopUpByLink } from './request-topup.ts';
import type { TopUpsDeps } from './topups.deps.ts';

export type TopUpsService = ReturnType<typeof createTopUpsService>;

/** Customer top-up requests (and the firm's top-up packages they may name): ask (portal or approval link), accept (posts the top-up once), decline, withdraw, read. */
export function createTopUpsService(deps: TopUpsDeps) {
  return {
    request: (...args: UseCaseArgs<typeof requestTopUp>) => requestTopUp(deps, ...args),
    requestByLink: (...args: UseCaseArgs<typeof requestTopUpByLink>) => requestTopUpByLink(deps, ...args),
    accept: (...args: UseCaseArgs<typeof acceptTopUpRequest>) => acceptTopUpRequest(deps, ...args),
    decline: (...args: UseCaseArgs<typeof declineTopUpRequest>) => declineTopUpRequest(deps, ...args),
    withdraw: (...args: UseCaseArgs<typeof withdrawTopUpRequest>) => withdrawTopUpRequest(deps, ...args),
    listForContract: (...args: UseCaseArgs<typeof listContractTopUpRequests>) =>
      listContractTopUpRequests(deps, ...args),
    list: (...args: UseCaseArgs<typeof listTopUpRequests>) => listTopUpRequests(deps, ...args),
    get: (...args: UseCaseArgs<typeof getTopUpRequest>) => getTopUpRequest(deps, ...args),
    packages: {
      list: (...args: UseCaseArgs<typeof listPackages>) => listPackages(deps, ...args),
      offered: (...args: UseCaseArgs<typeof offeredPackages>) => offeredPackages(deps, ...args),
      create: (...args: UseCaseArgs<typeof createPackage>) => createPackage(deps, ...args),
      update: (...args: UseCaseArgs<typeof updatePackage>) => updatePackage(deps, ...args),
    },
  };
}
