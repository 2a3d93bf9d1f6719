import { decodeIppMessage, encodeIppMessage, getPrinterAttributesRequest, valueAsInteger, valueAsText, IppDecodeError, type IppValue } from '../ipp/index.js';

/** Printer attributes TonerLoop asks an IPP printer for. */
export const IPP_ATTRIBUTES = [
  'printer-make-and-model', 'printer-serial-number', 'printer-device-id', 'printer-impressions-completed', 'printer-state-reasons',
  'marker-names', 'marker-colors', 'marker-types', 'marker-levels', 'marker-low-levels', 'marker-high-levels',
  'printer-supply', 'printer-supply-description',
];

/** The printer attributes an IPP printer answered with: name → values as text or integers. */
export type RawIppAttributes = Map<string, (string | number)[]>;

/** Why an IPP printer could not be read, in one sentence. */
export class IppReadError extends Error {}

function plain(value: IppValue): string | number | undefined {
  return valueAsInteger(value) ?? valueAsText(value);
}

/** Asks an IPP printer (ipp://host:port/path) for its supplies, meters and identity with Get-Printer-Attributes. */
export async function readIppPrinter(uri: string, timeoutMs: number): Promise<RawIppAttributes> {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new IppReadError(`${uri} is not a valid ipp:// URI.`);
  }
  if (url.protocol !== 'ipp:' && url.protocol !== 'ipps:') throw new IppReadError(`${uri} is not an ipp:// URI.`);
  // IPP's default port is 631, not HTTP's 80 (RFC 8010 §3.5.1).
  const http = `${url.protocol === 'ipps:' ? 'https' : 'http'}://${url.hostname}:${url.port || '631'}${url.pathname}${url.search}`;
  const request = encodeIppMessage(getPrinterAttributesRequest(uri, IPP_ATTRIBUTES, 1));
  let body: ArrayBuffer;
  try {
    const response = await fetch(http, { method: 'POST', headers: { 'content-type': 'application/ipp' }, body: Buffer.from(request), signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) throw new IppReadError(`The IPP printer at ${uri} answered HTTP ${response.status}.`);
    body = await response.arrayBuffer();
  } catch (error) {
    if (error instanceof IppReadError) throw error;
    const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : ((error as { cause?: Error }).cause?.message ?? (error as Error).message);
    throw new IppReadError(`Cannot reach the IPP printer at ${uri}: ${reason}.`);
  }
  try {
    const message = decodeIppMessage(new Uint8Array(body));
    if (message.code >= 0x0400) throw new IppReadError(`The IPP printer at ${uri} refused Get-Printer-Attributes with status 0x${message.code.toString(16).padStart(4, '0')}.`);
    const attributes: RawIppAttributes = new Map();
    for (const group of message.groups.filter((g) => g.name === 'printer')) {
      for (const attribute of group.attributes) attributes.set(attribute.name, attribute.values.map(plain).filter((v) => v !== undefined));
    }
    return attributes;
  } catch (error) {
    if (error instanceof IppDecodeError) throw new IppReadError(`The IPP printer at ${uri} sent an answer that is not IPP (${error.message.replace(/\.$/, '')}).`);
    throw error;
  }
}
