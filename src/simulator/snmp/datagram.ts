/** Turns one received datagram into the datagram to send back, or into silence. Pure but for crypto. */
import { decodeMessage, encodeCommunityMessage } from './message.js';
import { respond } from './responder.js';
import { MAX_MESSAGE_SIZE, processV3, type Outcome, type V3Context } from './v3.js';

export interface DatagramContext extends V3Context {
  /** The read community for v1/v2c, or null when community-based access is switched off. */
  community: Buffer | null;
}

/** Answers one datagram; throws BerError when it is not a well-formed SNMP message. */
export function answerDatagram(datagram: Buffer, context: DatagramContext): Outcome {
  const message = decodeMessage(datagram);
  if (message.version === 3) return processV3(message, context);
  // A wrong community is dropped without a word, as RFC 1157 §4.1 and every real agent do.
  if (context.community === null || !message.community.equals(context.community)) return { kind: 'drop' };
  const budget = MAX_MESSAGE_SIZE - 16 - message.community.length;
  const pdu = respond(context.table(), message.pdu, message.version, budget);
  if (!pdu) return { kind: 'drop' };
  return { kind: 'response', datagram: encodeCommunityMessage(message.version, message.community, pdu) };
}
