import { randomBytes } from 'node:crypto';
import type { Config } from '../config/index.js';
import { createFirstDealer, isFreshInstallation } from '../dealers/index.js';
import type { Store } from './store.js';

/**
 * On an empty database, creates the first dealer and its dealer admin. The password comes from
 * TONERLOOP_ADMIN_PASSWORD or is generated; a generated one is returned so it can be shown once.
 */
export async function bootstrapFirstAdmin(store: Store, config: Config, now: Date): Promise<{ email: string; generatedPassword: string | null } | null> {
  if (!(await isFreshInstallation(store))) return null;
  const generatedPassword = config.adminPassword ? null : randomBytes(12).toString('base64url');
  // Another process sharing this database may bootstrap at the same moment: one of them creates the admin, and it stands.
  const created = await createFirstDealer(store, { name: config.dealerName, adminEmail: config.adminEmail, adminPassword: config.adminPassword ?? generatedPassword! }, now);
  return created ? { email: config.adminEmail, generatedPassword } : null;
}
