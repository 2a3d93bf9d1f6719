import type { SupplyJobStatus } from '../db/schema.js';

/** A job of the device the request is for, as placing a request reads it. */
export interface OpenJob {
  id: string;
  number: string;
  status: SupplyJobStatus;
  createdAt: Date;
}

/** Where a request's toner goes: onto the device's booked job, or a new job (cross-referenced with the device's other open job, if any). */
export type Placement =
  | { kind: 'consolidate'; job: OpenJob; why: string }
  | { kind: 'new'; crossWith: OpenJob | null; why: string };

/**
 * Jim2's rule: a device with a job still booked gets the toner added to it (consolidated freight); a device with a job
 * in any other open status (ready … delivered) gets a new job, and both jobs are commented with each other's number;
 * otherwise a new job. `jobs` are the device's open jobs; the newest one is named when several are open.
 */
export function placeRequest(jobs: readonly OpenJob[]): Placement {
  const booked = jobs.find((job) => job.status === 'booked');
  if (booked) return { kind: 'consolidate', job: booked, why: `Added to job ${booked.number}, booked for this printer and not yet released: one shipment (consolidated freight).` };
  const other = [...jobs].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
  if (other) return { kind: 'new', crossWith: other, why: `New job: the printer's job ${other.number} is already ${other.status}, so this toner cannot ride with it; both jobs say so in a comment.` };
  return { kind: 'new', crossWith: null, why: 'New job: the printer has no open supply job.' };
}

/** The request's recorded serial and customer, against the device as it is now. */
export interface DeviceMatchInput {
  request: { serial: string | null; customerId: string };
  device: { serial: string | null; customerId: string; replacedBy: string | null } | null;
}

/**
 * Step (1): does the request's serial still name its device (the asset)? Not when the device is gone, was replaced by
 * another printer at its address, moved to another customer, or its serial changed since the request was raised: the
 * toner would go to a printer that is not there. Then the request is an exception (`unknown-serial`) until someone
 * links the device that should get it. A request that recorded no serial (a printer telling none) matches by its id.
 */
export function matchDevice(input: DeviceMatchInput): { matched: true } | { matched: false; message: string } {
  const { request, device } = input;
  const serial = request.serial ?? '(no serial)';
  if (!device) return { matched: false, message: `Serial ${serial} matches no printer any more: the printer of this request no longer exists. Link the printer that should get the toner.` };
  if (device.replacedBy) return { matched: false, message: `Printer ${serial} was replaced by another printer at its address; link the printer that should get the toner.` };
  if (device.customerId !== request.customerId) return { matched: false, message: `Printer ${serial} belongs to another customer since this request was raised; link the printer that should get the toner.` };
  if (request.serial !== null && device.serial !== request.serial) {
    return { matched: false, message: `The request was raised for serial ${request.serial}, but its printer's serial is now ${device.serial ?? 'unknown'}: serial ${request.serial} matches no printer. Link the printer that should get the toner.` };
  }
  return { matched: true };
}
