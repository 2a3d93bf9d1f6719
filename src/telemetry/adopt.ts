import type { Repositories } from '../app/store.js';
import { actorOf } from '../auth/index.js';
import { toldSerials } from './identity.js';
import type { CollectorPrincipal } from './ingest.types.js';
import type { ScreenedReading } from './screen.js';

/**
 * Adopts, for the serials these readings tell, the devices known before by their MAC or a serial typed by hand
 * (one set-based statement), and audits each: the printer wins over a serial typed by hand, which is kept here.
 */
export async function adoptTold(repos: Repositories, principal: CollectorPrincipal, readings: ScreenedReading[], now: Date): Promise<void> {
  const adopted = await repos.telemetry.adoptDevices(principal.dealerId, principal.customerId, toldSerials(readings), now);
  await repos.audit.record(adopted.map((device) => ({
    dealerId: principal.dealerId, ...actorOf(principal), entityType: 'device', entityId: device.id,
    action: device.entered_serial !== null && device.entered_serial !== device.serial ? 'device.serial-corrected' : 'device.identified',
    details: { serial: device.serial, mac: device.mac, enteredSerial: device.entered_serial },
  })), now);
}
