import type { Repositories } from '../app/store.js';
// The settings' pure core, not the requests index: that index reaches evaluation, which reads this domain.
import { parseStoredOverride, resolveSettings, type SettingLevels } from '../requests/settings.js';
import { learnLeadTime, LEAD_TIME_WINDOW_DAYS, type LeadTimeSetting, type LearnedLeadTime } from './learn.js';

const DAY_MS = 86_400_000;

/**
 * The lead time of each of a customer's sites, learned from one read of their recorded orders (however many sites),
 * falling back on the lead-time setting the customer's printers inherit (the dealer's, or the customer's own) when set.
 * The sites must be ones the caller may see of this customer: the caller checks them.
 */
export async function siteLeadTimes(repos: Repositories, dealerId: string, customerId: string, siteIds: readonly string[], now: Date): Promise<Map<string, LearnedLeadTime>> {
  const [samples, dealer, customer] = await Promise.all([
    repos.leadTimes.samplesOfSites(dealerId, customerId, siteIds, windowStart(now)),
    repos.settings.ofDealer(dealerId), repos.settings.ofCustomer({ dealerId, customerId: null }, customerId),
  ]);
  const setting = explicitSetting({ dealer: parseStoredOverride(dealer), customer: parseStoredOverride(customer ?? {}) });
  return new Map(siteIds.map((id) => [id, learnLeadTime(samples.filter((s) => s.siteId === id), setting, now)]));
}

/**
 * The lead time the service-level trigger uses for a printer: its site's, learned, else the lead-time setting it
 * inherits (down to its contract and itself) when one was set, else the built-in distribution. A printer at no site
 * has no history to learn from.
 */
export async function deviceLeadTime(repos: Repositories, dealerId: string, device: { customer_id: string; site_id: string | null }, levels: SettingLevels, now: Date): Promise<LearnedLeadTime> {
  const samples = device.site_id === null ? [] : await repos.leadTimes.samplesOfSites(dealerId, device.customer_id, [device.site_id], windowStart(now));
  return learnLeadTime(samples, explicitSetting(levels), now);
}

const windowStart = (now: Date) => new Date(now.getTime() - LEAD_TIME_WINDOW_DAYS * DAY_MS);

/** The effective leadTimeDays when some level set it, with that level; null when it is the built-in default. */
function explicitSetting(levels: SettingLevels): LeadTimeSetting | null {
  const { value, source } = resolveSettings(levels).leadTimeDays;
  return source === 'default' ? null : { leadTimeDays: value, level: source };
}
