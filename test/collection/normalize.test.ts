/**
 * The normalization rules of the collector, one device behaviour per test (BRIEF "How printers report
 * supplies", CONTRACT "Device reading"), plus properties that must hold for any input a device can send.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { colorOf } from '../../src/collection/normalize/color.js';
import { cleanSerial, counterValue, serialFromSysDescr } from '../../src/collection/normalize/identity.js';
import { modelFromSysDescr } from '../../src/collection/normalize/model.js';
import { normalizeIppReading, parsePrinterSupply } from '../../src/collection/normalize/ipp.js';
import { normalizeLevel, type LevelReport } from '../../src/collection/normalize/level.js';
import { partNumberOf, partNumbersOf } from '../../src/collection/normalize/part-number.js';
import { looksLikePrinter, normalizeSnmpReading } from '../../src/collection/normalize/snmp.js';
import { supplyKindOf, unitOf, unitOfKeyword } from '../../src/collection/normalize/supply-kind.js';
import type { UnitName } from '../../src/collection/reading.js';
import { rawIppAttributes, rawSnmpReading, type SupplyRow } from './factories.js';

const AT = new Date('2026-03-02T10:00:00Z');
const HP_SYSDESCR = 'HP ETHERNET MULTI-ENVIRONMENT,ROM none,JETDIRECT,JD153,EEPROM JSI24090006,CIDATE 02/04/2024,SN:PHBQH12345,PID:HP LaserJet Pro M404dn';

/** A level report with nothing said but what the test gives. */
function level(report: Partial<LevelReport>) {
  return normalizeLevel({ level: null, max: null, unit: null, isReceptacle: false, deviceSaysLow: false, deviceSaysEmpty: false, lowPercent: null, ...report });
}

/** The supplies of an SNMP answer with these rows (and optionally colorants and alerts). */
function snmpSupplies(rows: SupplyRow[], extra: Parameters<typeof rawSnmpReading>[0] = {}) {
  return normalizeSnmpReading(rawSnmpReading({ supplyRows: rows, ...extra }), '127.0.0.1:161', AT).supplies;
}

const toner = (index: number, levelValue: number, rest: Partial<SupplyRow> = {}): SupplyRow => ({
  index, supplyClass: 3, type: 21, unit: 19, max: 100, level: levelValue, ...rest,
});

