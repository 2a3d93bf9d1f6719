export { collectorRoutes } from './collectors.routes.js';
export { registerCollector, listCollectors, revokeCollector, collectorConfig, setCollectorSettings, setCollectorSite } from './collectors.service.js';
export { createCollectorRepository, type CollectorRepository } from './collectors.repository.js';
