import { IppOperation, attribute, type IppAttribute } from '../../ipp/index.js';
import type { PrinterSnapshot } from '../snapshot.js';
import { printerStateReasons, printerSupplyValue } from './supplies.js';

/** Which requested-attributes group name selects an attribute (RFC 8011 §4.2.5.1; PWG 5100.7 for media-col-database). */
export type AttributeGroup = 'printer-description' | 'job-template' | 'only-by-name';

/** One attribute the printer can report, with the group that selects it. */
export interface PrinterAttributeEntry {
  group: AttributeGroup;
  attribute: IppAttribute;
}

/** IPP versions this printer answers; 2.0 is what CUPS clients send first. */
export const IPP_VERSIONS_SUPPORTED = ['1.0', '1.1', '2.0'] as const;

/** RFC 8011 §5.4.11 printer-state enum: idle. Supply errors only add reasons; the brief keeps the state idle. */
const PRINTER_STATE_IDLE = 3;
/** RFC 8011 §5.2.12: 3 = dots per inch. */
const DOTS_PER_INCH = 3;

/** IPP integers are signed 32-bit; a Counter32 page count past 2^31 − 1 is pinned rather than wrapped. */
function int32(value: number): number {
  return Math.max(-0x80000000, Math.min(0x7fffffff, Math.trunc(value)));
}

/** A media-col value (PWG 5100.7) for a size in hundredths of millimetres. */
function mediaCol(width: number, length: number): IppAttribute[] {
  const size = [attribute('x-dimension', 'integer', width), attribute('y-dimension', 'integer', length)];
  return [attribute('media-size', 'collection', size), attribute('media-type', 'keyword', 'stationery')];
}

/** The marker-* and printer-supply attributes; left out entirely for a printer with no supplies (IPP has no empty 1setOf). */
function supplyAttributes(snapshot: PrinterSnapshot): IppAttribute[] {
  const supplies = snapshot.supplies;
  if (supplies.length === 0) return [];
  const encoder = new TextEncoder();
  return [
    attribute('marker-names', 'nameWithoutLanguage', ...supplies.map((s) => s.ippName)),
    attribute('marker-colors', 'nameWithoutLanguage', ...supplies.map((s) => s.ippColor)),
    attribute('marker-types', 'keyword', ...supplies.map((s) => s.ippType)),
    attribute('marker-levels', 'integer', ...supplies.map((s) => int32(s.ippLevel))),
    attribute('marker-low-levels', 'integer', ...supplies.map((s) => int32(s.ippLowLevel))),
    attribute('marker-high-levels', 'integer', ...supplies.map((s) => int32(s.ippHighLevel))),
    attribute('printer-supply', 'octetString', ...supplies.map((s) => encoder.encode(printerSupplyValue(s, snapshot.colorants)))),
    attribute('printer-supply-description', 'textWithoutLanguage', ...supplies.map((s) => s.description)),
  ];
}

/**
 * Everything the simulated printer can say about itself, rendered from the snapshot: identity and
 * supplies from the snapshot, fixed capabilities otherwise. `printerUri` is where it was reached.
 */
