/**
 * Learned lead times: per site, from the orders recorded there (the warehouse's dispatch → delivered, an external ERP's
 * actioned → loop closed), falling back on the lead-time setting, then on the built-in distribution. Read by the
 * customers' site resource and by the service-level trigger (requests' evaluation).
 */
export {
  learnLeadTime, leadTimeWindowStart, businessDaysBetween, settingBusinessDays, LEAD_TIME_WINDOW_DAYS, LEAD_TIME_HALF_LIFE_DAYS, MIN_LEAD_TIME_SAMPLES,
  type LeadTimeSample, type LeadTimeSetting, type LeadTimeSource, type LearnedLeadTime,
} from './learn.js';
export { siteLeadTimes, deviceLeadTime } from './lead-times.service.js';
export { createLeadTimeRepository, type LeadTimeRepository, type SiteLeadTimeSample } from './lead-times.repository.js';
