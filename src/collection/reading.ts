/** The CONTRACT device reading: what `poll` prints and the collector uploads. */

export type SupplyKind = 'toner' | 'waste-toner' | 'drum' | 'fuser' | 'developer' | 'ink' | 'waste-ink' | 'transfer' | 'staples' | 'other';
export type SupplyStateName = 'ok' | 'low' | 'empty' | 'some-remaining' | 'unknown';
export type UnitName = 'percent' | 'impressions' | 'sheets' | 'tenths-of-grams' | 'tenths-of-milliliters' | 'items' | 'hours' | 'other';

export interface SupplyReading {
  index: number;
  kind: SupplyKind;
  color: string | null;
  description: string | null;
  partNumber: string | null;
  /** Every orderable part number the description names: a kit's voltage variants ("110V-C1N54A, 220V-C1N58A"). */
  partNumbers: string[];
  isReceptacle: boolean;
  /** Life left: toner left for a consumable, space left for a receptacle; null when unknown. Never invented. */
  remainingPercent: number | null;
  state: SupplyStateName;
  raw: { level: number | null; max: number | null; unit: UnitName | null };
}

export interface DeviceReading {
  readingId?: string;
  collectedAt: string;
  target: string;
  protocol: 'snmp' | 'ipp';
  serial: string | null;
  /** The printer's network interface address (ifPhysAddress, "00:1b:78:12:34:56"); identifies a printer that tells no serial. */
  mac: string | null;
  model: string | null;
  meters: { total: number | null; mono: number | null; color: number | null };
  supplies: SupplyReading[];
  error: string | null;
}

/** A reading for a target that could not be read: an entry with an error, never a crash. */
export function failedReading(target: string, protocol: 'snmp' | 'ipp', error: string, collectedAt: Date): DeviceReading {
  return { collectedAt: collectedAt.toISOString(), target, protocol, serial: null, mac: null, model: null, meters: { total: null, mono: null, color: null }, supplies: [], error };
}
