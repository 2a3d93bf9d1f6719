export { hashPassword, verifyPassword } from './passwords.js';
export { newToken, hashToken, tokenHint, tokenKind, type TokenKind } from './tokens.js';
export { scopeOf, actorOf, type Principal, type TenantScope } from './principal.js';
export { can, authorize, type Capability } from './policy.js';
export { LoginLimiter } from './login-limiter.js';
export { createSessionRepository, type SessionRepository } from './sessions.repository.js';
export { login, logout, authenticateSession, authenticateBearer, type SessionPolicy } from './auth.service.js';
export { expireSessionsSchedule } from './auth.jobs.js';
export { authRoutes } from './auth.routes.js';
