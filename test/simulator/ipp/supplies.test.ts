import { describe, expect, it } from 'vitest';
import { printerStateReasons, printerSupplyValue, supplyClassKeyword, supplyTypeKeyword, supplyUnitKeyword } from '../../../src/simulator/ipp/index.js';
import { buildSnapshot, buildSupply } from './factories.js';

describe('RFC 3805 supply keywords', () => {
  it('names units, classes and types as the MIB textual conventions do', () => {
    expect([19, 13, 7, 18].map(supplyUnitKeyword)).toEqual(['percent', 'tenthsOfGrams', 'impressions', 'items']);
    expect([3, 4].map(supplyClassKeyword)).toEqual(['supplyThatIsConsumed', 'receptacleThatIsFilled']);
    expect([3, 4, 9, 15, 21].map(supplyTypeKeyword)).toEqual(['toner', 'wasteToner', 'opc', 'fuser', 'tonerCartridge']);
  });

  it('calls codes the MIB does not define "other" rather than inventing a name', () => {
    expect([supplyUnitKeyword(5), supplyTypeKeyword(999), supplyClassKeyword(0)]).toEqual(['other', 'other', 'other']);
  });
});

describe('printerSupplyValue', () => {
  const colorants = buildSnapshot().colorants;

  it('spells out the MIB row with its colorant', () => {
    expect(printerSupplyValue(buildSupply(), colorants)).toBe(
      'index=1;class=supplyThatIsConsumed;type=tonerCartridge;unit=percent;maxcapacity=100;level=37;colorantname=black;',
    );
  });

  it('keeps special levels as they are: −3 is "some remaining", not a percentage', () => {
    expect(printerSupplyValue(buildSupply({ level: -3, maxCapacity: -2 }), colorants)).toContain('maxcapacity=-2;level=-3;');
  });

  it('leaves colorantname out when the row names no colorant', () => {
    const waste = buildSupply({ supplyClass: 4, type: 4, unit: 13, maxCapacity: 7200, level: 4600, colorantIndex: 0 });
    expect(printerSupplyValue(waste, colorants)).toBe('index=1;class=receptacleThatIsFilled;type=wasteToner;unit=tenthsOfGrams;maxcapacity=7200;level=4600;');
  });
});

describe('printerStateReasons', () => {
  it('says none when every supply is above its low level', () => {
    expect(printerStateReasons([buildSupply({ ippLevel: 37 })])).toEqual(['none']);
  });

  it('warns of a toner at or below its low level', () => {
    expect(printerStateReasons([buildSupply({ ippLevel: 10, ippLowLevel: 10 })])).toEqual(['marker-supply-low-warning', 'toner-low-warning']);
  });

  it('reports an empty toner as an error', () => {
    expect(printerStateReasons([buildSupply({ ippLevel: 0 })])).toEqual(['marker-supply-empty-error', 'toner-empty-error']);
  });

  it('raises nothing for unknown, unavailable or "some remaining" levels', () => {
    expect(printerStateReasons([-1, -2, -3, -100].map((ippLevel) => buildSupply({ ippLevel })))).toEqual(['none']);
  });

  it('judges a waste box on its MIB level, the space left: 0 is full, 5 % or less almost full', () => {
    const waste = (level: number, maxCapacity = 7200) => buildSupply({ supplyClass: 4, type: 4, unit: 13, level, maxCapacity, ippLevel: 50, ippLowLevel: 95 });
    expect(printerStateReasons([waste(0)])).toEqual(['marker-waste-full-error']);
    expect(printerStateReasons([waste(360)])).toEqual(['marker-waste-almost-full-warning']);
    expect(printerStateReasons([waste(361)])).toEqual(['none']);
    expect(printerStateReasons([waste(-3, -2), waste(40, -2)])).toEqual(['none']);
  });

  it('names a worn drum with the opc reasons and lists each reason once', () => {
    const reasons = printerStateReasons([buildSupply({ type: 9, ippLevel: 3 }), buildSupply({ index: 2, ippLevel: 2 }), buildSupply({ index: 3, ippLevel: 1 })]);
    expect(reasons).toEqual(['marker-supply-low-warning', 'opc-near-eol-warning', 'toner-low-warning']);
  });
});
