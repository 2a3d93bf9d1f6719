export { integrationRoutes } from './integrations.routes.js';
export { registerIntegration, listIntegrations, revokeIntegration } from './integrations.service.js';
export { createIntegrationRepository, type IntegrationRepository } from './integrations.repository.js';
