/** The simulator's SNMP face: what the `simulate` command and tests may use. */
export { createSnmpAgent, defaultEngineId } from './agent.js';
export type { SnmpAgent, SnmpAgentCounters, SnmpAgentOptions } from './agent.js';
export type { SecurityLevel, SnmpUserConfig } from './users.js';
export { renderPrinterMib } from './oids.js';
export type { MibEntry, MibTable, SnmpValue } from './oids.js';
export { getBulk, getExact, getNext } from './lookup.js';
export type { Varbind, VarbindValue } from './lookup.js';
export { compareOids, formatOid, parseOid } from './oid.js';
export type { Oid } from './oid.js';
