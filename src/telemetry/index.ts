export { telemetryRoutes } from './telemetry.routes.js';
export { ingestReadings, type IngestOutcome } from './ingest.service.js';
export { screenReading, FUTURE_TOLERANCE_MS, type ScreenedReading } from './screen.js';
export { refreshDeviceForecasts } from './forecast-refresh.js';
export { ForecastWorker, type ForecastWorkerOptions } from './forecast-worker.js';
export { createTelemetryRepository, type TelemetryRepository } from './telemetry.repository.js';
export { UploadedReading } from './readings.schemas.js';
export { deviceHistory, deviceCycles } from './history.service.js';
