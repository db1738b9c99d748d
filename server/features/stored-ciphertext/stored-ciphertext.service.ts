/**
 * The one way stored ciphertext is rewritten (offboarding, sharing): read, work out the new
 * bytes, write them only if nothing changed since the read, and read back; on a change made
 * meanwhile, start again from what is stored now. A rewrite never overwrites bytes it did not
 * read, so a share and an offboarding racing on one message both land, in some order.
 */
import type {
  CiphertextKind,
  CiphertextRef,
  NextCiphertext,
  StoredCiphertext,
  StoredCiphertextRepository,
} from './stored-ciphertext.repository';

/** Reads of one message before a rewrite gives up (each miss means another writer got there). */
const MAX_ATTEMPTS = 5;

/**
 * What a rewrite does to the stored message: the new bytes with a detail for the caller, or null
 * when it needs no change. It may throw to stop the rewrite (nothing is written then).
 */
export type CiphertextChange<Detail> = (
  stored: StoredCiphertext,
) => Promise<(NextCiphertext & { readonly detail: Detail }) | null>;

export type SettledRewrite<Detail> =
  | { readonly kind: 'rewritten'; readonly detail: Detail }
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'gone' }
  /** Another writer changed the message on every attempt; nothing of ours is stored. */
  | { readonly kind: 'kept-changing' };

export class StoredCiphertextService {
  constructor(private readonly repository: StoredCiphertextRepository) {}

  async read(ref: CiphertextRef): Promise<StoredCiphertext | null> {
    return await this.repository.read(ref);
  }

  async listNamingAnyKey(
    kind: CiphertextKind,
    keyIds: readonly string[],
  ): Promise<CiphertextRef[]> {
    return await this.repository.listNamingAnyKey(kind, keyIds);
  }

  async rewrite<Detail>(
    ref: CiphertextRef,
    change: CiphertextChange<Detail>,
  ): Promise<SettledRewrite<Detail>> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const stored = await this.repository.read(ref);
      if (!stored) return { kind: 'gone' };
      const next = await change(stored);
      if (next === null) return { kind: 'unchanged' };
      const outcome = await this.repository.rewriteIfUnchanged(ref, stored.message, next);
      if (outcome === 'rewritten') return { kind: 'rewritten', detail: next.detail };
      if (outcome === 'gone') return { kind: 'gone' };
    }
    return { kind: 'kept-changing' };
  }
}
