import type { Store } from '../app/store.js';
import { scopeOf, type Principal } from '../auth/index.js';

/** Fleet statistics within what the caller may see: per model, customer and part number, and silent devices. */
export async function fleetStatistics(store: Store, principal: Principal, query: { customerId?: string; silentDays: number }, now: Date) {
  const scope = scopeOf(principal);
  const fleet = store.repos.fleet;
  const [byModel, byCustomer, byPartNumber, silent] = await Promise.all([
    fleet.byModel(scope, query.customerId), fleet.byCustomer(scope, query.customerId), fleet.byPartNumber(scope, query.customerId),
    fleet.silentDevices(scope, query.customerId, new Date(now.getTime() - query.silentDays * 86_400_000), 500),
  ]);
  return { byModel, byCustomer, byPartNumber, silent };
}
