import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  IPP_2_0,
  IppStatus,
  attribute,
  decodeIppMessage,
  encodeIppMessage,
  findAttribute,
  getPrinterAttributesRequest,
  valueAsInteger,
  valueAsText,
  type IppMessage,
} from '../../../src/ipp/index.js';
import { answerIppRequest } from '../../../src/simulator/ipp/index.js';
import type { PrinterSnapshot } from '../../../src/simulator/snapshot.js';
import { buildSnapshot } from './factories.js';

const URI = 'ipp://127.0.20.1:631/ipp/print';

/** Sends `request` to the printer in `snapshot` and decodes its IPP answer. */
function ask(request: IppMessage | Uint8Array, snapshot: PrinterSnapshot = buildSnapshot()): IppMessage {
  const answer = answerIppRequest(request instanceof Uint8Array ? request : encodeIppMessage(request), snapshot, URI);
  if (answer.kind !== 'ipp') throw new Error(`not an IPP answer: ${answer.reason}`);
  return decodeIppMessage(answer.body);
}

const printerNames = (response: IppMessage) => response.groups.filter((g) => g.name === 'printer').flatMap((g) => g.attributes.map((a) => a.name));
const values = (response: IppMessage, name: string) => findAttribute(response, 'printer', name)?.values;

/** A Get-Printer-Attributes request with its operation attributes replaced. */
function withOperation(attributes: IppMessage['groups'][number]['attributes'], code = 0x000b): IppMessage {
  return { ...getPrinterAttributesRequest(URI, [], 9), code, groups: [{ name: 'operation', attributes }] };
}

describe('answerIppRequest', () => {
  it('answers only the requested attributes, with the request-id and version echoed', () => {
    const response = ask(getPrinterAttributesRequest(URI, ['marker-levels', 'printer-impressions-completed'], 77, IPP_2_0));
    expect(response).toMatchObject({ code: IppStatus.successfulOk, requestId: 77, version: { major: 2, minor: 0 } });
    expect(printerNames(response)).toEqual(['printer-impressions-completed', 'marker-levels']);
    expect(values(response, 'marker-levels')?.map(valueAsInteger)).toEqual([-3, 40, 20, 60, -3]);
  });

  it("treats no requested-attributes as 'all', which leaves media-col-database out", () => {
    const names = printerNames(ask(getPrinterAttributesRequest(URI, [], 1)));
    expect(names).toEqual(expect.arrayContaining(['printer-uri-supported', 'printer-state', 'marker-names', 'printer-supply', 'media-col-default']));
    expect(names).not.toContain('media-col-database');
  });

  it('selects by group name and returns media-col-database only when named', () => {
    const description = printerNames(ask(getPrinterAttributesRequest(URI, ['printer-description'], 1)));
    expect(description).toContain('printer-supply-description');
    expect(description).not.toContain('copies-default');
    const template = printerNames(ask(getPrinterAttributesRequest(URI, ['job-template', 'media-col-database'], 1)));
    expect(template).toEqual(expect.arrayContaining(['copies-default', 'media-col-default', 'media-col-database']));
    expect(template).not.toContain('printer-name');
  });

  it('renders the snapshot: serial, page count, supplies, up-time', () => {
    const response = ask(getPrinterAttributesRequest(URI, ['all'], 1));
    expect(values(response, 'printer-serial-number')?.map(valueAsText)).toEqual(['CNDK701234']);
    expect(values(response, 'printer-impressions-completed')?.map(valueAsInteger)).toEqual([73421]);
    expect(values(response, 'printer-up-time')?.map(valueAsInteger)).toEqual([86400]);
    expect(values(response, 'printer-supply')?.map(valueAsText)[1]).toBe(
      'index=2;class=supplyThatIsConsumed;type=tonerCartridge;unit=percent;maxcapacity=100;level=40;colorantname=cyan;',
    );
  });

  it('leaves out printer-serial-number when the printer hides it from IPP, and marker attributes without supplies', () => {
    const names = printerNames(ask(getPrinterAttributesRequest(URI, [], 1), buildSnapshot({ ippSerial: null, supplies: [] })));
    expect(names).not.toContain('printer-serial-number');
    expect(names.filter((name) => name.startsWith('marker-') || name.startsWith('printer-supply'))).toEqual([]);
  });

  it('pins a page count beyond a signed 32-bit integer instead of wrapping it negative', () => {
    const response = ask(getPrinterAttributesRequest(URI, ['printer-impressions-completed'], 1), buildSnapshot({ pageCount: 2 ** 32 - 1 }));
    expect(values(response, 'printer-impressions-completed')?.map(valueAsInteger)).toEqual([2 ** 31 - 1]);
  });

  it('refuses other operations with server-error-operation-not-supported', () => {
    const printJob = { ...getPrinterAttributesRequest(URI, [], 5), code: 0x0002 };
    expect(ask(printJob)).toMatchObject({ code: IppStatus.serverErrorOperationNotSupported, requestId: 5 });
  });

  it('refuses a major version other than 1 or 2 with the closest version it speaks', () => {
    const request = (major: number) => ({ ...getPrinterAttributesRequest(URI, [], 3), version: { major, minor: 0 } });
    expect(ask(request(3))).toMatchObject({ code: IppStatus.serverErrorVersionNotSupported, version: { major: 2, minor: 0 }, requestId: 3 });
    expect(ask(request(0))).toMatchObject({ code: IppStatus.serverErrorVersionNotSupported, version: { major: 1, minor: 0 } });
  });

  it('answers client-error-bad-request for missing or malformed operation attributes', () => {
    const [charset, language, printerUri] = getPrinterAttributesRequest(URI, [], 1).groups[0]!.attributes as [never, never, never];
    const bad = [
      withOperation([language, charset, printerUri]),
      withOperation([charset, printerUri]),
      withOperation([charset, language]),
      withOperation([charset, language, attribute('printer-uri', 'textWithoutLanguage', URI)]),
      withOperation([charset, language, printerUri, attribute('requested-attributes', 'integer', 1)]),
      { ...getPrinterAttributesRequest(URI, [], 1), requestId: 0 },
      { ...getPrinterAttributesRequest(URI, [], 1), groups: [] },
    ];
    for (const request of bad) {
      const response = ask(request);
      expect(response.code).toBe(IppStatus.clientErrorBadRequest);
      expect(findAttribute(response, 'operation', 'status-message')).toBeDefined();
    }
  });

  it('refuses a charset other than UTF-8 (or its ASCII subset)', () => {
    const [, language, printerUri] = getPrinterAttributesRequest(URI, [], 1).groups[0]!.attributes as [never, never, never];
    const latin1 = withOperation([attribute('attributes-charset', 'charset', 'iso-8859-1'), language, printerUri]);
    expect(ask(latin1).code).toBe(IppStatus.clientErrorCharsetNotSupported);
  });

  it('reports bytes that are not IPP as undecodable, with the offset', () => {
    const truncated = encodeIppMessage(getPrinterAttributesRequest(URI, [], 1)).subarray(0, 30);
    const answer = answerIppRequest(truncated, buildSnapshot(), URI);
    expect(answer).toEqual({ kind: 'undecodable', reason: expect.stringMatching(/at byte offset \d+$/) });
    expect(answerIppRequest(new Uint8Array(3), buildSnapshot(), URI).kind).toBe('undecodable');
  });

  it('never throws, whatever the body', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (body) => {
        answerIppRequest(Uint8Array.from([0x02, 0x00, 0x00, 0x0b, ...body]), buildSnapshot(), URI);
      }),
      { numRuns: 2000 },
    );
  });
});
