import fc from 'fast-check';
import { encodeIppMessage, type IppAttribute, type IppGroupName, type IppMessage, type IppValue } from '../../src/ipp/index.js';
import { isReservedValueCode } from '../../src/ipp/tags.js';

const groupNames: IppGroupName[] = ['operation', 'job', 'printer', 'unsupported', 'subscription', 'event-notification', 'resource', 'document', 'system'];

/** Well-formed Unicode only: lone surrogates cannot survive UTF-8, which is the wire's encoding. */
const text = (minLength = 0) => fc.string({ unit: 'grapheme', minLength, maxLength: 12 });
const int32 = fc.integer({ min: -0x80000000, max: 0x7fffffff });
const byte = fc.integer({ min: 0, max: 255 });
const bytes = fc.uint8Array({ maxLength: 16 });

const stringTags = ['textWithoutLanguage', 'nameWithoutLanguage', 'keyword', 'uri', 'uriScheme', 'charset', 'naturalLanguage', 'mimeMediaType'] as const;
const outOfBandTags = ['unsupported', 'unknown', 'no-value', 'not-settable', 'delete-attribute', 'admin-define'] as const;

/** Every non-collection value the codec knows, plus uninterpreted tags. */
const simpleValue: fc.Arbitrary<IppValue> = fc.oneof(
  fc.record({ tag: fc.constantFrom('integer' as const, 'enum' as const), value: int32 }),
  fc.record({ tag: fc.constant('boolean' as const), value: fc.boolean() }),
  fc.record({ tag: fc.constant('octetString' as const), value: bytes }),
  fc.record({
    tag: fc.constant('dateTime' as const),
    value: fc.record({
      year: fc.integer({ min: 0, max: 0xffff }),
      month: byte,
      day: byte,
      hour: byte,
      minutes: byte,
      seconds: byte,
      deciSeconds: byte,
      utcDirection: fc.constantFrom('+' as const, '-' as const),
      utcHours: byte,
      utcMinutes: byte,
    }),
  }),
  fc.record({ tag: fc.constant('resolution' as const), value: fc.record({ crossFeed: int32, feed: int32, units: byte }) }),
  fc.record({ tag: fc.constant('rangeOfInteger' as const), value: fc.record({ lower: int32, upper: int32 }) }),
  fc.record({ tag: fc.constantFrom('textWithLanguage' as const, 'nameWithLanguage' as const), value: fc.record({ language: text(), text: text() }) }),
  fc.record({ tag: fc.constantFrom(...stringTags), value: text() }),
  fc.record({ tag: fc.constantFrom(...outOfBandTags) }),
  fc.record({ tag: fc.constant('other' as const), code: fc.integer({ min: 0x10, max: 0xff }).filter((code) => !isReservedValueCode(code)), value: bytes }),
);

/** Attributes and values, collections nested a few levels deep. */
const tree = fc.letrec<{ value: IppValue; attribute: IppAttribute }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, simpleValue, fc.record({ tag: fc.constant('collection' as const), value: fc.array(tie('attribute'), { maxLength: 3 }) })),
  attribute: fc.record({ name: text(1), values: fc.array(tie('value'), { minLength: 1, maxLength: 3 }) }),
}));

export const ippAttribute = tree.attribute;

/** Any message the codec can encode; `withData` adds document octets after end-of-attributes. */
export function ippMessage(withData = true, maxGroups = 4): fc.Arbitrary<IppMessage> {
  return fc.record({
    version: fc.record({ major: byte, minor: byte }),
    code: fc.integer({ min: 0, max: 0xffff }),
    requestId: int32,
    groups: fc.array(fc.record({ name: fc.constantFrom(...groupNames), attributes: fc.array(ippAttribute, { maxLength: maxGroups }) }), { maxLength: maxGroups }),
    data: withData ? bytes : fc.constant(new Uint8Array(0)),
  });
}

/** Encoded valid messages with some bytes overwritten, inserted or removed: near-misses a fuzzer finds first. */
export const mutatedMessageBytes: fc.Arbitrary<Uint8Array> = fc
  .tuple(ippMessage(false).map(encodeIppMessage), fc.array(fc.tuple(fc.nat(), byte, fc.constantFrom('set', 'insert', 'delete')), { minLength: 1, maxLength: 4 }))
  .map(([encoded, edits]) => {
    const out = Array.from(encoded);
    for (const [at, value, kind] of edits) {
      const index = at % (out.length + 1);
      if (kind === 'set') out[Math.min(index, out.length - 1)] = value;
      else if (kind === 'insert') out.splice(index, 0, value);
      else out.splice(index, 1);
    }
    return Uint8Array.from(out);
  });