describe('normalizeLevel', () => {
  it('a Kyocera reporting 4600 of 7200 tenths of grams is at 63.9 %', () => {
    expect(level({ level: 4600, max: 7200, unit: 'tenths-of-grams' })).toEqual({ remainingPercent: 63.9, state: 'ok' });
  });

  it('a Kyocera black at 290 of 7200 tenths of grams is low at 4 %', () => {
    expect(level({ level: 290, max: 7200, unit: 'tenths-of-grams' })).toEqual({ remainingPercent: 4, state: 'low' });
  });

  it('a Kyocera at 3 of 7200 tenths of grams (0.04 %) is low, not empty: the device still has toner', () => {
    expect(level({ level: 3, max: 7200, unit: 'tenths-of-grams' })).toEqual({ remainingPercent: 0, state: 'low' });
  });

  it('−3 is some-remaining with no percentage, never 50 %', () => {
    expect(level({ level: -3, max: 100, unit: 'percent' })).toEqual({ remainingPercent: null, state: 'some-remaining' });
    expect(level({ level: -3, max: -2, unit: 'percent' })).toEqual({ remainingPercent: null, state: 'some-remaining' });
  });

  it('−3 with the device\'s own low alert is low, still with no percentage', () => {
    expect(level({ level: -3, max: 100, unit: 'percent', deviceSaysLow: true })).toEqual({ remainingPercent: null, state: 'low' });
  });

  it('−2 unknown', () => {
    expect(level({ level: -2, max: -2, unit: 'percent' })).toEqual({ remainingPercent: null, state: 'unknown' });
  });

  it('−1 (other, no restriction) is unknown, not full', () => {
    expect(level({ level: -1, max: -1, unit: 'percent' })).toEqual({ remainingPercent: null, state: 'unknown' });
  });

  it('Ricoh −100 is low with no percentage', () => {
    expect(level({ level: -100, max: 100, unit: 'percent' })).toEqual({ remainingPercent: null, state: 'low' });
  });

  it('any other negative level is unknown, never a percentage', () => {
    expect(level({ level: -5, max: 100, unit: 'percent' })).toEqual({ remainingPercent: null, state: 'unknown' });
  });

  it('no level at all is unknown', () => {
    expect(level({ level: null, max: 100, unit: 'percent' })).toEqual({ remainingPercent: null, state: 'unknown' });
  });

  it('a level above max is clamped to 100', () => {
    expect(level({ level: 150, max: 100, unit: 'percent' })).toEqual({ remainingPercent: 100, state: 'ok' });
  });

  it('a drum at 130000 of 100000 impressions is clamped to 100 too', () => {
    expect(level({ level: 130000, max: 100000, unit: 'impressions' })).toEqual({ remainingPercent: 100, state: 'ok' });
  });

  it('unit percent means the level is already percent even with max −2', () => {
    expect(level({ level: 40, max: -2, unit: 'percent' })).toEqual({ remainingPercent: 40, state: 'ok' });
  });

  it('an absolute level with an unknown capacity gives no percentage', () => {
    expect(level({ level: 500, max: -2, unit: 'tenths-of-grams' })).toEqual({ remainingPercent: null, state: 'unknown' });
  });

  it('a waste box at level 0 has no space left', () => {
    expect(level({ level: 0, max: 100, unit: 'percent', isReceptacle: true })).toEqual({ remainingPercent: 0, state: 'empty' });
  });

  it('a waste box at −3 still has some space, amount unknown', () => {
    expect(level({ level: -3, max: -2, unit: 'percent', isReceptacle: true })).toEqual({ remainingPercent: null, state: 'some-remaining' });
  });

  it('a gauge at 0 whose alert table says only low is low, not empty', () => {
    expect(level({ level: 0, max: 100, unit: 'percent', deviceSaysLow: true })).toEqual({ remainingPercent: 0, state: 'low' });
  });

  it('a gauge at 0 with no alert is empty', () => {
    expect(level({ level: 0, max: 100, unit: 'percent' })).toEqual({ remainingPercent: 0, state: 'empty' });
  });

  it('a device that says empty is empty even when its gauge says −3', () => {
    expect(level({ level: -3, max: 100, unit: 'percent', deviceSaysEmpty: true })).toEqual({ remainingPercent: null, state: 'empty' });
  });

  it('with no low mark of its own, 10 % is low and 11 % is ok', () => {
    expect(level({ level: 10, max: 100, unit: 'percent' }).state).toBe('low');
    expect(level({ level: 11, max: 100, unit: 'percent' }).state).toBe('ok');
  });

  it('the device\'s own low mark decides: a Canon at 25 % with its mark at 35 % is low', () => {
    expect(level({ level: 25, max: 100, unit: 'percent', lowPercent: 35 })).toEqual({ remainingPercent: 25, state: 'low' });
    expect(level({ level: 50, max: 100, unit: 'percent', lowPercent: 35 })).toEqual({ remainingPercent: 50, state: 'ok' });
  });

  it('the device\'s low alert makes a supply low whatever its gauge says', () => {
    expect(level({ level: 60, max: 100, unit: 'percent', deviceSaysLow: true })).toEqual({ remainingPercent: 60, state: 'low' });
  });
});

