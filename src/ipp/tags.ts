import type { IppGroupName, IppOutOfBandTag, IppStringTag } from './types.js';

/** Delimiter tag codes of the attribute groups (RFC 8010 §3.5.1; 0x06–0x0A from later PWG/IETF specs). */
export const GROUP_TAGS: Readonly<Record<IppGroupName, number>> = {
  operation: 0x01,
  job: 0x02,
  printer: 0x04,
  unsupported: 0x05,
  subscription: 0x06,
  'event-notification': 0x07,
  resource: 0x08,
  document: 0x09,
  system: 0x0a,
};

/** end-of-attributes-tag: what follows is document data. */
export const END_OF_ATTRIBUTES_TAG = 0x03;

/** Collection structure tags (RFC 8010 §3.1.6). */
export const BEG_COLLECTION_TAG = 0x34;
export const END_COLLECTION_TAG = 0x37;
export const MEMBER_ATTR_NAME_TAG = 0x4a;

/** Character-string value tags (RFC 8010 §3.5.2); text and name are UTF-8 under attributes-charset utf-8. */
export const STRING_TAGS: Readonly<Record<IppStringTag, number>> = {
  textWithoutLanguage: 0x41,
  nameWithoutLanguage: 0x42,
  keyword: 0x44,
  uri: 0x45,
  uriScheme: 0x46,
  charset: 0x47,
  naturalLanguage: 0x48,
  mimeMediaType: 0x49,
};

/** Out-of-band value tags (RFC 8010 §3.5.2; not-settable, delete-attribute, admin-define from RFC 3380). */
export const OUT_OF_BAND_TAGS: Readonly<Record<IppOutOfBandTag, number>> = {
  unsupported: 0x10,
  unknown: 0x12,
  'no-value': 0x13,
  'not-settable': 0x15,
  'delete-attribute': 0x16,
  'admin-define': 0x17,
};

/** Every value tag with a fixed meaning here; anything else decodes as `{ tag: 'other' }`. */
export const VALUE_TAGS = {
  ...OUT_OF_BAND_TAGS,
  integer: 0x21,
  boolean: 0x22,
  enum: 0x23,
  octetString: 0x30,
  dateTime: 0x31,
  resolution: 0x32,
  rangeOfInteger: 0x33,
  collection: BEG_COLLECTION_TAG,
  textWithLanguage: 0x35,
  nameWithLanguage: 0x36,
  ...STRING_TAGS,
} as const;

export type KnownValueTag = keyof typeof VALUE_TAGS;

/** Reverse lookups, built once. */
export const GROUP_BY_CODE = new Map<number, IppGroupName>(Object.entries(GROUP_TAGS).map(([name, code]) => [code, name as IppGroupName]));
export const VALUE_TAG_BY_CODE = new Map<number, KnownValueTag>(Object.entries(VALUE_TAGS).map(([name, code]) => [code, name as KnownValueTag]));

/** True for codes the codec gives a meaning to, including the collection structure tags. */
export function isReservedValueCode(code: number): boolean {
  return VALUE_TAG_BY_CODE.has(code) || code === END_COLLECTION_TAG || code === MEMBER_ATTR_NAME_TAG;
}

/** Operation ids used by TonerLoop (RFC 8011 §5.4.15). */
export const IppOperation = {
  printJob: 0x0002,
  validateJob: 0x0004,
  createJob: 0x0005,
  getJobs: 0x000a,
  getPrinterAttributes: 0x000b,
} as const;

/** Status codes used by TonerLoop (RFC 8011 §B). */
export const IppStatus = {
  successfulOk: 0x0000,
  clientErrorBadRequest: 0x0400,
  clientErrorNotFound: 0x0406,
  clientErrorCharsetNotSupported: 0x040d,
  serverErrorInternalError: 0x0500,
  serverErrorOperationNotSupported: 0x0501,
  serverErrorVersionNotSupported: 0x0503,
} as const;
