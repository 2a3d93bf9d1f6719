import type { Repositories } from '../app/store.js';
import type { TenantScope } from '../auth/index.js';
import type { StoredStockoutRisk } from '../db/schema.js';
import { projectForecast } from '../forecasting/index.js';
import { stockoutHelp, type StockoutHelp } from './stockout-help.js';
import { OPEN_STATUSES, type RequestStatus } from './types.js';

/** The request fields the suggestions read. */
export interface AtRiskRequest {
  id: string;
  status: RequestStatus;
  device_id: string;
  customer_id: string;
  kind: string | null;
  color: string | null;
  part_number: string | null;
  stockout_risk: StoredStockoutRisk | null;
}

/**
 * What helps an open request whose stockout no order can prevent (its stored risk is unavoidable): stockoutHelp over the
 * spares of the same part on site at the customer's printers. Reads nothing for any other request.
 */
export async function stockoutHelpFor(repos: Repositories, scope: TenantScope, request: AtRiskRequest, now: Date): Promise<StockoutHelp[]> {
  const risk = request.stockout_risk;
  if (!risk?.unavoidable || !OPEN_STATUSES.includes(request.status)) return [];
  const [device, spares] = await Promise.all([
    repos.devices.get(scope, request.device_id),
    repos.spares.onSite(scope, request.customer_id, request.part_number ? [request.part_number] : []),
  ]);
  const t = now.getTime();
  return stockoutHelp({
    risk, riskAt: risk.assessedAt, requestId: request.id, deviceId: request.device_id,
    supply: { kind: request.kind, color: request.color, partNumber: request.part_number },
    spares: spares.map((s) => ({
      requestId: s.requestId, deviceId: s.deviceId, serial: s.serial, location: s.location, siteName: s.siteName,
      sameSite: s.siteId !== null && s.siteId === (device?.site_id ?? null), sku: s.sku, jobNumber: s.jobNumber, deliveredAt: s.deliveredAt.toISOString(),
      ownDaysRemaining: s.forecast ? projectForecast(s.forecast, t).daysRemaining : null,
    })),
  }, t);
}