describe('normalizeSnmpReading', () => {
  it('an HP sysDescr carries the serial after SN: when prtGeneralSerialNumber is missing, and the model after PID:', () => {
    const reading = normalizeSnmpReading(rawSnmpReading({ sysDescr: HP_SYSDESCR }), '127.0.0.1:161', AT);
    expect(reading.serial).toBe('PHBQH12345');
    expect(reading.model).toBe('HP LaserJet Pro M404dn');
  });

  it('prtGeneralSerialNumber wins over the sysDescr, cleaned of padding and NULs', () => {
    const reading = normalizeSnmpReading(rawSnmpReading({ sysDescr: HP_SYSDESCR, serial: new Map([['1', ' vnb3k00042\0\0']]) }), 't', AT);
    expect(reading.serial).toBe('VNB3K00042');
  });

  it('hrDeviceDescr names the model before the sysDescr does', () => {
    const reading = normalizeSnmpReading(rawSnmpReading({ sysDescr: 'KYOCERA Document Solutions Printing System', hrDeviceDescr: new Map([['1', 'ECOSYS M5526cdw']]) }), 't', AT);
    expect(reading.model).toBe('ECOSYS M5526cdw');
  });

  it('a page counter sent as INTEGER counts like a Counter32', () => {
    const asInteger = rawSnmpReading({ lifeCount: new Map([['1.1', { type: 'integer', value: 20417 }]]) });
    const asCounter = rawSnmpReading({ lifeCount: new Map([['1.1', { type: 'counter', value: 20417 }]]) });
    expect(normalizeSnmpReading(asInteger, 't', AT).meters).toEqual({ total: 20417, mono: null, color: null });
    expect(normalizeSnmpReading(asCounter, 't', AT).meters.total).toBe(20417);
  });

  it('a negative INTEGER page counter is no counter', () => {
    const reading = normalizeSnmpReading(rawSnmpReading({ lifeCount: new Map([['1.1', { type: 'integer', value: -1 }]]) }), 't', AT);
    expect(reading.meters.total).toBeNull();
  });

  it('a Kyocera TK-5240C whose colorant row says cyan is cyan: the colorant table names the colour', () => {
    const [supply] = snmpSupplies([{ index: 1, colorantIndex: 2, supplyClass: 3, type: 3, description: 'TK-5240C', unit: 13, max: 7200, level: 4600 }], { colorantValues: ['black', 'cyan'] });
    expect(supply).toMatchObject({ kind: 'toner', color: 'cyan', partNumber: 'TK-5240C', remainingPercent: 63.9, state: 'ok', raw: { level: 4600, max: 7200, unit: 'tenths-of-grams' } });
  });

  it('the colorant table wins over the description when they disagree', () => {
    const [supply] = snmpSupplies([toner(1, 50, { colorantIndex: 1, description: 'Black Cartridge HP W2031A' })], { colorantValues: ['cyan'] });
    expect(supply!.color).toBe('cyan');
  });

  it('without a colorant row the description names the colour: "Magenta Cartridge HP W2033A" is magenta', () => {
    const [supply] = snmpSupplies([toner(1, 50, { description: 'Magenta Cartridge HP W2033A' })]);
    expect(supply).toMatchObject({ color: 'magenta', partNumber: 'W2033A' });
  });

  it('alert table low on a gauge that reads 0 → low not empty', () => {
    const [supply] = snmpSupplies([toner(1, 0, { description: 'Black Cartridge, PN 56F2000' })], { alertRows: [{ index: 1, group: 11, groupIndex: 1, code: 1104 }] });
    expect(supply).toMatchObject({ remainingPercent: 0, state: 'low', partNumber: '56F2000' });
  });

  it('alert table "toner empty" (1101) makes a −3 supply empty', () => {
    const [supply] = snmpSupplies([toner(1, -3)], { alertRows: [{ index: 7, severity: 3, group: 11, groupIndex: 1, code: 1101 }] });
    expect(supply).toMatchObject({ remainingPercent: null, state: 'empty' });
  });

  it('an alert about a paper tray does not touch the supply with the same index', () => {
    const [supply] = snmpSupplies([toner(1, 0)], { alertRows: [{ index: 1, group: 8, groupIndex: 1, code: 808 }] });
    expect(supply!.state).toBe('empty');
  });

  it('an alert about supply 2 leaves supply 1 alone', () => {
    const supplies = snmpSupplies([toner(1, 0), toner(2, 0)], { alertRows: [{ index: 1, group: 11, groupIndex: 2, code: 1104 }] });
    expect(supplies.map((s) => s.state)).toEqual(['empty', 'low']);
  });

  it('a Kyocera waste toner box at −3 is a receptacle with some space remaining', () => {
    const [supply] = snmpSupplies([{ index: 3, supplyClass: 4, type: 4, description: 'Waste Toner Box', unit: 19, max: -2, level: -3 }]);
    expect(supply).toMatchObject({ index: 3, kind: 'waste-toner', isReceptacle: true, color: null, remainingPercent: null, state: 'some-remaining' });
  });

  it('the Printer MIB supply type decides the kind: 21 and 3 toner, 4 waste toner, 9 opc is the drum, 15 fuser, 10 developer, 20 transfer, 32 staples', () => {
    const kinds = snmpSupplies([3, 21, 4, 9, 15, 10, 20, 32].map((type, i) => toner(i + 1, 50, { type }))).map((s) => s.kind);
    expect(kinds).toEqual(['toner', 'toner', 'waste-toner', 'drum', 'fuser', 'developer', 'transfer', 'staples']);
  });

  it('a supply of type other (1) takes its kind from the description', () => {
    const supplies = snmpSupplies([toner(1, 50, { type: 1, description: 'Waste Toner Box' }), toner(2, 50, { type: 1, description: 'Imaging Drum Black 101R00554' })]);
    expect(supplies.map((s) => [s.kind, s.isReceptacle])).toEqual([['waste-toner', true], ['drum', false]]);
  });

  it('the unit codes read as names: 19 percent, 7 impressions, 13 tenths of grams, 15 tenths of ml, 18 items, 11 hours, anything else other', () => {
    const units = snmpSupplies([19, 7, 13, 15, 18, 11, 3].map((unit, i) => toner(i + 1, 50, { unit }))).map((s) => s.raw.unit);
    expect(units).toEqual(['percent', 'impressions', 'tenths-of-grams', 'tenths-of-milliliters', 'items', 'hours', 'other']);
  });

  it('supplies come out ordered by index, whatever order the walk gave', () => {
    expect(snmpSupplies([toner(10, 50), toner(2, 50), toner(1, 50)]).map((s) => s.index)).toEqual([1, 2, 10]);
  });

  it('a print server whose printer is hrDevice 2 (1 being its processor) is read at index 2', () => {
    const raw = rawSnmpReading({
      hrDeviceType: new Map([['1', '1.3.6.1.2.1.25.3.1.3'], ['2', '1.3.6.1.2.1.25.3.1.5']]),
      hrDeviceDescr: new Map([['1', 'ARM Cortex-A9'], ['2', 'Brother HL-L2350DW series']]),
      serial: new Map([['2', 'E78651A9N123456']]),
      lifeCount: new Map([['2.1', { type: 'integer', value: 20417 }]]),
    });
    const reading = normalizeSnmpReading(raw, 't', AT);
    expect(reading).toMatchObject({ model: 'Brother HL-L2350DW series', serial: 'E78651A9N123456', meters: { total: 20417 } });
  });

  it('looksLikePrinter: a host agent without the Printer MIB is not a printer', () => {
    expect(looksLikePrinter(rawSnmpReading({ sysDescr: 'Linux gateway', hrDeviceType: new Map([['768', '1.3.6.1.2.1.25.3.1.3']]) }))).toBe(false);
    expect(looksLikePrinter(rawSnmpReading({ hrDeviceType: new Map(), supplyRows: [toner(1, 50)] }))).toBe(true);
    expect(looksLikePrinter(rawSnmpReading({ hrDeviceType: new Map([['1', '1.3.6.1.2.1.25.3.1.5']]) }))).toBe(true);
  });
});

