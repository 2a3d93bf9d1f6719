export { createDealer, createFirstDealer, isFreshInstallation } from './dealers.service.js';
export { createDealerRepository, type DealerRepository } from './dealers.repository.js';
