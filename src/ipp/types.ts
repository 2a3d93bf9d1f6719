/**
 * The shape of an IPP message once decoded (RFC 8010 §3.1): plain data, no classes, so the same
 * values travel between the simulator (server side), the collector (client side) and tests.
 */

/** The attribute groups a message may carry (RFC 8010 §3.5.1 delimiter tags 0x01–0x0A). */
export type IppGroupName =
  | 'operation'
  | 'job'
  | 'printer'
  | 'unsupported'
  | 'subscription'
  | 'event-notification'
  | 'resource'
  | 'document'
  | 'system';

/** Value tags whose value is a character string (RFC 8010 §3.9). */
export type IppStringTag =
  | 'textWithoutLanguage'
  | 'nameWithoutLanguage'
  | 'keyword'
  | 'uri'
  | 'uriScheme'
  | 'charset'
  | 'naturalLanguage'
  | 'mimeMediaType';

/** Out-of-band values (RFC 8010 §3.5.2, RFC 3380): a tag with an empty value. */
export type IppOutOfBandTag = 'unsupported' | 'unknown' | 'no-value' | 'not-settable' | 'delete-attribute' | 'admin-define';

/** RFC 2579 DateAndTime as IPP sends it (11 octets, always with the UTC offset). */
export interface IppDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minutes: number;
  seconds: number;
  deciSeconds: number;
  utcDirection: '+' | '-';
  utcHours: number;
  utcMinutes: number;
}

/** A resolution: cross-feed, feed, and units (3 dots per inch, 4 dots per centimetre). */
export interface IppResolution {
  crossFeed: number;
  feed: number;
  units: number;
}

/** What the value of each value tag holds; collections hold member attributes. */
export type IppValueMap = {
  integer: number;
  enum: number;
  boolean: boolean;
  octetString: Uint8Array;
  dateTime: IppDateTime;
  resolution: IppResolution;
  rangeOfInteger: { lower: number; upper: number };
  textWithLanguage: { language: string; text: string };
  nameWithLanguage: { language: string; text: string };
  collection: IppAttribute[];
} & Record<IppStringTag, string>;

/** Tags whose values carry data (everything but out-of-band and uninterpreted tags). */
export type IppDataTag = keyof IppValueMap;

/** One attribute value, discriminated by `tag`. memberAttrName never appears: it is collection structure. */
export type IppValue =
  | { [T in IppDataTag]: { tag: T; value: IppValueMap[T] } }[IppDataTag]
  | { tag: IppOutOfBandTag }
  /** A value tag this codec does not interpret (future or vendor types, 0x7F extensions), kept byte for byte. */
  | { tag: 'other'; code: number; value: Uint8Array };

/** An attribute: a name and one or more values (further values go on the wire with empty names). */
export interface IppAttribute {
  name: string;
  values: IppValue[];
}

/** One attribute group, in wire order; a message may repeat a group tag (e.g. one job group per job). */
export interface IppGroup {
  name: IppGroupName;
  attributes: IppAttribute[];
}

/** A request or a response: the header, the groups, and any document data after end-of-attributes. */
export interface IppMessage {
  version: { major: number; minor: number };
  /** operation-id in a request, status-code in a response: the same two octets (RFC 8010 §3.1.1). */
  code: number;
  requestId: number;
  groups: IppGroup[];
  /** Octets after the end-of-attributes tag (the document of a Print-Job); empty for most messages. */
  data: Uint8Array;
}
