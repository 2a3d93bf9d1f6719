/** Contracts: which of a customer's devices they cover, their automatic-replenishment entitlement, their request-setting overrides. */
export { contractRoutes } from './contracts.routes.js';
export { createContract, updateContract, deleteContract, getContract, listContracts, type ContractChanges, type ContractView } from './contracts.service.js';
export { createContractRepository, type ContractRepository } from './contracts.repository.js';
