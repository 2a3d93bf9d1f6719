export { createAuditRepository, type AuditRepository, type AuditEntry } from './audit.repository.js';
