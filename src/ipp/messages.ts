import { IppOperation } from './tags.js';
import type { IppAttribute, IppDataTag, IppGroup, IppGroupName, IppMessage, IppOutOfBandTag, IppValue, IppValueMap } from './types.js';

/** IPP/1.1 is what every network printer since ~2000 answers; IPP/2.x printers accept it too. */
export const IPP_1_1 = { major: 1, minor: 1 } as const;
/** IPP/2.0 (PWG 5100.12), what CUPS and ipptool send by default. */
export const IPP_2_0 = { major: 2, minor: 0 } as const;

/** An attribute whose values all share one tag, e.g. `attribute('marker-levels', 'integer', 37, -3)`. */
export function attribute<T extends IppDataTag>(name: string, tag: T, ...values: IppValueMap[T][]): IppAttribute {
  return { name, values: values.map((value) => ({ tag, value }) as IppValue) };
}

/** An attribute with a single out-of-band value such as 'no-value' or 'unknown'. */
export function outOfBandAttribute(name: string, tag: IppOutOfBandTag): IppAttribute {
  return { name, values: [{ tag }] };
}

/** The operation attributes every request and response starts with (RFC 8011 §4.1.4), in their required order. */
export function naturalLanguageAttributes(): IppAttribute[] {
  return [attribute('attributes-charset', 'charset', 'utf-8'), attribute('attributes-natural-language', 'naturalLanguage', 'en')];
}

/** A Get-Printer-Attributes request (RFC 8011 §4.2.5); an empty list asks for the printer's default, 'all'. */
export function getPrinterAttributesRequest(
  printerUri: string,
  requestedAttributes: readonly string[],
  requestId: number,
  version: { major: number; minor: number } = IPP_1_1,
): IppMessage {
  const operation = [...naturalLanguageAttributes(), attribute('printer-uri', 'uri', printerUri)];
  if (requestedAttributes.length > 0) operation.push(attribute('requested-attributes', 'keyword', ...requestedAttributes));
  return {
    version: { ...version },
    code: IppOperation.getPrinterAttributes,
    requestId,
    groups: [{ name: 'operation', attributes: operation }],
    data: new Uint8Array(0),
  };
}

/**
 * A response to `request`: its version and request-id echoed (RFC 8011 §4.1.1), the status, the
 * charset and language first in the operation group, then a status-message if given, then `groups`.
 */
export function ippResponse(
  request: Pick<IppMessage, 'version' | 'requestId'>,
  status: number,
  groups: IppGroup[] = [],
  statusMessage?: string,
): IppMessage {
  const operation = naturalLanguageAttributes();
  if (statusMessage !== undefined) operation.push(attribute('status-message', 'textWithoutLanguage', statusMessage));
  return {
    version: { ...request.version },
    code: status,
    requestId: request.requestId,
    groups: [{ name: 'operation', attributes: operation }, ...groups],
    data: new Uint8Array(0),
  };
}

/** The first attribute called `name` in the first group called `group` that has it. */
export function findAttribute(message: IppMessage, group: IppGroupName, name: string): IppAttribute | undefined {
  for (const candidate of message.groups) {
    if (candidate.name !== group) continue;
    const found = candidate.attributes.find((attr) => attr.name === name);
    if (found) return found;
  }
  return undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** A value read as text: strings as they are, text/name with language by their text, octetString as UTF-8 (printer-supply). */
export function valueAsText(value: IppValue): string | undefined {
  if (value.tag === 'octetString') return utf8.decode(value.value);
  if (value.tag === 'textWithLanguage' || value.tag === 'nameWithLanguage') return value.value.text;
  if ('value' in value && typeof value.value === 'string') return value.value;
  return undefined;
}

/** A value read as a number: integer and enum values, undefined for anything else. */
export function valueAsInteger(value: IppValue): number | undefined {
  return value.tag === 'integer' || value.tag === 'enum' ? value.value : undefined;
}
