export { telemetryRoutes } from './telemetry.routes.js';
export { ingestReadings, type IngestOutcome, type IngestRules } from './ingest.service.js';
export { pruneReceiptsJob, pruneReceiptsSchedule } from './telemetry.jobs.js';
export { screenReading, FUTURE_TOLERANCE_MS, type ScreenedReading, type ScreenRules } from './screen.js';
export { refreshDeviceForecasts } from './forecast-refresh.js';
export { ForecastWorker, type ForecastWorkerOptions } from './forecast-worker.js';
export { createTelemetryRepository, type TelemetryRepository } from './telemetry.repository.js';
export { UploadedReading } from './readings.schemas.js';
export { deviceHistory, deviceCycles } from './history.service.js';
