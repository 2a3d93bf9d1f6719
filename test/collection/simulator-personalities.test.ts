/**
 * The collector against every reporting personality of the in-process simulator, over SNMP v2c, SNMP
 * v3 and IPP: each normalized supply is checked against the simulator's ground truth, which no
 * printer ever tells (CONTRACT "Device reading": never invent a percentage).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTarget, pollTarget, type DeviceReading, type PollOptions, type SupplyReading, type Target } from '../../src/collection/index.js';
import { createLogger } from '../../src/platform/logger.js';
import type { PersonalityName } from '../../src/simulator/personality.js';
import { HOUR } from '../../src/simulator/printer.js';
import { parseScenario } from '../../src/simulator/scenario.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.js';
import type { PrinterTruth, SupplyTruth } from '../../src/simulator/simulation.js';
import { pollOptions } from './factories.js';
import { freeTcpPort, freeUdpPort } from './peers.js';

const START = '2026-03-02T00:00:00Z';
const FIRST_ADDRESS = '127.0.42.1';
const V3_USER = { name: 'collector', level: 'authPriv', authPassword: 'collector-auth-1', privPassword: 'collector-priv-1' } as const;

type Protocol = 'snmp v2c' | 'snmp v3' | 'ipp';
const PROTOCOLS: Protocol[] = ['snmp v2c', 'snmp v3', 'ipp'];

/** How far from the true gauge (in percentage points) a personality's reading may be: one of its steps. */
const STEP: Record<PersonalityName, number | null> = {
  'percent-1': 1, 'percent-10': 10, 'percent-25': 25, 'tenths-of-grams': 0.1, 'ricoh-near-end': 10,
  // These report no amount (−3, −2) or a scaled one (over-max); checked on their own below.
  'low-only': null, unknown: null, 'over-max': null,
};

