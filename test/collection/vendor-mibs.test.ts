/**
 * Every brand rule of normalize/vendor.ts and normalize/model.ts against Debian's snmpd serving a fixture
 * written from the vendor's public MIB (test/fixtures/snmpd/*-vendor-*.conf and friends), read through
 * `tonerloop poll` as an installer would: the serial where the maker hides it, mono and colour counters,
 * a clean model, and the printer's interface address.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollTarget, type DeviceReading } from '../../src/collection/index.js';
import { INSTALL_TIMEOUT_MS, pollOptions, runTonerloop, target } from './factories.js';
import { fixture, startSnmpd, type Peer } from './peers.js';

// Brand fixture → what `tonerloop poll` must read from it: serial, model, meters, mac.
const EXPECTED = {
  'kyocera-vendor-serial': { serial: 'W3N8Z01234', model: 'TASKalfa 2553ci', meters: { total: 184310, mono: 112310, color: 72000 }, mac: '00:17:c8:d4:e5:f6' },
  'brother-vendor-serial': { serial: 'E81234C5N654321', model: 'Brother HL-L8360CDW series', meters: { total: 10814, mono: 8192, color: 2622 }, mac: '00:80:77:d4:e5:f6' },
  'epson-vendor-serial': { serial: 'X3B8004321', model: 'EPSON WF-C5790 Series', meters: { total: 23456, mono: 15000, color: 8456 }, mac: '00:26:ab:d4:e5:f6' },
  'hp-colour-counters': { serial: 'VNB3R12345', model: 'HP Color LaserJet Pro M454dw', meters: { total: 30512, mono: 21100, color: 9412 }, mac: '00:1b:78:d4:e5:f6' },
  'canon-vendor-counters': { serial: '2NC01234', model: 'Canon iR-ADV C3826', meters: { total: 77001, mono: 50300, color: 26701 }, mac: '00:1e:8f:d4:e5:f6' },
  'ricoh-vendor-counters': { serial: '3101R801234', model: 'RICOH IM C3510', meters: { total: 99300, mono: 71300, color: 28000 }, mac: '00:26:73:d4:e5:f6' },
  'lexmark-vendor-serial': { serial: '750312340A1B2', model: 'Lexmark CX510de', meters: { total: 45120, mono: 30020, color: 15100 }, mac: '00:21:b7:d4:e5:f6' },
  'xerox-long-sysdescr': { serial: 'XRX9TC123456', model: 'AltaLink C8045', meters: { total: 61200, mono: 38800, color: 22400 }, mac: '00:00:aa:d4:e5:f6' },
  'konica-minolta-counters': { serial: 'AA2J021012345', model: 'bizhub C300i', meters: { total: 88000, mono: 54000, color: 34000 }, mac: '00:20:6b:d4:e5:f6' },
  'sharp-counters': { serial: '05012345', model: 'BP-70C31', meters: { total: 40500, mono: 31000, color: 9500 }, mac: '00:22:f3:d4:e5:f6' },
  'oki-okilan': { serial: 'AK35012345', model: 'C3200n', meters: { total: 12345, mono: null, color: null }, mac: '00:25:36:d4:e5:f6' },
  'samsung-vendor-serial': { serial: '4F66BKEQ410592R', model: 'ML-2850 Series', meters: { total: 4321, mono: null, color: null }, mac: '00:15:99:d4:e5:f6' },
  'toshiba-counters': { serial: 'CNFJ12345', model: 'TOSHIBA e-STUDIO3015AC', meters: { total: 70300, mono: 45000, color: 25300 }, mac: '00:80:91:81:e5:f6' },
  'zebra-vendor-serial': { serial: '18J162201234', model: 'ZT410-203dpi ZPL', meters: { total: null, mono: null, color: null }, mac: '00:07:ea:d4:e5:f6' },
  'no-serial': { serial: null, model: 'EPSON L6190 Series', meters: { total: 5120, mono: null, color: null }, mac: '00:26:ab:ca:fe:01' },
} as const;
type Brand = keyof typeof EXPECTED;
const BRANDS = Object.keys(EXPECTED) as Brand[];

describe('printers as they really report: vendor MIBs through tonerloop poll against Debian snmpd', () => {
  const peers = {} as Record<Brand, Peer>;
  const where = (brand: Brand) => `${peers[brand].address}:${peers[brand].port}`;
  let readings: DeviceReading[] = [];

  beforeAll(async () => {
    // One loopback address per fixture, in 127.0.47.0/24, so parallel test files never meet.
    const started = await Promise.allSettled(BRANDS.map((brand, i) => startSnmpd({ address: `127.0.47.${i + 1}`, config: fixture(`snmpd/${brand}.conf`) })));
    started.forEach((result, i) => { if (result.status === 'fulfilled') peers[BRANDS[i]!] = result.value; });
    const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    const run = await runTonerloop(['poll', ...BRANDS.map(where), '--timeout', '3000']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    readings = JSON.parse(run.stdout) as DeviceReading[];
  }, INSTALL_TIMEOUT_MS);
  afterAll(async () => {
    await Promise.all(Object.values(peers).map((peer) => peer.stop()));
  });

  it.each(BRANDS)('%s: serial, model, mono and colour counters and interface address as the maker publishes them', (brand) => {
    const reading = readings.find((r) => r.target === where(brand))!;
    expect(reading.error).toBeNull();
    expect({ serial: reading.serial, model: reading.model, meters: reading.meters, mac: reading.mac }).toEqual(EXPECTED[brand]);
  });

  it('reads a maker\'s MIB in the same few GETBULK rounds as the Printer MIB (snmpd counts the requests)', async () => {
    const before = (peers['kyocera-vendor-serial'].log().match(/Connection from/g) ?? []).length;
    await pollTarget(target(where('kyocera-vendor-serial')), pollOptions());
    const requests = (peers['kyocera-vendor-serial'].log().match(/Connection from/g) ?? []).length - before;
    expect(requests).toBeGreaterThan(0);
    expect(requests).toBeLessThanOrEqual(4);
  });

  it('reads the same over SNMPv1, which has no GETBULK, by walking the maker\'s subtrees', async () => {
    for (const brand of ['kyocera-vendor-serial', 'brother-vendor-serial', 'ricoh-vendor-counters'] as const) {
      const v1 = await pollTarget(target(where(brand)), pollOptions({ snmp: { version: '1' } }));
      expect({ serial: v1.serial, model: v1.model, meters: v1.meters, mac: v1.mac }).toEqual(EXPECTED[brand]);
    }
  });
});
