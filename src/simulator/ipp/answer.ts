import {
  IppDecodeError,
  IppOperation,
  IppStatus,
  decodeIppMessage,
  encodeIppMessage,
  ippResponse,
  type IppAttribute,
  type IppMessage,
} from '../../ipp/index.js';
import type { PrinterSnapshot } from '../snapshot.js';
import { printerAttributeCatalogue, selectPrinterAttributes } from './printer-attributes.js';

/** What the HTTP edge sends back: an IPP response, or a plain HTTP 400 for bytes that are not IPP. */
export type IppAnswer = { kind: 'ipp'; status: number; body: Uint8Array } | { kind: 'undecodable'; reason: string };

type Version = IppMessage['version'];

/** A request the printer refuses, with the status and the sentence that goes into status-message. */
class Refusal {
  constructor(
    readonly status: number,
    readonly message: string,
  ) {}
}

/**
 * Answers one IPP request body as the printer in `snapshot`, reached at `printerUri`. Pure: no
 * clock, no I/O; whatever the bytes, it returns an answer rather than throwing.
 */
export function answerIppRequest(body: Uint8Array, snapshot: PrinterSnapshot, printerUri: string): IppAnswer {
  if (body.length < 8) return { kind: 'undecodable', reason: `IPP request is ${body.length} bytes, shorter than its 8-byte header` };
  // The version is checked before the rest is decoded: another major version may encode differently (RFC 8011 §4.1.8).
  // Any 1.x or 2.x is answered in its own version, as CUPS's ippeveprinter does; minor versions add attributes, not encodings.
  const version = { major: body[0] as number, minor: body[1] as number };
  const requestId = new DataView(body.buffer, body.byteOffset, body.byteLength).getInt32(4);
  if (version.major !== 1 && version.major !== 2) {
    const closest = version.major < 1 ? { major: 1, minor: 0 } : { major: 2, minor: 0 };
    return refuse({ version: closest, requestId }, new Refusal(IppStatus.serverErrorVersionNotSupported, `IPP/${version.major}.${version.minor} is not supported`));
  }
  let request: IppMessage;
  try {
    request = decodeIppMessage(body);
  } catch (error) {
    if (error instanceof IppDecodeError) return { kind: 'undecodable', reason: error.message };
    throw error;
  }
  try {
    const printerGroup = answerValidRequest(request, snapshot, printerUri);
    return encode(ippResponse(request, IppStatus.successfulOk, [{ name: 'printer', attributes: printerGroup }]));
  } catch (error) {
    if (error instanceof Refusal) return refuse(request, error);
    throw error;
  }
}

/** Checks the request as RFC 8011 §4.1 orders it and returns the printer attributes it asked for. */
function answerValidRequest(request: IppMessage, snapshot: PrinterSnapshot, printerUri: string): IppAttribute[] {
  if (request.requestId < 1) throw new Refusal(IppStatus.clientErrorBadRequest, 'request-id must be 1 or more');
  const operation = request.groups[0]?.name === 'operation' ? request.groups[0].attributes : undefined;
  if (operation === undefined) throw new Refusal(IppStatus.clientErrorBadRequest, 'The operation attributes group must come first');
  // RFC 8011 §4.1.4: attributes-charset first, attributes-natural-language second, one value each.
  const [charset, language] = operation;
  const charsetValue = single(charset, 'attributes-charset', 'charset');
  single(language, 'attributes-natural-language', 'naturalLanguage');
  if (!['utf-8', 'us-ascii'].includes(charsetValue.toLowerCase())) {
    throw new Refusal(IppStatus.clientErrorCharsetNotSupported, `Charset ${charsetValue} is not supported`);
  }
  if (request.code !== IppOperation.getPrinterAttributes) {
    throw new Refusal(IppStatus.serverErrorOperationNotSupported, `Operation 0x${request.code.toString(16).padStart(4, '0')} is not supported`);
  }
  single(operation.find((attr) => attr.name === 'printer-uri'), 'printer-uri', 'uri');
  const requested = operation.find((attr) => attr.name === 'requested-attributes');
  const names = requested?.values.map((value) => {
    if (value.tag !== 'keyword') throw new Refusal(IppStatus.clientErrorBadRequest, 'requested-attributes values must be keywords');
    return value.value;
  });
  return selectPrinterAttributes(printerAttributeCatalogue(snapshot, printerUri), names);
}

/** The one string value of a required operation attribute, or a bad-request refusal naming it. */
function single(attr: IppAttribute | undefined, name: string, tag: 'charset' | 'naturalLanguage' | 'uri'): string {
  const value = attr?.name === name && attr.values.length === 1 ? attr.values[0] : undefined;
  if (value?.tag !== tag) throw new Refusal(IppStatus.clientErrorBadRequest, `Missing or malformed ${name} (one ${tag} value, in its place)`);
  return value.value;
}

function refuse(request: { version: Version; requestId: number }, refusal: Refusal): IppAnswer {
  return encode(ippResponse(request, refusal.status, [], refusal.message));
}

/** Encodes a response; snapshot text too long for IPP becomes an internal-error answer, not a crash. */
function encode(response: IppMessage): IppAnswer {
  try {
    return { kind: 'ipp', status: response.code, body: encodeIppMessage(response) };
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    const fallback = ippResponse(response, IppStatus.serverErrorInternalError, [], `Cannot encode the answer: ${error.message}`.slice(0, 1000));
    return { kind: 'ipp', status: fallback.code, body: encodeIppMessage(fallback) };
  }
}
