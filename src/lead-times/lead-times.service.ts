import type { Repositories } from '../app/store.js';
// The settings' pure core, not the requests index: that index reaches evaluation, which reads this domain.
import { parseStoredOverride, resolveSettings, type SettingLevels } from '../requests/settings.js';
import { learnLeadTime, leadTimeWindowStart, type LeadTimeSetting, type LearnedLeadTime } from './learn.js';

/**
 * The lead time of each of a customer's sites, learned from one read of their recorded orders (however many sites),
 * falling back on the lead-time setting the customer's printers inherit (the dealer's, or the customer's own) when set.
 * The sites must be ones the caller may see of this customer: the caller checks them.
 */
export async function siteLeadTimes(repos: Repositories, dealerId: string, customerId: string, siteIds: readonly string[], now: Date): Promise<Map<string, LearnedLeadTime>> {
  const [samples, dealer, customer] = await Promise.all([
    repos.leadTimes.samplesOfSites(dealerId, customerId, siteIds, leadTimeWindowStart(now)),
    repos.settings.ofDealer(dealerId), repos.settings.ofCustomer({ dealerId, customerId: null }, customerId),
  ]);
  const setting = explicitSetting({ dealer: parseStoredOverride(dealer), customer: parseStoredOverride(customer ?? {}) });
  const bySite = new Map<string, typeof samples>();
  for (const sample of samples) {
    const ofSite = bySite.get(sample.siteId);
    if (ofSite) ofSite.push(sample);
    else bySite.set(sample.siteId, [sample]);
  }
  return new Map(siteIds.map((id) => [id, learnLeadTime(bySite.get(id) ?? [], setting, now)]));
}

/**
 * The lead time the service-level trigger uses for a printer: its site's, learned, else the lead-time setting it
 * inherits (down to its contract and itself) when one was set, else the built-in distribution. A printer at no site
 * has no history to learn from.
 */
export async function deviceLeadTime(repos: Repositories, dealerId: string, device: { customer_id: string; site_id: string | null }, levels: SettingLevels, now: Date): Promise<LearnedLeadTime> {
  const samples = device.site_id === null ? [] : await repos.leadTimes.samplesOfSites(dealerId, device.customer_id, [device.site_id], leadTimeWindowStart(now));
  return learnLeadTime(samples, explicitSetting(levels), now);
}

/** The effective leadTimeDays when some level set it, with that level; null when it is the built-in default. */
function explicitSetting(levels: SettingLevels): LeadTimeSetting | null {
  const { value, source } = resolveSettings(levels).leadTimeDays;
  return source === 'default' ? null : { leadTimeDays: value, level: source };
}
