import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { authRoutes } from '../auth/index.js';
import { collectorRoutes } from '../collectors/index.js';
import { customerRoutes } from '../customers/index.js';
import { deviceRoutes } from '../devices/index.js';
import { ImportRunner, importRoutes } from '../imports/index.js';
import { integrationRoutes } from '../integrations/index.js';
import { auditRoutes } from '../audit/index.js';
import { fleetRoutes } from '../fleet/index.js';
import { fulfilmentRoutes, jobReportRoutes } from '../fulfilment/index.js';
import { requestRoutes, settingsRoutes } from '../requests/index.js';
import { contractRoutes } from '../contracts/index.js';
import { moveRoutes } from '../moves/index.js';
import { stockRoutes } from '../stock/index.js';
import { purchasingRoutes } from '../purchasing/index.js';
import { telemetryRoutes } from '../telemetry/index.js';
import { userRoutes } from '../users/index.js';
import { warehouseRoutes } from '../warehouse/index.js';
import type { Logger } from '../platform/logger.js';
import { installAuth } from './auth-hooks.js';
import { capConnectionsPerAddress, DEFAULT_CONNECTION_LIMITS, serverTimeouts, type ConnectionLimits } from './connections.js';
import { allowedMethodsOf } from './allowed-methods.js';
import type { HttpContext } from './context.js';
import { errorHandler, notFoundHandler } from './errors.js';
import { installInputGuard } from './input-guard.js';
import { findPortalDir, portalRoutes } from './portal.routes.js';
import { refuseCrossSiteRequests } from './same-origin.js';
import { installSecurityHeaders } from './security-headers.js';
import { systemRoutes } from './system.routes.js';

/** JSON bodies above this are refused with 413; imports have their own, larger limit. */
const JSON_BODY_LIMIT = 1024 * 1024;

/** How the HTTP server itself behaves, from the configuration: timeouts, connections per address, HSTS; and its import runner. */
export interface HttpServerOptions {
  connections?: ConnectionLimits;
  /** Send Strict-Transport-Security (the server is reached over HTTPS only). */
  hsts?: boolean;
  /**
   * Runs CSV imports in the background: one per app, stopped with it. The server makes it and starts its recovery
   * before listening (app/server.ts); where absent (tests, benchmarks) the app makes one that recovers nothing.
   */
  imports?: ImportRunner;
}

/**
 * Builds the HTTP application: every route, the OpenAPI document, authentication, cross-site refusal,
 * security headers, timeouts and error mapping.
 */
export async function buildApp(context: HttpContext, logger: Logger, options: HttpServerOptions = {}): Promise<FastifyInstance> {
  const connections = options.connections ?? DEFAULT_CONNECTION_LIMITS;
  // Only the configured reverse proxies may say who the client is (X-Forwarded-For); nobody else can fake it.
  const trustProxy = context.trustedProxies && context.trustedProxies.length > 0 ? context.trustedProxies : false;
  const app = Fastify({ loggerInstance: logger as FastifyBaseLogger, bodyLimit: JSON_BODY_LIMIT, trustProxy, ...serverTimeouts(connections) });
  capConnectionsPerAddress(app.server, connections.maxConnectionsPerAddress);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler(allowedMethodsOf(app)));
  app.decorate('tonerloop', context);
  app.addHook('onClose', () => context.forecasts.stop());
  const imports = options.imports ?? new ImportRunner(context.store, context.peopleClock ?? context.clock, logger);
  app.addHook('onClose', () => imports.stop());

  await installSecurityHeaders(app, { hsts: options.hsts ?? false });
  refuseCrossSiteRequests(app);
  // Answers over 1 kB go brotli- or gzip-compressed to clients that accept it (the fleet's lists shrink
  // tenfold on a phone's network; the portal's files are compressed at build time and pass as they are).
  // Request bodies are read as sent: a small gzip must not grow past the body limits once inflated.
  await app.register(fastifyCompress, { encodings: ['br', 'gzip'], globalDecompression: false });
  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'TonerLoop API', version: '1', description: 'Just-in-time toner supply for imaging dealers.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'tl_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  installAuth(app);
  installInputGuard(app);

  const api = app.withTypeProvider<ZodTypeProvider>();
  await api.register(systemRoutes);
  await api.register(authRoutes, { prefix: '/api/v1' });
  await api.register(userRoutes, { prefix: '/api/v1' });
  await api.register(customerRoutes, { prefix: '/api/v1' });
  await api.register(deviceRoutes, { prefix: '/api/v1' });
  await api.register(collectorRoutes, { prefix: '/api/v1' });
  await api.register(integrationRoutes, { prefix: '/api/v1' });
  await api.register(importRoutes(imports), { prefix: '/api/v1' });
  await api.register(telemetryRoutes, { prefix: '/api/v1' });
  await api.register(fleetRoutes, { prefix: '/api/v1' });
  await api.register(requestRoutes, { prefix: '/api/v1' });
  await api.register(settingsRoutes, { prefix: '/api/v1' });
  await api.register(contractRoutes, { prefix: '/api/v1' });
  await api.register(fulfilmentRoutes, { prefix: '/api/v1' });
  await api.register(jobReportRoutes, { prefix: '/api/v1' });
  await api.register(moveRoutes, { prefix: '/api/v1' });
  await api.register(stockRoutes, { prefix: '/api/v1' });
  await api.register(purchasingRoutes, { prefix: '/api/v1' });
  await api.register(warehouseRoutes, { prefix: '/api/v1' });
  await api.register(auditRoutes, { prefix: '/api/v1' });
  const portalDir = context.portalDir === undefined ? findPortalDir() : context.portalDir;
  if (portalDir) await app.register(portalRoutes(portalDir));
  await app.ready();
  return app;
}
