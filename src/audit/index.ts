export { createAuditRepository, type AuditRepository, type AuditEntry } from './audit.repository.js';
export { listAudit } from './audit.service.js';
export { auditRoutes } from './audit.routes.js';
