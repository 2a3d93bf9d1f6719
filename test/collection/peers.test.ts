/**
 * The collector against real, independently written peers: Debian's net-snmp snmpd serving printer
 * personalities from `override` lines, and CUPS' ippeveprinter serving static printer attributes.
 * Each reading must say what the device meant (CONTRACT "Device reading").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollTarget, type DeviceReading, type PollOptions } from '../../src/collection/index.js';
import { INSTALL_TIMEOUT_MS, pollOptions, runTonerloop, target, V3 } from './factories.js';
import { ensureDnsSd, fixture, snmpgetPrinted, startIppEvePrinter, startSnmpd, type DnsSd, type Peer } from './peers.js';

// One loopback address per personality, in 127.0.41.0/24, so parallel test files never meet.
const PERSONALITIES = {
  hp: 'hp-mono-percent.conf',
  kyocera: 'kyocera-colour-units.conf',
  ricoh: 'ricoh-near-end.conf',
  samsung: 'samsung-low-only.conf',
  brother: 'brother-integer-counter.conf',
  epson: 'epson-over-max.conf',
  lexmark: 'lexmark-alert-low.conf',
  canon: 'canon-v3-authpriv.conf',
} as const;
type Personality = keyof typeof PERSONALITIES;


/** The supplies as [index, kind, color, remainingPercent, state] rows, the part a reader checks first. */
const summary = (reading: DeviceReading) => reading.supplies.map((s) => [s.index, s.kind, s.color, s.remainingPercent, s.state]);

