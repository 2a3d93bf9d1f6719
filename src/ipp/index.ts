/**
 * IPP codec (RFC 8010 encoding, RFC 8011 semantics), shared by the simulator's IPP face (server
 * side) and the collector (client side). Pure: bytes in, plain data out, and back.
 */
export type {
  IppAttribute,
  IppDataTag,
  IppDateTime,
  IppGroup,
  IppGroupName,
  IppMessage,
  IppOutOfBandTag,
  IppResolution,
  IppStringTag,
  IppValue,
  IppValueMap,
} from './types.js';
export { IppDecodeError } from './errors.js';
export { decodeIppMessage, MAX_COLLECTION_DEPTH } from './decode.js';
export { encodeIppMessage } from './encode.js';
export { IppOperation, IppStatus } from './tags.js';
export {
  IPP_1_1,
  IPP_2_0,
  attribute,
  findAttribute,
  getPrinterAttributesRequest,
  ippResponse,
  naturalLanguageAttributes,
  outOfBandAttribute,
  valueAsInteger,
  valueAsText,
} from './messages.js';
