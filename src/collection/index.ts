export { pollTarget, pollTargets, parseTarget, type PollOptions, type Target } from './poll.js';
export { failedReading, type DeviceReading, type SupplyReading, type SupplyKind, type SupplyStateName, type UnitName } from './reading.js';
export { readPrinterMib, SnmpReadError, type SnmpTarget, type RawSnmpReading } from './snmp-reader.js';
export { readIppPrinter, IppReadError } from './ipp-reader.js';
export { normalizeSnmpReading, looksLikePrinter } from './normalize/snmp.js';
export { normalizeIppReading } from './normalize/ipp.js';
export { normalizeLevel, type LevelReport, type NormalizedLevel } from './normalize/level.js';
export { unitOf, unitOfKeyword, supplyKindOf } from './normalize/supply-kind.js';
export { cleanSerial } from './normalize/identity.js';