describe('polling Debian snmpd serving printer personalities', () => {
  const peers = {} as Record<Personality, Peer>;
  const where = (name: Personality) => `${peers[name].address}:${peers[name].port}`;
  const poll = (name: Personality, options: PollOptions = pollOptions()) => pollTarget(target(where(name)), options);

  beforeAll(async () => {
    const names = Object.keys(PERSONALITIES) as Personality[];
    const started = await Promise.allSettled(names.map((name, i) => startSnmpd({ address: `127.0.41.${i + 1}`, config: fixture(`snmpd/${PERSONALITIES[name]}`) })));
    started.forEach((result, i) => { if (result.status === 'fulfilled') peers[names[i]!] = result.value; });
    const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }, INSTALL_TIMEOUT_MS);
  afterAll(async () => {
    await Promise.all(Object.values(peers).map((peer) => peer.stop()));
  });

  it('an HP LaserJet in 1 % steps: 37 % of a CF259A, serial and model, Counter32 page count', async () => {
    const reading = await poll('hp');
    expect(reading).toEqual({
      collectedAt: expect.any(String), target: where('hp'), protocol: 'snmp', serial: 'PHBQH12345', mac: '00:1b:78:a1:b2:c3', model: 'HP LaserJet Pro M404dn',
      meters: { total: 48213, mono: null, color: null },
      supplies: [{
        index: 1, kind: 'toner', color: 'black', description: 'Black Cartridge HP CF259A', partNumber: 'CF259A', partNumbers: ['CF259A'], isReceptacle: false,
        remainingPercent: 37, state: 'ok', raw: { level: 37, max: 100, unit: 'percent' },
      }],
      error: null,
    });
  });

  it('the same HP over SNMPv1 reads the same', async () => {
    const v1 = await poll('hp', pollOptions({ snmp: { version: '1' } }));
    const v2c = await poll('hp');
    expect({ ...v1, collectedAt: null }).toEqual({ ...v2c, collectedAt: null });
  });

  it('a Kyocera in tenths of grams: 4600 of 7200 is 63.9 % cyan (from the colorant table), 290 is 4 % and low, the waste box at −3 has some space', async () => {
    const reading = await poll('kyocera');
    expect(reading).toMatchObject({ serial: 'VCF9Z01234', model: 'ECOSYS M5526cdw', meters: { total: 20881 }, error: null });
    expect(reading.supplies).toEqual([
      { index: 1, kind: 'toner', color: 'cyan', description: 'TK-5240C', partNumber: 'TK-5240C', partNumbers: ['TK-5240C'], isReceptacle: false, remainingPercent: 63.9, state: 'ok', raw: { level: 4600, max: 7200, unit: 'tenths-of-grams' } },
      { index: 2, kind: 'toner', color: 'black', description: 'TK-5240K', partNumber: 'TK-5240K', partNumbers: ['TK-5240K'], isReceptacle: false, remainingPercent: 4, state: 'low', raw: { level: 290, max: 7200, unit: 'tenths-of-grams' } },
      { index: 3, kind: 'waste-toner', color: null, description: 'Waste Toner Box', partNumber: null, partNumbers: [], isReceptacle: true, remainingPercent: null, state: 'some-remaining', raw: { level: -3, max: -2, unit: 'percent' } },
    ]);
  });

  it('a Ricoh near end: black at −100 is low with no percentage; magenta on its last 10 % step is low', async () => {
    const reading = await poll('ricoh');
    expect(reading).toMatchObject({ serial: 'G478M123456', model: 'RICOH SP C261DNw', meters: { total: 31337 }, error: null });
    expect(summary(reading)).toEqual([
      [1, 'toner', 'black', null, 'low'],
      [2, 'toner', 'cyan', 70, 'ok'],
      [3, 'toner', 'magenta', 10, 'low'],
      [4, 'toner', 'yellow', 100, 'ok'],
    ]);
    expect(reading.supplies[0]!.raw).toEqual({ level: -100, max: 100, unit: 'percent' });
  });

  it('a Samsung with a low/empty-only gauge: −3 is some-remaining with no percentage, its imaging unit at −2 unknown', async () => {
    const reading = await poll('samsung');
    expect(reading).toMatchObject({ serial: 'ZD2BB8KF1234567', model: 'Samsung M2070 Series', meters: { total: 9876 }, error: null });
    expect(summary(reading)).toEqual([
      [1, 'toner', 'black', null, 'some-remaining'],
      [2, 'drum', null, null, 'unknown'],
    ]);
    expect(reading.supplies[0]!.partNumber).toBe('MLT-D111S');
    expect(reading.supplies[1]!.raw).toEqual({ level: -2, max: -2, unit: 'impressions' });
  });

  it('a Brother whose page counter is an INTEGER on the wire counts it like a Counter32; toner and drum in 10 % steps', async () => {
    // The quirk is real on the wire, as an independent tool sees it.
    expect(await snmpgetPrinted(peers.brother, '1.3.6.1.2.1.43.10.2.1.4.1.1')).toBe('INTEGER: 20417');
    const reading = await poll('brother');
    expect(reading).toMatchObject({ serial: 'E78651A9N123456', model: 'Brother HL-L2350DW series', meters: { total: 20417, mono: null, color: null }, error: null });
    expect(summary(reading)).toEqual([
      [1, 'toner', 'black', 30, 'ok'],
      [2, 'drum', null, 60, 'ok'],
    ]);
    expect(reading.supplies.map((s) => s.partNumber)).toEqual(['TN-2410', 'DR-2400']);
  });

  it('an Epson whose levels run above max is clamped to 100, in percent and in impressions', async () => {
    const reading = await poll('epson');
    expect(reading).toMatchObject({ serial: 'X4HE012345', model: 'EPSON AL-M320DN', meters: { total: 5555 }, error: null });
    expect(summary(reading)).toEqual([
      [1, 'toner', 'black', 100, 'ok'],
      [2, 'drum', null, 100, 'ok'],
    ]);
    expect(reading.supplies.map((s) => s.raw)).toEqual([{ level: 150, max: 100, unit: 'percent' }, { level: 130000, max: 100000, unit: 'impressions' }]);
  });

  it('a Lexmark whose gauge reads 0 while its alert table says "toner almost empty" is low, not empty', async () => {
    const reading = await poll('lexmark');
    expect(reading).toMatchObject({ serial: '46155HH012AB', model: 'Lexmark MS321dn', meters: { total: 42000 }, error: null });
    expect(summary(reading)).toEqual([
      [1, 'toner', 'black', 0, 'low'],
      [2, 'drum', null, 70, 'ok'],
    ]);
    expect(reading.supplies.map((s) => s.partNumber)).toEqual(['56F2000', '56F0Z00']);
  });

  it('a Canon over SNMPv3 authPriv (SHA, AES) reads like any other printer', async () => {
    const reading = await poll('canon', pollOptions({ snmp: { version: '3', v3: { ...V3 } } }));
    expect(reading).toMatchObject({ serial: 'XPE01234', model: 'Canon i-SENSYS LBP226dw', meters: { total: 7711 }, error: null });
    expect(summary(reading)).toEqual([[1, 'toner', 'black', 50, 'ok']]);
  });

  it('tonerloop poll prints the readings of several snmpd printers as one JSON array, in order, and exits 0', async () => {
    const run = await runTonerloop(['poll', where('kyocera'), where('ricoh'), where('brother'), '--timeout', '2000']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const readings = JSON.parse(run.stdout) as DeviceReading[];
    expect(readings.map((r) => [r.target, r.protocol, r.serial, r.error])).toEqual([
      [where('kyocera'), 'snmp', 'VCF9Z01234', null],
      [where('ricoh'), 'snmp', 'G478M123456', null],
      [where('brother'), 'snmp', 'E78651A9N123456', null],
    ]);
    expect(readings[0]!.supplies[0]).toMatchObject({ remainingPercent: 63.9, color: 'cyan', raw: { level: 4600, max: 7200, unit: 'tenths-of-grams' } });
    expect(readings[1]!.supplies[0]).toMatchObject({ remainingPercent: null, state: 'low' });
    expect(readings[2]!.meters.total).toBe(20417);
  });

  it('tonerloop poll --snmp-version 3 with the v3 user and keys reads the Canon', async () => {
    const run = await runTonerloop(['poll', where('canon'), '--snmp-version', '3', '--v3-user', V3.user, '--v3-auth-key', V3.authKey, '--v3-priv-key', V3.privKey, '--timeout', '2000']);
    expect(run.code).toBe(0);
    const [reading] = JSON.parse(run.stdout) as DeviceReading[];
    expect(reading).toMatchObject({ serial: 'XPE01234', error: null, supplies: [{ remainingPercent: 50, state: 'ok' }] });
  });
});

describe('polling CUPS ippeveprinter with static attributes', () => {
  let dnsSd: DnsSd | undefined;
  const printers: Peer[] = [];
  let coarse: Peer;
  let units: Peer;
  const uri = (peer: Peer) => `ipp://127.0.0.1:${peer.port}/ipp/print`;

  beforeAll(async () => {
    dnsSd = await ensureDnsSd();
    coarse = await startIppEvePrinter(fixture('ipp/colour-coarse.conf'), `tonerloop-coarse-${process.pid}`);
    printers.push(coarse);
    units = await startIppEvePrinter(fixture('ipp/printer-supply-units.conf'), `tonerloop-units-${process.pid}`);
    printers.push(units);
  }, INSTALL_TIMEOUT_MS);
  afterAll(async () => {
    for (const printer of printers) await printer.stop();
    await dnsSd?.stop();
  });

  it('marker arrays: black at −3 is some-remaining with no percentage, the others in percent; serial and impressions', async () => {
    const reading = await pollTarget(target(uri(coarse)), pollOptions());
    expect(reading).toMatchObject({ target: uri(coarse), protocol: 'ipp', serial: 'CNDK701234', meters: { total: 73421, mono: null, color: null }, error: null });
    expect(summary(reading)).toEqual([
      [1, 'toner', 'black', null, 'some-remaining'],
      [2, 'toner', 'cyan', 40, 'ok'],
      [3, 'toner', 'magenta', 20, 'ok'],
      [4, 'toner', 'yellow', 60, 'ok'],
    ]);
    expect(reading.supplies[0]).toMatchObject({ description: 'Black Toner', raw: { level: -3, max: 100, unit: 'percent' } });
  });

  it('printer-supply: −3 black, 4600 of 7200 tenths of grams is 63.9 %, the waste bottle has no space left; the padded serial is cleaned', async () => {
    const reading = await pollTarget(target(uri(units)), pollOptions());
    expect(reading).toMatchObject({ serial: '50275K9X0ABC', model: 'Lexmark CS421dn', meters: { total: 12345 }, error: null });
    expect(reading.supplies).toEqual([
      { index: 1, kind: 'toner', color: 'black', description: 'Black Toner 71B20K0', partNumber: '71B20K0', partNumbers: ['71B20K0'], isReceptacle: false, remainingPercent: null, state: 'some-remaining', raw: { level: -3, max: 100, unit: 'percent' } },
      { index: 2, kind: 'toner', color: 'cyan', description: 'Cyan Toner 71B20C0', partNumber: '71B20C0', partNumbers: ['71B20C0'], isReceptacle: false, remainingPercent: 63.9, state: 'ok', raw: { level: 4600, max: 7200, unit: 'tenths-of-grams' } },
      { index: 3, kind: 'waste-toner', color: null, description: 'Waste Toner Bottle 78C0W00', partNumber: '78C0W00', partNumbers: ['78C0W00'], isReceptacle: true, remainingPercent: 0, state: 'empty', raw: { level: 0, max: 100, unit: 'percent' } },
    ]);
  });

  it('tonerloop poll with an ipp:// target prints the ippeveprinter reading and exits 0', async () => {
    const run = await runTonerloop(['poll', uri(coarse), '--timeout', '3000']);
    expect(run.code).toBe(0);
    const [reading] = JSON.parse(run.stdout) as DeviceReading[];
    expect(reading).toMatchObject({ protocol: 'ipp', serial: 'CNDK701234', error: null });
    expect(reading!.supplies[0]).toMatchObject({ color: 'black', remainingPercent: null, state: 'some-remaining' });
  });
});
