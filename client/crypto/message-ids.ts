/**
 * Which stored thread entry a signed message was written as (SECURITY.md "Authenticated
 * replies"). Anyone who can write to the database can copy a genuine signed follow-up, reply or
 * note into a new entry with a new day, and a signature alone would still verify: "come to the
 * office on Monday" shown twice, months apart. So every signed message carries, in a signature
 * notation, the client-random message id it is sent under, and the reader checks that the entry
 * the server serves is the one the server stores under that id. The server keys each entry by
 * a hash of its case and message id under a unique index, so a copy needs another id, which the
 * signature does not name.
 */

/** The notation every signed follow-up, reply and note carries: its client-random message id. */
export const MESSAGE_ID_NOTATION = 'message-id@amanat';

/** 128 random bits in lower-case hex (createMessageId), as the API's messageId is. */
const MESSAGE_ID = /^[0-9a-f]{32}$/;

/** Where the server served a stored message: its case and the id of its thread entry. */
export interface ThreadEntryRef {
  readonly caseId: string;
  /** The entry's id as served (GET /api/cases/:caseId thread, POST /api/receipts/case). */
  readonly entryId: string;
}

/** A notation naming `messageId`; TypeError for anything but a message id. */
export function messageIdNotation(messageId: string): {
  name: string;
  value: Uint8Array;
  humanReadable: boolean;
  critical: boolean;
} {
  if (!MESSAGE_ID.test(messageId)) throw new TypeError('A 32-digit hex message id is expected.');
  return {
    name: MESSAGE_ID_NOTATION,
    value: new TextEncoder().encode(messageId),
    humanReadable: true,
    critical: false,
  };
}

/**
 * The id the server stores a message under: the first 128 bits, hex, of SHA-256 over
 * "amanat/case-message/v1", NUL, the case id, NUL, the message id
 * (server/features/case-messages/case-messages.service.ts, appendOnce).
 */
export async function storedMessageId(caseId: string, messageId: string): Promise<string> {
  const input = new TextEncoder().encode(`amanat/case-message/v1\0${caseId}\0${messageId}`);
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', input));
  return [...digest.subarray(0, 16)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Whether a valid signature's notations name the message id `entry` is stored under. False for
 * a signature without one (made before messages were bound to their entry) and for a copy.
 */
export async function boundToEntry(
  notations: ReadonlyMap<string, string>,
  entry: ThreadEntryRef,
): Promise<boolean> {
  const messageId = notations.get(MESSAGE_ID_NOTATION);
  if (messageId === undefined || !MESSAGE_ID.test(messageId)) return false;
  return (await storedMessageId(entry.caseId, messageId)) === entry.entryId;
}
