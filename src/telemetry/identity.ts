import type { ScreenedReading } from './screen.js';

/** The identity of a printer known only by its interface address (devices.identity, derived the same way by the database). */
export const macIdentity = (mac: string) => `mac:${mac}`;

/**
 * The key an upload locks for one printer before it touches its device (lockBatch): its serial, else its MAC.
 * A move's confirmation locks the same keys, so it waits for uploads of that printer and they wait for it.
 */
export function printerLockKey(printer: { serial: string | null; mac?: string | null }): string | null {
  return printer.serial ? `serial:${printer.serial.toUpperCase()}` : printer.mac ? macIdentity(printer.mac) : null;
}

/**
 * The serials a batch's printers told, each with the MAC it last gave (null from collectors that send
 * none): what may identify a device so far known only by its MAC or by a serial entered by hand.
 */
export function toldSerials(readings: ScreenedReading[]): { serial: string; mac: string | null }[] {
  const macOf = new Map<string, string | null>();
  for (const { reading } of readings) {
    if (reading.serial !== null) macOf.set(reading.serial, reading.mac ?? macOf.get(reading.serial) ?? null);
  }
  // One serial per MAC: two serials behind one address in a batch (a print server moved) adopt nothing twice.
  const serialOfMac = new Map<string, string>();
  for (const [serial, mac] of macOf) if (mac !== null) serialOfMac.set(mac, serial);
  return [...macOf].map(([serial, mac]) => ({ serial, mac: mac !== null && serialOfMac.get(mac) === serial ? mac : null }));
}

/** The MACs of a batch's readings that tell no serial and were not given with one elsewhere in the batch. */
export function macsToLookUp(readings: ScreenedReading[]): string[] {
  const told = new Set(readings.flatMap(({ reading }) => (reading.serial !== null && reading.mac ? [reading.mac] : [])));
  return [...new Set(readings.flatMap(({ reading }) => (reading.serial === null && reading.mac && !told.has(reading.mac) ? [reading.mac] : [])))];
}

/**
 * What each of a batch's readings is matched on: its serial; else the serial the same MAC came with in
 * this batch (its latest), else the identity of the device that MAC belongs to (`known`, looked up
 * beforehand), else `mac:<mac>`. So a printer that tells its serial only now and then stays one device.
 */
export function identitiesOf(readings: ScreenedReading[], known: Map<string, string>): Map<ScreenedReading, string> {
  const serialOfMac = new Map<string, string>();
  for (const { reading } of readings) if (reading.serial !== null && reading.mac) serialOfMac.set(reading.mac, reading.serial);
  return new Map(readings.map((s) => {
    const { serial, mac } = s.reading;
    if (serial !== null) return [s, serial];
    if (!mac) throw new TypeError(`Reading ${s.reading.readingId} has neither serial nor MAC; screening refuses those.`);
    return [s, serialOfMac.get(mac) ?? known.get(mac) ?? macIdentity(mac)];
  }));
}
