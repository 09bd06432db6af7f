import type { ContractSettings } from './contracts/contract-settings.ts';
import type { Activity } from './domain.ts';

/** scoping and internal never draw down; travel time follows the contract's T&E policy; everything else does. */
export function isBillableActivity(
  activity: Activity,
  settings: Pick<ContractSettings, 'travelTimeBillable'>,
): boolean {
  if (activity === 'scoping' || activity === 'internal') return false;
  if (activity === 'travel_time') return settings.travelTimeBillable;
  return true;
}