describe('partNumberOf', () => {
  it.each([
    ['Black Cartridge HP CF259A', 'CF259A'],
    ['Black Toner Cartridge HP 59A (CF259A)', 'CF259A'],
    ['TK-5240K', 'TK-5240K'],
    ['Toner Cartridge TN-2410', 'TN-2410'],
    ['Black Toner Cartridge TN-421BK', 'TN-421BK'],
    ['Black Toner MLT-D111S', 'MLT-D111S'],
    ['Samsung CLT-K404S Black Toner', 'CLT-K404S'],
    ['Canon Cartridge 057 Black', '057'],
    ['Toner Cartridge S110080', 'S110080'],
    ['Toner MX-B45GT', 'MX-B45GT'],
    ['Xerox Black Toner [106R03480]', '106R03480'],
    ['Black Cartridge, PN 56F2000', '56F2000'],
  ])('part number from %j is %s', (description, expected) => {
    expect(partNumberOf(description)).toBe(expected);
  });

  it('a kit sold per mains voltage names each orderable number, not "220V-C1N58A"', () => {
    expect(partNumbersOf('Fuser Kit HP 110V-C1N54A, 220V-C1N58A')).toEqual(['C1N54A', 'C1N58A']);
    expect(partNumberOf('Fuser Kit HP 110V-C1N54A, 220V-C1N58A')).toBe('C1N58A');
    expect(partNumbersOf('Black Cartridge HP CF259A')).toEqual(['CF259A']);
    expect(partNumbersOf('Waste Toner Box')).toEqual([]);
  });

  it.each([['Waste Toner Box'], ['Black Toner 3K'], ['Toner Black 100%'], ['Imaging Unit'], [''], [null]])('no part number in %j', (description) => {
    expect(partNumberOf(description)).toBeNull();
  });

  // Known bug, reported: a yield in pages at the end of a description is taken for the part number
  // (partNumberOf returns "3000"). Flip to `it` when part-number.ts skips "<digits> pages".
  it('a yield in pages is not a part number: "Kyocera TK-1150 black toner 3000 pages" is TK-1150', () => {
    expect(partNumberOf('Kyocera TK-1150 black toner 3000 pages')).toBe('TK-1150');
  });
});

