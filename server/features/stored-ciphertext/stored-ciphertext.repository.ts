import { createHash } from 'node:crypto';
import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import { bytesOf, DURABLE_WRITE } from '../../platform/db';

/** One stored encrypted message: a report, a thread message, or one part of an attachment. */
export type CiphertextRef =
  | { readonly kind: 'report'; readonly caseId: string }
  | { readonly kind: 'caseMessage'; readonly id: string }
  | { readonly kind: 'attachmentPart'; readonly attachmentId: string; readonly index: number };

export type CiphertextKind = CiphertextRef['kind'];

export interface StoredCiphertext {
  readonly caseId: string;
  /** The exact OpenPGP packet bytes stored. */
  readonly message: Uint8Array;
  /** The encryption key ids its PKESK packets name (what offboarding and sharing look up). */
  readonly recipientKeyIds: readonly string[];
}

export interface NextCiphertext {
  readonly message: Uint8Array;
  readonly recipientKeyIds: readonly string[];
}

/**
 * 'rewritten': the new bytes are stored (read back to be sure); 'changed-meanwhile': the stored
 * bytes were no longer the expected ones (changed, or gone), or another writer's bytes replaced
 * ours at once: read again and decide again, never overwrite; 'gone': the message disappeared
 * right after our write.
 */
export type RewriteOutcome = 'rewritten' | 'changed-meanwhile' | 'gone';

/** The fields of the three collections this module reads and writes; the rest is not its own. */
interface CiphertextDocument {
  _id: string;
  caseId?: string; // case_messages, attachment_parts (a report's _id is its case id)
  message: Buffer;
  recipientKeyIds: string[];
  size?: number; // attachment_parts
  sha256?: string; // attachment_parts
}

const COLLECTION_OF = {
  report: 'reports',
  caseMessage: 'case_messages',
  attachmentPart: 'attachment_parts',
} as const satisfies Record<CiphertextKind, string>;

/**
 * Stored ciphertext, rewritten in place: offboarding drops a caseworker's key packets, sharing
 * inserts a colleague's. The body of a message is never re-encrypted, only its key packets
 * change, so each rewrite is a compare-and-set on the bytes. MongoDB applies the condition of an
 * update atomically; FerretDB v1 reads then writes, so two racing writers can both match. Every
 * write is therefore read back: only bytes seen stored count as rewritten.
 */
export class StoredCiphertextRepository {
  constructor(private readonly connection: Connection) {}

  async read(ref: CiphertextRef): Promise<StoredCiphertext | null> {
    const document = await this.collection(ref.kind).findOne({ _id: idOf(ref) });
    if (!document) return null;
    return {
      caseId: ref.kind === 'report' ? document._id : (document.caseId ?? ''),
      message: bytesOf(document.message),
      recipientKeyIds: document.recipientKeyIds,
    };
  }

  /**
   * Replaces the message and its recipient key ids, durably, only if the stored bytes are still
   * `expected`, then reads back what is stored. A part is compared by the SHA-256 and size stored
   * with it, not by its bytes: a part (up to 15 MiB) twice in one update could pass the 16 MiB
   * BSON limit.
   */
  async rewriteIfUnchanged(
    ref: CiphertextRef,
    expected: Uint8Array,
    next: NextCiphertext,
  ): Promise<RewriteOutcome> {
    const isPart = ref.kind === 'attachmentPart';
    const result = await this.collection(ref.kind).updateOne(
      isPart
        ? { _id: idOf(ref), sha256: sha256Hex(expected), size: expected.length }
        : { _id: idOf(ref), message: Buffer.from(expected) },
      {
        $set: {
          message: Buffer.from(next.message),
          recipientKeyIds: [...next.recipientKeyIds],
          ...(isPart ? { size: next.message.length, sha256: sha256Hex(next.message) } : {}),
        },
      },
      { writeConcern: DURABLE_WRITE },
    );
    if (result.matchedCount === 0) return 'changed-meanwhile';
    const stored = await this.read(ref);
    if (!stored) return 'gone';
    return Buffer.from(stored.message).equals(Buffer.from(next.message))
      ? 'rewritten'
      : 'changed-meanwhile';
  }

  /** Every stored message of `kind` whose key packets name any of these encryption key ids. */
  async listNamingAnyKey(
    kind: CiphertextKind,
    keyIds: readonly string[],
  ): Promise<CiphertextRef[]> {
    const named = { recipientKeyIds: { $in: [...keyIds] } };
    if (kind === 'attachmentPart') {
      const parts = await this.connection
        .collection<{ attachmentId: string; index: number }>(COLLECTION_OF.attachmentPart)
        .find(named, { projection: { _id: 0, attachmentId: 1, index: 1 } })
        .sort({ attachmentId: 1, index: 1 })
        .toArray();
      return parts.map(({ attachmentId, index }) => ({ kind, attachmentId, index }));
    }
    const documents = await this.collection(kind)
      .find(named, { projection: { _id: 1 } })
      .sort({ _id: 1 })
      .toArray();
    return documents.map(({ _id }) =>
      kind === 'report' ? { kind, caseId: _id } : { kind, id: _id },
    );
  }

  private collection(kind: CiphertextKind): Collection<CiphertextDocument> {
    return this.connection.collection<CiphertextDocument>(COLLECTION_OF[kind]);
  }
}

/** How the stores name a message: a report by its case, a thread message by its id, a part by both. */
export function referenceOf(ref: CiphertextRef): string | { attachmentId: string; index: number } {
  switch (ref.kind) {
    case 'report':
      return ref.caseId;
    case 'caseMessage':
      return ref.id;
    case 'attachmentPart':
      return { attachmentId: ref.attachmentId, index: ref.index };
  }
}

/** The `_id` of the document that holds the message (an attachment part's is `attachment:index`). */
function idOf(ref: CiphertextRef): string {
  const reference = referenceOf(ref);
  return typeof reference === 'string' ? reference : `${reference.attachmentId}:${reference.index}`;
}

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
