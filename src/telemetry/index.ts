export { telemetryRoutes } from './telemetry.routes.js';
export { ingestReadings, ingestAndForecast, rejectionOf, type IngestOutcome } from './ingest.service.js';
export { refreshDeviceForecasts } from './forecast-refresh.js';
export { createTelemetryRepository, type TelemetryRepository } from './telemetry.repository.js';
export { UploadedReading } from './readings.schemas.js';
export { deviceHistory, deviceCycles } from './history.service.js';