describe('colorOf', () => {
  it('a colorant value names the colour', () => {
    expect(colorOf('black')).toBe('black');
    expect(colorOf('Cyan')).toBe('cyan');
  });

  it('an IPP marker colour in hex names the colour, "none" names none', () => {
    expect(colorOf('#00FFFF')).toBe('cyan');
    expect(colorOf('#FF00FF')).toBe('magenta');
    expect(colorOf('none')).toBeNull();
  });

  it('the first hint that names a colour wins: colorant before description', () => {
    expect(colorOf('cyan', 'Black Cartridge HP CF259A')).toBe('cyan');
    expect(colorOf(undefined, 'Black Cartridge HP CF259A')).toBe('black');
  });

  it('a Kyocera "TK-5240Y" does not say yellow: a one-letter suffix is not trusted', () => {
    expect(colorOf('TK-5240Y')).toBeNull();
  });

  it('inkjet colours of two words are not mistaken for their last word', () => {
    expect(colorOf('Light Cyan Ink T7895')).toBe('light-cyan');
    expect(colorOf('Photo Black Ink')).toBe('photo-black');
  });

  it('a word that only contains a colour is no colour', () => {
    expect(colorOf('Blackberry Fuser')).toBeNull();
  });
});

describe('identity', () => {
  it('an HP sysDescr carries the serial after SN:', () => {
    expect(serialFromSysDescr(HP_SYSDESCR)).toBe('PHBQH12345');
  });

  it('a Samsung sysDescr carries it after S/N', () => {
    expect(serialFromSysDescr('Samsung M2070 Series; V3.00.01.18     DEC-03-2014;Engine V1.00.06;NIC V6.01.00;S/N ZD2BB8KF1234567')).toBe('ZD2BB8KF1234567');
  });

  it('a sysDescr that merely mentions SNMPv3 carries no serial', () => {
    expect(serialFromSysDescr('Xerox SNMPv3 Agent')).toBeNull();
    expect(serialFromSysDescr('KYOCERA Document Solutions Printing System')).toBeNull();
  });

  it('the model after PID: in an HP sysDescr', () => {
    expect(modelFromSysDescr(HP_SYSDESCR)).toBe('HP LaserJet Pro M404dn');
    expect(modelFromSysDescr('Brother NC-8300w, Firmware Ver.1.05')).toBeNull();
  });

  it('a serial padded with spaces and NULs, in lower case, is cleaned', () => {
    expect(cleanSerial('  phbqh12345\0\0')).toBe('PHBQH12345');
  });

  it.each([[''], ['0000000'], ['N/A'], ['unknown'], ['none'], ['---'], [null], [undefined]])('placeholder serial %j is no serial', (value) => {
    expect(cleanSerial(value)).toBeNull();
  });

  it('page counters: INTEGER or Counter32 numbers, and digits as text, count; negatives, empty and words do not', () => {
    expect(counterValue(20417)).toBe(20417);
    expect(counterValue('48213')).toBe(48213);
    expect(counterValue(4294967295)).toBe(4294967295);
    expect(counterValue(-1)).toBeNull();
    expect(counterValue('')).toBeNull();
    expect(counterValue('n/a')).toBeNull();
    expect(counterValue(null)).toBeNull();
  });

  it('supplyKindOf reads descriptions when the type says nothing', () => {
    expect(supplyKindOf(null, 'Drum Unit DR-2400')).toBe('drum');
    expect(supplyKindOf(null, 'Fuser Kit 220V')).toBe('fuser');
    expect(supplyKindOf(null, 'Waste Ink Pad')).toBe('waste-ink');
    expect(supplyKindOf(2, 'Something')).toBe('other');
  });

  it('unit keywords of IPP printer-supply read like the MIB codes', () => {
    expect(unitOfKeyword('tenthsOfGrams')).toBe('tenths-of-grams');
    expect(unitOfKeyword('percent')).toBe('percent');
    expect(unitOfKeyword('feet')).toBe('other');
    expect(unitOf(null)).toBeNull();
  });
});

