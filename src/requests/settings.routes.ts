import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../http/auth-hooks.js';
import { ERRORS, IdParams } from '../http/schemas.js';
import { REQUEST_SETTING_NAMES, TRIGGER_MODES, requestSettingsOverrideSchema, type RequestSettings } from './settings.js';
import { readSettings, writeSettings, type SettingsLevel, type SettingsView } from './settings.service.js';

const Source = z.enum(['default', 'dealer', 'customer', 'contract', 'device']);
const resolved = <T extends z.ZodType>(value: T) => z.object({ value, source: Source });

const Effective = z.object({
  leadTimeDays: resolved(z.number()),
  safetyBufferDays: resolved(z.number()),
  lowerThresholdPercent: resolved(z.number()),
  upperThresholdPercent: resolved(z.number()),
  triggerMode: resolved(z.enum(TRIGGER_MODES).describe('service-level: order when the chance of running out before a replacement arrives passes what serviceLevelPercent allows (the default for a new dealer); forecast, level, both: the fixed-days rules (lead time plus buffer, the lower threshold, or whichever fires first)')),
  serviceLevelPercent: resolved(z.number().describe('Service-level mode: the wanted chance, in percent, that the replacement is on site before the supply runs out (50–99.99)')),
  minConsumedSinceLastOrderPercent: resolved(z.number()),
  maxMeterAgeHours: resolved(z.number()),
  autoReplenish: resolved(z.boolean()),
  consolidateColours: resolved(z.boolean()),
  fulfilment: resolved(z.enum(['internal', 'external']).describe("internal: TonerLoop's supply-job module takes the outstanding requests; external: an ERP polls the B2B queue. Never both")),
  excessCartridgesAhead: resolved(z.number().int().describe('Cartridges of one colour a device may be sent ahead of what its pages used before a supply job needs a dispatcher to confirm it')),
  substitutesAllowed: resolved(z.boolean().describe('A short line may ship any substitute in stock, not only those marked to ship without asking')),
} satisfies Record<keyof RequestSettings, z.ZodType>);

const Settings = z.object({
  level: z.enum(['dealer', 'customer', 'contract', 'device']),
  targetId: z.uuid(),
  overrides: requestSettingsOverrideSchema.describe("This level's own overrides; a field that is absent inherits"),
  effective: Effective.describe('Every setting as it applies at this level, with the level it comes from'),
  contract: z.object({ id: z.uuid(), name: z.string() }).nullable().describe('For a device: the contract in force whose overrides it inherits'),
  problems: z.array(z.string()),
});

const present = (view: SettingsView): z.infer<typeof Settings> => ({
  ...view, effective: Object.fromEntries(REQUEST_SETTING_NAMES.map((name) => [name, view.effective[name]])) as z.infer<typeof Effective>,
});

const description = 'Fields left out or null inherit from the level above; the whole object replaces this level’s overrides.';

/** Request settings at every level: dealer-wide defaults → customer → contract → device. */
export const settingsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { store, clock } = app.tonerloop;

  app.get('/request-settings', {
    config: { capability: 'settings:read' },
    schema: { summary: 'Dealer-wide request settings', tags: ['settings'], response: { 200: Settings, ...ERRORS } },
    handler: async (request) => {
      const principal = principalOf(request);
      return present(await readSettings(store, principal, 'dealer', principal.dealerId, clock.now()));
    },
  });

  app.put('/request-settings', {
    config: { capability: 'settings:write' },
    schema: { summary: 'Replace the dealer-wide request settings', description, tags: ['settings'], body: requestSettingsOverrideSchema, response: { 200: Settings, ...ERRORS } },
    handler: async (request) => {
      const principal = principalOf(request);
      return present(await writeSettings(store, principal, 'dealer', principal.dealerId, request.body, clock.now()));
    },
  });

  const levels: { level: SettingsLevel; path: string; tag: string }[] = [
    { level: 'customer', path: '/customers/:id/request-settings', tag: 'a customer' },
    { level: 'contract', path: '/contracts/:id/request-settings', tag: 'a contract' },
    { level: 'device', path: '/devices/:id/request-settings', tag: 'a device' },
  ];
  for (const { level, path, tag } of levels) {
    app.get(path, {
      config: { capability: 'settings:read' },
      schema: { summary: `Request settings of ${tag}, each with where it is inherited from`, tags: ['settings'], params: IdParams, response: { 200: Settings, ...ERRORS } },
      handler: async (request) => present(await readSettings(store, principalOf(request), level, request.params.id, clock.now())),
    });
    app.put(path, {
      config: { capability: 'settings:write' },
      schema: { summary: `Replace the request-setting overrides of ${tag}`, description, tags: ['settings'], params: IdParams, body: requestSettingsOverrideSchema, response: { 200: Settings, ...ERRORS } },
      handler: async (request) => present(await writeSettings(store, principalOf(request), level, request.params.id, request.body, clock.now())),
    });
  }
};
