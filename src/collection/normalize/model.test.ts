import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { modelFromSysDescr, modelOf } from './model.js';

describe('modelFromSysDescr', () => {
  it.each([
    ['Xerox AltaLink C8045; SS 100.002.008.05702, NC 100.002.05702.1057305v9, UI 100.002.05702, ME 063.022.000, CC 100.002.05702, DF 007.019.000', 'AltaLink C8045'],
    ['Xerox WorkCentre 7556 v1 Multifunction System; System Software 061.121.225.14700, ESS 061.125.14620.LL', 'WorkCentre 7556'],
    ['Xerox Phaser 6510; System 64.50.61, Controller 1.57.3, IOT 1.1.0, IOT2 4.11.0, Panel 1.7.0, Boot 11.1.216, RSEP 1.8.25', 'Phaser 6510'],
    ['FUJI XEROX DocuPrint CM305 df; Net 16.41,ESS 201210101131,IOT 03.00.05', 'DocuPrint CM305 df'],
    ['OKI OkiLAN 8100e Rev.02.73 10/100BASE Ethernet PrintServer: Attached to C3200n Rev.N2.14 : (C)2004 Oki Data Corporation', 'C3200n'],
    ['OKI OkiLAN 3100e Rev.n252v144 10/100BASE Ethernet Print Server: Attached to OKIPAGE 14i Rev.01.07: (C)2000 Oki UK Limited', 'OKIPAGE 14i'],
    ['Lexmark CX510de version NH61.GM.N634 kernel 3.0.0 All-N-1', 'CX510de'],
    ['SHARP MX-M314N', 'MX-M314N'],
    ['RICOH MP 3053 1.16 / RICOH Network Printer C model / RICOH Network Scanner C model', 'MP 3053'],
    ['RICOH Aficio MP 201 1.04 / RICOH Network Printer C model', 'Aficio MP 201'],
    ['HP ETHERNET MULTI-ENVIRONMENT,ROM none,JETDIRECT,JD153,EEPROM JSI24090006,CIDATE 02/04/2024,SN:PHBQH12345,PID:HP LaserJet Pro M404dn', 'HP LaserJet Pro M404dn'],
  ])('%s → %s', (sysDescr, model) => {
    expect(modelFromSysDescr(sysDescr)).toBe(model);
  });

  it('finds an OKI model among other words of an OKI sysDescr', () => {
    expect(modelFromSysDescr('OKI OKI-MC873-A1B2C3 Network Printer')).toBe('MC873');
  });

  it('finds nothing in a sysDescr that names only a print server or a host', () => {
    expect(modelFromSysDescr('Brother NC-8300h, Firmware Ver.1.08  (13.07.25),MID 8C5-F01,FID 2')).toBeNull();
    expect(modelFromSysDescr('EPSON Built-in Gigabit Ether Print Server')).toBeNull();
    expect(modelFromSysDescr(null)).toBeNull();
  });
});

describe('modelOf', () => {
  it('keeps an hrDeviceDescr that names a model, without Canon\'s " /P" or Konica Minolta\'s maker prefix', () => {
    expect(modelOf({ hrDeviceDescr: 'ECOSYS M5526cdw', vendorModel: null, sysDescr: null })).toBe('ECOSYS M5526cdw');
    expect(modelOf({ hrDeviceDescr: 'Canon iR1025 /P', vendorModel: null, sysDescr: null })).toBe('Canon iR1025');
    expect(modelOf({ hrDeviceDescr: 'KONICA MINOLTA bizhub C300i', vendorModel: null, sysDescr: null })).toBe('bizhub C300i');
  });

  it('passes over a generic hrDeviceDescr for the maker\'s model object, then the model inside sysDescr', () => {
    expect(modelOf({ hrDeviceDescr: 'EPSON Built-in Gigabit Ether Print Server', vendorModel: 'WF-C5790 Series', sysDescr: null })).toBe('WF-C5790 Series');
    const xerox = 'Xerox AltaLink C8045; SS 100.002.008.05702, NC 100.002.05702.1057305v9, UI 100.002.05702';
    expect(modelOf({ hrDeviceDescr: 'Printer', vendorModel: null, sysDescr: xerox })).toBe('AltaLink C8045');
  });

  it('is never longer than 64 characters, nor a whole sysDescr', () => {
    fc.assert(fc.property(fc.option(fc.string({ maxLength: 300 })), fc.option(fc.string({ maxLength: 300 })), fc.option(fc.string({ maxLength: 300 })), (hrDeviceDescr, vendorModel, sysDescr) => {
      const model = modelOf({ hrDeviceDescr, vendorModel, sysDescr });
      expect(model === null || (model.length > 0 && model.length <= 64)).toBe(true);
    }));
  });
});