describe('IPP', () => {
  it('parses a printer-supply string into its fields', () => {
    expect(parsePrinterSupply('index=1;class=supplyThatIsConsumed;type=tonerCartridge;unit=percent;maxcapacity=100;level=37;colorantname=black;')).toEqual({
      index: '1', class: 'supplyThatIsConsumed', type: 'tonerCartridge', unit: 'percent', maxcapacity: '100', level: '37', colorantname: 'black',
    });
  });

  it('printer-supply keys are case-insensitive and values trimmed; parts without "=" are skipped', () => {
    expect(parsePrinterSupply(' Level = 5 ;garbage;;=x;colorantname=a=b;')).toEqual({ level: '5', colorantname: 'a=b' });
  });

  it('reads supplies from printer-supply as the MIB rows: −3 some-remaining, tenths of grams in percent, a full waste bottle', () => {
    const reading = normalizeIppReading(rawIppAttributes({
      'printer-make-and-model': ['Lexmark CS421dn'],
      'printer-serial-number': ['  50275k9x0abc '],
      'printer-impressions-completed': [12345],
      'printer-supply': [
        'index=1;class=supplyThatIsConsumed;type=tonerCartridge;unit=percent;maxcapacity=100;level=-3;colorantname=black;',
        'index=2;class=supplyThatIsConsumed;type=tonerCartridge;unit=tenthsOfGrams;maxcapacity=7200;level=4600;colorantname=cyan;',
        'index=3;class=receptacleThatIsFilled;type=wasteToner;unit=percent;maxcapacity=100;level=0;',
      ],
      'printer-supply-description': ['Black Toner 71B20K0', 'Cyan Toner 71B20C0', 'Waste Toner Bottle 78C0W00'],
    }), 'ipp://printer/ipp/print', AT);
    expect(reading).toMatchObject({ protocol: 'ipp', serial: '50275K9X0ABC', model: 'Lexmark CS421dn', meters: { total: 12345 }, error: null });
    expect(reading.supplies).toEqual([
      { index: 1, kind: 'toner', color: 'black', description: 'Black Toner 71B20K0', partNumber: '71B20K0', partNumbers: ['71B20K0'], isReceptacle: false, remainingPercent: null, state: 'some-remaining', raw: { level: -3, max: 100, unit: 'percent' } },
      { index: 2, kind: 'toner', color: 'cyan', description: 'Cyan Toner 71B20C0', partNumber: '71B20C0', partNumbers: ['71B20C0'], isReceptacle: false, remainingPercent: 63.9, state: 'ok', raw: { level: 4600, max: 7200, unit: 'tenths-of-grams' } },
      { index: 3, kind: 'waste-toner', color: null, description: 'Waste Toner Bottle 78C0W00', partNumber: '78C0W00', partNumbers: ['78C0W00'], isReceptacle: true, remainingPercent: 0, state: 'empty', raw: { level: 0, max: 100, unit: 'percent' } },
    ]);
  });

  it('reads supplies from the marker arrays when there is no printer-supply: −3 black, percent levels, hex colours', () => {
    const reading = normalizeIppReading(rawIppAttributes({
      'marker-levels': [-3, 40, 8, 60],
      'marker-low-levels': [10, 10, 10, 10],
      'marker-names': ['Black Toner', 'Cyan Toner', 'Magenta Toner', 'Yellow Toner'],
      'marker-colors': ['#000000', '#00FFFF', '#FF00FF', '#FFFF00'],
      'marker-types': ['toner-cartridge', 'toner-cartridge', 'toner-cartridge', 'toner-cartridge'],
      'printer-impressions-completed': [73421],
      'printer-serial-number': ['CNDK701234'],
    }), 'ipp://printer/ipp/print', AT);
    expect(reading.serial).toBe('CNDK701234');
    expect(reading.meters.total).toBe(73421);
    expect(reading.supplies.map((s) => [s.index, s.kind, s.color, s.remainingPercent, s.state])).toEqual([
      [1, 'toner', 'black', null, 'some-remaining'],
      [2, 'toner', 'cyan', 40, 'ok'],
      [3, 'toner', 'magenta', 8, 'low'],
      [4, 'toner', 'yellow', 60, 'ok'],
    ]);
  });

  it('a marker at or under its own marker-low-level is low: a Canon at 25 % with a low level of 35', () => {
    const reading = normalizeIppReading(rawIppAttributes({ 'marker-levels': [25], 'marker-low-levels': [35], 'marker-names': ['Canon Cartridge 057 Black'], 'marker-types': ['toner-cartridge'] }), 't', AT);
    expect(reading.supplies[0]).toMatchObject({ remainingPercent: 25, state: 'low', color: 'black', partNumber: '057' });
  });

  it('marker-levels −2 and −1 are unknown; a waste-toner marker and an opc marker keep their kinds', () => {
    const reading = normalizeIppReading(rawIppAttributes({ 'marker-levels': [-2, -1, -3], 'marker-names': ['Toner', 'Drum', 'Waste'], 'marker-types': ['toner', 'opc', 'waste-toner'] }), 't', AT);
    expect(reading.supplies.map((s) => [s.kind, s.isReceptacle, s.remainingPercent, s.state])).toEqual([
      ['toner', false, null, 'unknown'],
      ['drum', false, null, 'unknown'],
      ['waste-toner', true, null, 'some-remaining'],
    ]);
  });

  it('the serial can come from printer-device-id (SN: or SERN:) when printer-serial-number is missing', () => {
    const reading = normalizeIppReading(rawIppAttributes({ 'printer-device-id': ['MFG:HP;MDL:LaserJet Pro M404dn;CMD:PCL,PJL;SN:PHBQH12345;'] }), 't', AT);
    expect(reading.serial).toBe('PHBQH12345');
  });

  it('a printer with no supply attributes gives no supplies, not an error', () => {
    const reading = normalizeIppReading(rawIppAttributes({}), 't', AT);
    expect(reading).toMatchObject({ supplies: [], serial: null, model: null, meters: { total: null }, error: null });
  });
});

