import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { identitiesOf, macsToLookUp, toldSerials } from '../../src/telemetry/identity.js';
import type { ScreenedReading } from '../../src/telemetry/screen.js';

let minute = 0;
/** A screened, usable reading of a printer telling `serial` (or none) with interface address `mac` (or none), each a minute after the last. */
const seen = (serial: string | null, mac: string | null): ScreenedReading => {
  minute += 1;
  const collectedAt = new Date(Date.UTC(2026, 10, 20, 8, minute)).toISOString();
  return {
    at: Date.parse(collectedAt), rejectedReason: null, notes: [],
    reading: { readingId: randomUUID(), collectedAt, target: '10.0.0.9:161', protocol: 'snmp', serial, mac, model: null, meters: { total: null, mono: null, color: null }, supplies: [], error: null },
  };
};
const M1 = '00:1b:78:00:00:01';
const M2 = '00:1b:78:00:00:02';

describe('identitiesOf', () => {
  it('matches a reading by its serial, else by its MAC address', () => {
    const readings = [seen('SN1', M1), seen(null, M2)];
    expect([...identitiesOf(readings, new Map()).values()]).toEqual(['SN1', `mac:${M2}`]);
  });

  it('gives a reading without serial the serial its MAC came with in the same batch, so a printer that tells it now and then stays one device', () => {
    const readings = [seen(null, M1), seen('SN1', M1), seen(null, M1)];
    expect([...identitiesOf(readings, new Map()).values()]).toEqual(['SN1', 'SN1', 'SN1']);
  });

  it('gives a reading without serial the identity of the device its MAC belongs to, as looked up', () => {
    expect([...identitiesOf([seen(null, M1)], new Map([[M1, 'SN9']])).values()]).toEqual(['SN9']);
  });
});

describe('macsToLookUp', () => {
  it('looks up only the MACs of readings without serial that the batch gives no serial for', () => {
    expect(macsToLookUp([seen(null, M1), seen(null, M1), seen('SN2', M2), seen(null, M2), seen('SN3', null)])).toEqual([M1]);
  });
});

describe('toldSerials', () => {
  it('lists each serial told once, with the latest MAC it came with', () => {
    expect(toldSerials([seen('SN1', null), seen('SN1', M1), seen('SN1', null), seen('SN2', null), seen(null, M2)])).toEqual([{ serial: 'SN1', mac: M1 }, { serial: 'SN2', mac: null }]);
  });

  it('adopts by one MAC for one serial only, when two serials came with the same MAC', () => {
    const told = toldSerials([seen('SN1', M1), seen('SN2', M1)]);
    expect(told.filter((t) => t.mac === M1)).toHaveLength(1);
  });
});