export function printerAttributeCatalogue(snapshot: PrinterSnapshot, printerUri: string): PrinterAttributeEntry[] {
  const colour = snapshot.supplies.some((s) => !['#000000', 'none', ''].includes(s.ippColor.toLowerCase()));
  const description: IppAttribute[] = [
    attribute('printer-uri-supported', 'uri', printerUri),
    attribute('uri-security-supported', 'keyword', 'none'),
    attribute('uri-authentication-supported', 'keyword', 'none'),
    attribute('printer-name', 'nameWithoutLanguage', snapshot.sysName),
    attribute('printer-location', 'textWithoutLanguage', ''),
    attribute('printer-info', 'textWithoutLanguage', snapshot.hrDeviceDescr),
    attribute('printer-more-info', 'uri', printerUri.replace(/^ipps?:/, 'http:').replace(/\/ipp\/print$/, '/')),
    attribute('printer-make-and-model', 'textWithoutLanguage', snapshot.makeAndModel),
    attribute('printer-state', 'enum', PRINTER_STATE_IDLE),
    attribute('printer-state-reasons', 'keyword', ...printerStateReasons(snapshot.supplies)),
    attribute('printer-is-accepting-jobs', 'boolean', true),
    attribute('queued-job-count', 'integer', 0),
    attribute('color-supported', 'boolean', colour),
    attribute('ipp-versions-supported', 'keyword', ...IPP_VERSIONS_SUPPORTED),
    attribute('operations-supported', 'enum', IppOperation.getPrinterAttributes),
    attribute('charset-configured', 'charset', 'utf-8'),
    attribute('charset-supported', 'charset', 'utf-8'),
    attribute('natural-language-configured', 'naturalLanguage', 'en'),
    attribute('generated-natural-language-supported', 'naturalLanguage', 'en'),
    attribute('document-format-default', 'mimeMediaType', 'application/octet-stream'),
    attribute('document-format-supported', 'mimeMediaType', 'application/octet-stream', 'application/pdf'),
    attribute('pdl-override-supported', 'keyword', 'attempted'),
    attribute('compression-supported', 'keyword', 'none'),
    // RFC 8011 §5.4.29: printer-up-time is integer(1:MAX) seconds; ticks are hundredths.
    attribute('printer-up-time', 'integer', int32(Math.max(1, Math.floor(snapshot.sysUpTimeTicks / 100)))),
    ...(snapshot.ippSerial === null ? [] : [attribute('printer-serial-number', 'textWithoutLanguage', snapshot.ippSerial)]),
    attribute('printer-impressions-completed', 'integer', int32(snapshot.pageCount)),
    ...supplyAttributes(snapshot),
  ];
  const template: IppAttribute[] = [
    attribute('copies-default', 'integer', 1),
    attribute('copies-supported', 'rangeOfInteger', { lower: 1, upper: 999 }),
    attribute('media-default', 'keyword', 'iso_a4_210x297mm'),
    attribute('media-supported', 'keyword', 'iso_a4_210x297mm', 'na_letter_8.5x11in'),
    attribute('media-col-default', 'collection', mediaCol(21000, 29700)),
    attribute('sides-default', 'keyword', 'one-sided'),
    attribute('sides-supported', 'keyword', 'one-sided', 'two-sided-long-edge', 'two-sided-short-edge'),
    attribute('printer-resolution-default', 'resolution', { crossFeed: 600, feed: 600, units: DOTS_PER_INCH }),
    attribute('printer-resolution-supported', 'resolution', { crossFeed: 600, feed: 600, units: DOTS_PER_INCH }),
  ];
  return [
    ...description.map((attr) => ({ group: 'printer-description' as const, attribute: attr })),
    ...template.map((attr) => ({ group: 'job-template' as const, attribute: attr })),
    // PWG 5100.7: media-col-database is big on real printers, so 'all' leaves it out.
    { group: 'only-by-name', attribute: attribute('media-col-database', 'collection', mediaCol(21000, 29700), mediaCol(21590, 27940)) },
  ];
}

/**
 * The attributes a requested-attributes list selects (RFC 8011 §4.2.5.1): names, the groups
 * 'printer-description' and 'job-template', 'all' for both; none given means 'all'. Unknown names
 * are ignored, as the RFC allows.
 */
export function selectPrinterAttributes(catalogue: readonly PrinterAttributeEntry[], requested: readonly string[] | undefined): IppAttribute[] {
  const wanted = new Set(requested === undefined || requested.length === 0 ? ['all'] : requested);
  return catalogue
    .filter(({ group, attribute: attr }) => wanted.has(attr.name) || (group !== 'only-by-name' && (wanted.has(group) || wanted.has('all'))))
    .map(({ attribute: attr }) => attr);
}