describe('properties', () => {
  const units: (UnitName | null)[] = ['percent', 'impressions', 'sheets', 'tenths-of-grams', 'tenths-of-milliliters', 'items', 'hours', 'other', null];
  const anyLevel = fc.oneof(fc.constantFrom(-100, -3, -2, -1, 0), fc.integer({ min: -1000, max: 2 ** 31 - 1 }), fc.constant(null));
  const anyMax = fc.oneof(fc.constantFrom(-2, -1, 0, 100), fc.integer({ min: -1000, max: 2 ** 31 - 1 }), fc.constant(null));
  const report = fc.record({
    level: anyLevel,
    max: anyMax,
    unit: fc.constantFrom(...units),
    isReceptacle: fc.boolean(),
    deviceSaysLow: fc.boolean(),
    deviceSaysEmpty: fc.boolean(),
    lowPercent: fc.oneof(fc.constant(null), fc.integer({ min: -10, max: 200 })),
  });

  it('normalizeLevel never returns a remainingPercent outside 0–100, nor one for a negative or missing level', () => {
    fc.assert(fc.property(report, (r) => {
      const { remainingPercent, state } = normalizeLevel(r);
      if (remainingPercent !== null) {
        expect(remainingPercent).toBeGreaterThanOrEqual(0);
        expect(remainingPercent).toBeLessThanOrEqual(100);
      }
      if (r.level === null || r.level < 0) expect(remainingPercent).toBeNull();
      // "ok" is a claim about an amount: never without one.
      if (state === 'ok') expect(remainingPercent).not.toBeNull();
    }), { numRuns: 2000 });
  });

  it('−3 without the device\'s own alerts is always some-remaining with no percentage', () => {
    fc.assert(fc.property(report, (r) => {
      expect(normalizeLevel({ ...r, level: -3, deviceSaysLow: false, deviceSaysEmpty: false })).toEqual({ remainingPercent: null, state: 'some-remaining' });
    }));
  });

  it('partNumberOf never throws, and what it returns looks like a part number', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ maxLength: 80 }), fc.constant(null)), (description) => {
      const part = partNumberOf(description);
      if (part !== null) expect(part).toMatch(/^[A-Z0-9][A-Z0-9-]{2,15}$/);
    }), { numRuns: 2000 });
  });

  it('parsePrinterSupply never throws and gives only string fields', () => {
    const piece = fc.oneof(fc.string({ unit: 'binary', maxLength: 20 }), fc.constantFrom('=', ';', 'level=', 'index=1', 'level=-3', '==;'));
    fc.assert(fc.property(fc.array(piece, { maxLength: 12 }).map((parts) => parts.join('')), (text) => {
      const fields = parsePrinterSupply(text);
      for (const [key, value] of Object.entries(fields)) {
        expect(typeof key).toBe('string');
        expect(typeof value).toBe('string');
      }
    }), { numRuns: 2000 });
  });

  it('cleanSerial output has no whitespace and is upper case', () => {
    const withSpaces = fc.array(fc.oneof(fc.string({ unit: 'binary', maxLength: 6 }), fc.constantFrom(' ', '\t', '\n', '\0', '\u00a0', '\u2003')), { maxLength: 8 }).map((parts) => parts.join(''));
    fc.assert(fc.property(fc.oneof(withSpaces, fc.string({ maxLength: 20 })), (value) => {
      const serial = cleanSerial(value);
      if (serial !== null) {
        expect(serial).not.toMatch(/\s/);
        expect(serial).toBe(serial.toUpperCase());
      }
    }), { numRuns: 2000 });
  });

  it('normalizeSnmpReading never throws on any supplies table, and every percentage stays within 0–100', () => {
    const row = fc.record({
      index: fc.integer({ min: 1, max: 20 }),
      colorantIndex: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
      supplyClass: fc.option(fc.integer({ min: -1, max: 5 }), { nil: undefined }),
      type: fc.option(fc.integer({ min: -1, max: 40 }), { nil: undefined }),
      description: fc.option(fc.string({ unit: 'binary', maxLength: 40 }), { nil: undefined }),
      unit: fc.option(fc.integer({ min: -1, max: 20 }), { nil: undefined }),
      max: fc.option(fc.integer({ min: -3, max: 2 ** 31 - 1 }), { nil: undefined }),
      level: fc.option(fc.integer({ min: -200, max: 2 ** 31 - 1 }), { nil: undefined }),
    });
    fc.assert(fc.property(fc.array(row, { maxLength: 8 }), fc.option(fc.string({ maxLength: 60 }), { nil: null }), (rows, sysDescr) => {
      const reading = normalizeSnmpReading(rawSnmpReading({ supplyRows: rows, sysDescr, colorantValues: ['black', 'cyan'] }), 't', AT);
      for (const supply of reading.supplies) {
        if (supply.remainingPercent !== null) expect(supply.remainingPercent).toBeGreaterThanOrEqual(0);
        if (supply.remainingPercent !== null) expect(supply.remainingPercent).toBeLessThanOrEqual(100);
      }
    }), { numRuns: 500 });
  });
});

