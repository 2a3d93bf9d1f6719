export { telemetryRoutes } from './telemetry.routes.js';
export { ingestReadings, rejectionOf, type IngestOutcome } from './ingest.service.js';
export { createTelemetryRepository, type TelemetryRepository } from './telemetry.repository.js';
export { UploadedReading } from './readings.schemas.js';
