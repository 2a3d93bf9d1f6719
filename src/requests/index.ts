/** Consumable requests: settings inheritance, triggers, colour consolidation, authorization rules and the status machine. Pure; `now` is passed in. */
export { REQUEST_STATUSES, OPEN_STATUSES, type ForecastView, type Instant, type RequestActor, type RequestOrigin, type RequestStatus, type SupplyNow, type SupplyState, type TriggerKind, type UserRole } from './types.js';
export {
  DEFAULT_REQUEST_SETTINGS, REQUEST_SETTING_NAMES, TRIGGER_MODES, SETTING_LEVELS, requestSettingsOverrideSchema, resolveSettings, settingValues, settingsProblems, storedOverride, parseStoredOverride, settingsContract, contractInForce,
  type RequestSettings, type RequestSettingsOverride, type ResolvedRequestSettings, type ResolvedSetting, type SettingLevels, type SettingSource, type TriggerMode, type Fulfilment, type SettingsContract,
} from './settings.js';
export { evaluateTrigger, pessimisticDaysRemaining, DEFAULT_SERVICE_LEVEL_PERCENT, type TriggerDecision, type TriggerSettings } from './trigger.js';
export { stockoutRisk, depletionDistribution, addBusinessDays, DEFAULT_LEAD_TIME_DISTRIBUTION, DEFAULT_NEXT_EVALUATION_HOURS, type LeadTimeWeight, type StockoutRisk, type StockoutRiskContext } from './stockout-risk.js';
export { supplyLeadTime, stockWaitNote, type ItemStock, type StockWait, type SupplyLeadTime } from './stock-wait.js';
export { stockoutHelp, type SpareOnSite, type StockoutHelp, type StockoutHelpInput, type StockoutHelpKind } from './stockout-help.js';
export { consolidateRequests, type ConsolidationCandidate, type ConsolidationSettings, type RequestGroup } from './consolidation.js';
export {
  AUTHORIZATION_RULES, authorizeRequest, entitlement, manualOrderWarning, deviceConnected, metersFresh, consumedSinceLastOrder, noOpenRequestForSupply, coveredByEntitledContract, manualOrderConflict,
  type Authorization, type AuthorizationInput, type AuthorizationRule, type RuleName, type RuleResult,
} from './authorize.js';
export { REQUEST_TRANSITIONS, canTransition, transition, initialStatus, mayRetrigger, concernsCurrentCartridge, reauthorize, type RequestHistoryEntry, type RequestStatusState, type TransitionOptions, type TransitionResult } from './status.js';
export { requestRoutes } from './requests.routes.js';
export { evaluateDeviceRequests, loadRequestContext, stateOf, type DeviceRequestContext } from './evaluate.service.js';
export { changeRequestStatus, changeRequestStatusIn, changeRequestStatusesIn, changerOf, commentOnRequest, orderOptions, placeManualOrder, queueIn, queueItemsIn, requestDetail, requestQueue, type QueueFilter, type RequestChanger } from './requests.service.js';
export { effectiveFulfilment, type FulfilmentFilter } from './requests.repository.js';
export { createRequestRepository, type RequestRepository } from './requests.repository.js';
export { readSettings, writeSettings, deviceSettingLevels, deviceSettingLevelsEach, type SettingsLevel, type SettingsView } from './settings.service.js';
export { settingsRoutes } from './settings.routes.js';
export { createSettingsRepository, type SettingsRepository } from './settings.repository.js';
export { reevaluateRequestsJob, reevaluateRequestsSchedule } from './requests.jobs.js';