describe('part numbers next to quantities and labels', () => {
  it.each([
    ['Cyan Toner (12,000 pages) 106R03528', '106R03528'],
    ['Toner Lot 2024', null],
    ['Fuser Kit 220V', null],
    ['Canon Cartridge 057 Black', '057'],
    ['Print Cartridge Black 407543', '407543'],
  ])('reads %j as %j', (description, expected) => {
    expect(partNumberOf(description)).toBe(expected);
  });
});

describe('IPP printer-state-reasons', () => {
  it('a low/empty-only gauge at 0 is low, not empty, when the printer says toner-low and nothing is empty', () => {
    const raw = rawIppAttributes({ 'marker-levels': [0], 'marker-names': ['Black Toner'], 'marker-types': ['toner-cartridge'], 'printer-state-reasons': ['toner-low-report'] });
    expect(normalizeIppReading(raw, 'ipp://x/ipp/print', new Date()).supplies[0]).toMatchObject({ remainingPercent: 0, state: 'low' });
    const empty = rawIppAttributes({ 'marker-levels': [0], 'marker-types': ['toner-cartridge'], 'printer-state-reasons': ['toner-low-report', 'toner-empty-error'] });
    expect(normalizeIppReading(empty, 'ipp://x/ipp/print', new Date()).supplies[0]?.state).toBe('empty');
  });
});
