import { describe, expect, it } from 'vitest';
import {
  IPP_2_0,
  IppOperation,
  IppStatus,
  attribute,
  decodeIppMessage,
  encodeIppMessage,
  findAttribute,
  getPrinterAttributesRequest,
  ippResponse,
  valueAsInteger,
  valueAsText,
} from '../../src/ipp/index.js';

/** Joins annotated hex lines: `-- comment` to the end of a line is ignored. */
function hex(annotated: string): Uint8Array {
  const digits = annotated
    .split('\n')
    .map((line) => line.replace(/--.*$/, ''))
    .join('')
    .replace(/\s+/g, '');
  return Uint8Array.from(Buffer.from(digits, 'hex'));
}

const ascii = (text: string) => Buffer.from(text, 'latin1').toString('hex');

describe('getPrinterAttributesRequest', () => {
  it('encodes byte for byte as RFC 8010 §3.1 lays it out', () => {
    const expected = hex(`
      01 01                     -- version 1.1
      00 0b                     -- operation-id Get-Printer-Attributes
      00 00 00 07               -- request-id 7
      01                        -- operation-attributes-tag
      47 0012 ${ascii('attributes-charset')} 0005 ${ascii('utf-8')}
      48 001b ${ascii('attributes-natural-language')} 0002 ${ascii('en')}
      45 000b ${ascii('printer-uri')} 0018 ${ascii('ipp://10.0.0.5/ipp/print')}
      44 0014 ${ascii('requested-attributes')} 000d ${ascii('marker-levels')}
      44 0000 000c ${ascii('marker-names')}    -- additional value: empty name
      03                        -- end-of-attributes-tag
    `);
    const request = getPrinterAttributesRequest('ipp://10.0.0.5/ipp/print', ['marker-levels', 'marker-names'], 7);
    expect(Buffer.from(encodeIppMessage(request)).toString('hex')).toBe(Buffer.from(expected).toString('hex'));
    expect(decodeIppMessage(expected)).toEqual(request);
  });

  it('matches the bytes CUPS ipptool 2.4 sends for get-printer-attributes.test', () => {
    // Captured from `ipptool -t ipp://127.0.20.250:18631/ipp/print get-printer-attributes.test`.
    const ipptool = hex(`
      0200000b00013194014700126174747269627574
      65732d6368617273657400057574662d3848001b
      617474726962757465732d6e61747572616c2d6c
      616e67756167650002656e45000b7072696e7465
      722d75726900226970703a2f2f3132372e302e32
      302e3235303a31383633312f6970702f7072696e
      744400147265717565737465642d617474726962
      757465730003616c6c44000000126d656469612d
      636f6c2d646174616261736503
    `);
    const request = getPrinterAttributesRequest('ipp://127.0.20.250:18631/ipp/print', ['all', 'media-col-database'], 0x13194, IPP_2_0);
    expect(encodeIppMessage(request)).toEqual(ipptool);
  });

  it('leaves requested-attributes out when none are asked for, which means all', () => {
    const request = getPrinterAttributesRequest('ipp://10.0.0.5/ipp/print', [], 1);
    expect(findAttribute(request, 'operation', 'requested-attributes')).toBeUndefined();
    expect(request.code).toBe(IppOperation.getPrinterAttributes);
  });
});

describe('ippResponse', () => {
  it('echoes version and request-id and puts charset and language first', () => {
    const request = getPrinterAttributesRequest('ipp://10.0.0.5/ipp/print', [], 42, IPP_2_0);
    const response = ippResponse(request, IppStatus.successfulOk, [{ name: 'printer', attributes: [attribute('marker-levels', 'integer', 37, -3)] }], 'ok');
    const decoded = decodeIppMessage(encodeIppMessage(response));
    expect(decoded.version).toEqual({ major: 2, minor: 0 });
    expect(decoded.requestId).toBe(42);
    expect(decoded.code).toBe(IppStatus.successfulOk);
    expect(decoded.groups[0]?.attributes.map((a) => a.name)).toEqual(['attributes-charset', 'attributes-natural-language', 'status-message']);
    expect(findAttribute(decoded, 'printer', 'marker-levels')?.values.map(valueAsInteger)).toEqual([37, -3]);
  });
});

describe('value readers', () => {
  it('reads printer-supply octet strings as text', () => {
    const supply = attribute('printer-supply', 'octetString', new TextEncoder().encode('index=1;level=37;'));
    expect(supply.values.map(valueAsText)).toEqual(['index=1;level=37;']);
  });

  it('reads the text of a text-with-language value', () => {
    const name = attribute('printer-name', 'nameWithLanguage', { language: 'de', text: 'Drucker' });
    expect(name.values.map(valueAsText)).toEqual(['Drucker']);
    expect(name.values.map(valueAsInteger)).toEqual([undefined]);
  });
});
