export { fleetRoutes } from './fleet.routes.js';
export { createFleetRepository, type FleetRepository, type CycleStats } from './fleet.repository.js';
export { fleetStatistics } from './fleet.service.js';