function target(text: string): Target {
  const parsed = parseTarget(text);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

/** Checks one normalized supply against the truth of its slot, for a printer of `personality`. */
function expectMatchesTruth(supply: SupplyReading, truth: SupplyTruth, personality: PersonalityName, protocol: Protocol, where: string): void {
  const truePercent = 100 * truth.gauge;
  expect(supply.index, where).toBe(truth.index);
  expect(supply.kind, where).toBe(truth.kind);
  expect(supply.color, where).toBe(truth.color);
  expect(supply.isReceptacle, where).toBe(truth.kind === 'waste-toner');
  if (supply.description?.includes(truth.partNumber)) expect(supply.partNumber, where).toBe(truth.partNumber);

  if (truth.kind === 'waste-toner') {
    // The Kyocera's waste box says only "some space remains" (−3) until it is full.
    expect([supply.remainingPercent, supply.state], where).toEqual(truth.remaining > 0 ? [null, truth.low && protocol !== 'ipp' ? 'low' : 'some-remaining'] : [0, 'empty']);
    return;
  }
  if (truth.empty) {
    expect(supply.state, where).toBe('empty');
    expect(supply.remainingPercent, where).toBe(personality === 'unknown' ? null : 0);
    return;
  }
  switch (personality) {
    case 'low-only':
      if (truth.low) expect([supply.remainingPercent, supply.state], where).toEqual([0, protocol === 'ipp' ? 'empty' : 'low']);
      else expect([supply.remainingPercent, supply.state], where).toEqual([null, 'some-remaining']);
      return;
    case 'unknown':
      expect(supply.remainingPercent, where).toBeNull();
      expect(supply.state, where).toBe(truth.low && protocol !== 'ipp' ? 'low' : 'unknown');
      return;
    case 'ricoh-near-end':
      if (truth.low) {
        expect([supply.remainingPercent, supply.state], where).toEqual([null, 'low']);
        return;
      }
      break;
    case 'over-max':
      // 150 of 100 at full: the device's number, clamped, never above 100.
      expect(supply.remainingPercent, where).toBe(Math.min(100, Math.ceil(truePercent * 1.5 - 1e-9)));
      expect(supply.remainingPercent, where).toBeLessThanOrEqual(100);
      return;
    default:
      break;
  }
  const step = STEP[personality]!;
  expect(supply.remainingPercent, where).not.toBeNull();
  expect(Math.abs(supply.remainingPercent! - truePercent), `${where}: ${supply.remainingPercent} vs true ${truePercent.toFixed(3)}`).toBeLessThanOrEqual(step + 1e-9);
  // A low sensor that tripped is never reported as ok; ok is never reported for a supply the device calls low.
  if (truth.low && protocol !== 'ipp') expect(supply.state, where).toBe('low');
  if (supply.state === 'ok') expect(truth.low, where).toBe(false);
}

describe('polling every simulator personality, checked against the ground truth', () => {
  let simulator: RunningSimulator;
  let snmpPort: number;
  let ippPort: number;
  const readings = new Map<Protocol, DeviceReading[]>();

  const optionsFor = (protocol: Protocol): PollOptions => protocol === 'snmp v3'
    ? pollOptions({ snmp: { version: '3', v3: { user: V3_USER.name, authProtocol: 'sha', authKey: V3_USER.authPassword, privProtocol: 'aes', privKey: V3_USER.privPassword } } })
    : pollOptions();
  const targetFor = (protocol: Protocol, address: string) => target(protocol === 'ipp' ? `ipp://${address}:${ippPort}/ipp/print` : `${address}:${snmpPort}`);
  const truthOf = (i: number): PrinterTruth => simulator.simulation.truthAt(i, simulator.now());

  beforeAll(async () => {
    snmpPort = await freeUdpPort(FIRST_ADDRESS);
    ippPort = await freeTcpPort(FIRST_ADDRESS);
    // A whole hour at real speed: the printers' hour cannot turn while the test reads them.
    const scenario = parseScenario({ printers: 9, seed: 'collection-personalities', speed: 1, start: START, behaviour: { offlinePerDayProbability: 0 } });
    simulator = await startSimulator({
      scenario, firstAddress: FIRST_ADDRESS, snmpPort, ippPort, controlPort: null, community: 'public', v3Users: [V3_USER], logger: createLogger('silent'),
    });
    // Known situations for the personalities whose quirks only show in some states: the Ricoh's black
    // near its end, the Samsung's low/empty-only gauge above its low mark, the Epson's fresh cartridge to
    // read above its max, the Canon's 25 % gauge between steps.
    const model = (id: string) => simulator.simulation.printers.find((p) => p.model.id === id)!;
    model('ricoh-c261').supplies[0]!.remaining = 0.09;
    model('samsung-m2070').supplies[0]!.remaining = 0.6;
    model('epson-m320').supplies[0]!.remaining = 1;
    model('canon-lbp226').supplies[0]!.remaining = 0.61;
    // A working day and a bit, run in-process, so every printer's own low sensors and alerts have
    // caught up with those levels. The printers now stand ahead of the wall clock and hold still.
    simulator.simulation.advanceAll(Date.parse(START) + 30 * HOUR);
    for (const protocol of PROTOCOLS) {
      readings.set(protocol, await Promise.all(simulator.addresses.map((address) => pollTarget(targetFor(protocol, address), optionsFor(protocol)))));
    }
  });
  afterAll(() => simulator?.stop());

  it('the fleet has one printer per personality, and the set-up states hold', () => {
    expect(new Set(simulator.simulation.printers.map((p) => p.model.personality)).size).toBe(8);
    const truth = (id: string) => truthOf(simulator.simulation.printers.findIndex((p) => p.model.id === id));
    expect(truth('ricoh-c261').supplies[0]).toMatchObject({ low: true, empty: false });
    expect(truth('samsung-m2070').supplies[0]).toMatchObject({ low: false, empty: false });
    expect(truth('epson-m320').supplies[0]!.gauge).toBeGreaterThan(2 / 3);
  });

  it.each(PROTOCOLS)('every printer answers over %s with a reading and no error', (protocol) => {
    for (const [i, reading] of readings.get(protocol)!.entries()) {
      expect(reading.error, simulator.simulation.printers[i]!.model.id).toBeNull();
      expect(reading.protocol).toBe(protocol === 'ipp' ? 'ipp' : 'snmp');
    }
  });

  it.each(PROTOCOLS)('over %s, every supply matches the truth: within one step of the true gauge, 0.1 % in tenths of grams, −3 some-remaining, unknown unknown, Ricoh near end low, over-max clamped', (protocol) => {
    for (const [i, reading] of readings.get(protocol)!.entries()) {
      const printer = simulator.simulation.printers[i]!;
      const truth = truthOf(i);
      expect(reading.supplies.map((s) => s.index), printer.model.id).toEqual(truth.supplies.map((s) => s.index));
      truth.supplies.forEach((supplyTruth, s) => {
        expectMatchesTruth(reading.supplies[s]!, supplyTruth, printer.model.personality, protocol, `${printer.model.id} supply ${supplyTruth.index} over ${protocol}`);
      });
    }
  });

  it.each(PROTOCOLS)('over %s, the quirks read as meant: Ricoh −100 low, Samsung −3 some-remaining, Sharp −2 unknown, Kyocera waste box −3, Epson above max clamped to 100', (protocol) => {
    const supply = (id: string, index = 1) => {
      const i = simulator.simulation.printers.findIndex((p) => p.model.id === id);
      return readings.get(protocol)![i]!.supplies.find((s) => s.index === index)!;
    };
    expect(supply('ricoh-c261')).toMatchObject({ remainingPercent: null, state: 'low', raw: { level: -100 } });
    expect(supply('samsung-m2070')).toMatchObject({ remainingPercent: null, state: 'some-remaining', raw: { level: -3 } });
    expect(supply('sharp-b350')).toMatchObject({ remainingPercent: null, state: 'unknown', raw: { level: -2, max: -2 } });
    expect(supply('kyocera-m5526', 5)).toMatchObject({ kind: 'waste-toner', isReceptacle: true, remainingPercent: null, state: 'some-remaining', raw: { level: -3 } });
    const epson = supply('epson-m320');
    expect(epson.raw.level).toBeGreaterThan(100);
    expect(epson).toMatchObject({ remainingPercent: 100, state: 'ok', raw: { max: 100, unit: 'percent' } });
  });

  it.each(PROTOCOLS)('over %s, the page meter equals the true page count and the model is named', (protocol) => {
    for (const [i, reading] of readings.get(protocol)!.entries()) {
      const truth = truthOf(i);
      // Over SNMP, the models that publish mono and colour counters (ModelSpec.colorCounters) have them read from their maker's MIB.
      const counters = protocol !== 'ipp' && simulator.simulation.printers[i]!.model.colorCounters;
      const printer = simulator.simulation.printers[i]!;
      expect(reading.meters, truth.model).toEqual(counters
        ? { total: truth.pageCount, mono: truth.pageCount - printer.colorPageCount, color: printer.colorPageCount }
        : { total: truth.pageCount, mono: null, color: null });
      expect(reading.model).toBe(truth.model);
    }
  });

  it.each(['snmp v2c', 'snmp v3'] as const)('over %s, the serial equals the true serial, also for the HP whose serial is only in its sysDescr', (protocol) => {
    for (const [i, reading] of readings.get(protocol)!.entries()) expect(reading.serial, simulator.simulation.printers[i]!.model.id).toBe(truthOf(i).serial);
    const hp = simulator.simulation.printers.findIndex((p) => p.model.serialOnlyInSysDescr);
    expect(hp).toBeGreaterThanOrEqual(0);
  });

  it('over IPP, the serial equals the true serial, and is null for the HP that tells its serial only in its SNMP sysDescr', () => {
    for (const [i, reading] of readings.get('ipp')!.entries()) {
      const printer = simulator.simulation.printers[i]!;
      expect(reading.serial, printer.model.id).toBe(printer.model.serialOnlyInSysDescr ? null : truthOf(i).serial);
    }
  });

  it('SNMP v2c, SNMP v3 and IPP agree on every percentage (IPP printer-supply carries the MIB rows)', () => {
    const percents = (protocol: Protocol) => readings.get(protocol)!.map((r) => r.supplies.map((s) => s.remainingPercent));
    expect(percents('snmp v3')).toEqual(percents('snmp v2c'));
    expect(percents('ipp')).toEqual(percents('snmp v2c'));
  });
});
