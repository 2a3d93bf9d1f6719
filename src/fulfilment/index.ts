/** Supply jobs: TonerLoop's own job module (Jim2-style automated toner job creation): the creator, SKU choice, consolidation, statuses, back orders and the excess-supply guard. */
export { JOB_STATUSES, OPEN_JOB_STATUSES, JOB_TRANSITIONS, allowedMoves, checkJobMove, movesFor, type JobHistoryEntry, type JobMover } from './status.js';
export { selectSku, type SkuChoice, type SkuSources, type StockCandidate, type SupplyToFill } from './select-sku.js';
export { placeRequest, matchDevice, type OpenJob, type Placement } from './place.js';
export { excessFlag, excessPages, type ExcessFlag, type ExcessInput, type ExcessPagesAxis } from './excess.js';
export { fillLines, type LineFill, type LineToFill, type StockAt, type SubstituteOption } from './reserve.js';
export { runJobCreator, takeRequest, systemTaker, type JobRunResult, type JobTaker, type ExceptionFix, type TakeOutcome } from './job-creator.service.js';
export { changeJobStatus, changeJobStatusIn, lockForChange as lockJobForChange, commentOnJob, confirmExcess, jobDetail, listExceptions, listJobs, resolveException, runJobsNow, jobRunSettings, setJobRunSettings } from './jobs.service.js';
export { closeJobLines } from './close.js';
export { fillBackorders } from './backorders.js';
export { orderLabelOf, isOrderLabel } from './order-label.js';
export { jobCreatorJob, jobCreatorSchedule } from './fulfilment.jobs.js';
export { fulfilmentRoutes } from './fulfilment.routes.js';
export { jobReportRoutes } from './reports.routes.js';
export { backorderReport, excessReport, reportSummary, shippedVsConsumedReport } from './reports.service.js';
export { createSupplyJobRepository, type SupplyJobRepository, type JobFilter } from './fulfilment.repository.js';
