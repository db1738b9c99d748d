/**
 * Offboarding a caseworker (docs/design.md "Sharing and offboarding"): their key leaves the next
 * directory, and their PKESK packets are dropped from every stored message, so a later breach of
 * the database plus their old key opens nothing that is stored now. The encrypted bodies are
 * never touched and no other recipient is ever removed. Not cryptographic revocation: whatever
 * they already decrypted, and every copy that still holds their packet, stays readable to them
 * (SECURITY.md "Operations and backups").
 */
import { ConflictError, UnprocessableError } from '../../platform/errors';
import { RecipientRemovalError, removeRecipients } from '../../platform/openpgp';
import type { CaseLinksService } from '../case-links';
import type { CaseworkerKey, CaseworkerKeysService } from '../caseworkers';
import {
  referenceOf,
  type CiphertextKind,
  type CiphertextRef,
  type NextCiphertext,
  type StoredCiphertext,
  type StoredCiphertextService,
} from '../stored-ciphertext';

export type StoredMessageKind = CiphertextKind;

/**
 * Extension point for what offboarding must end besides the key: the caseworker's account and
 * sessions (user accounts are a separate feature). Called after the key is marked removed, on
 * every run, so it must be safe to repeat.
 */
export interface OffboardingHooks {
  readonly endCaseworkerAccess?: (key: CaseworkerKey) => Promise<void>;
}

export interface OffboardingDependencies {
  readonly caseworkerKeys: CaseworkerKeysService;
  readonly ciphertext: StoredCiphertextService;
  /** The linking key they held: retired, so the next caseworker's dashboard must rotate it. */
  readonly caseLinks: Pick<CaseLinksService, 'retireKey'>;
}

export interface OffboardingCounts {
  /** Messages rewritten without the caseworker's PKESK packets, per kind. */
  readonly reports: number;
  readonly caseMessages: number;
  readonly attachmentParts: number;
  /** PKESK packets dropped in all. */
  readonly recipientPacketsRemoved: number;
  /**
   * Messages the caseworker is the only recipient of, left as they are: dropping their packet
   * would make the message unreadable for everyone. Someone must decide about these by hand.
   */
  readonly onlyRecipientOf: readonly {
    readonly kind: StoredMessageKind;
    readonly caseId: string;
  }[];
}

/** What a rewrite would change, worked out before anything is written (the caller audits it). */
export interface OffboardingPlan extends OffboardingCounts {
  /** The messages it would rewrite, each named by its kind and reference, sorted. */
  readonly messages: readonly string[];
}

export interface OffboardingOptions {
  /** Runs once the key is found, before it is marked removed (the caller audits). */
  readonly beforeRemove?: (fingerprint: string) => Promise<void>;
  /** Runs with the plan before the first message is rewritten (the caller audits). */
  readonly beforeRewrite?: (plan: OffboardingPlan) => Promise<void>;
}

const COUNT_OF = {
  report: 'reports',
  caseMessage: 'caseMessages',
  attachmentPart: 'attachmentParts',
} as const satisfies Record<StoredMessageKind, keyof OffboardingCounts>;

const KINDS: readonly StoredMessageKind[] = ['report', 'caseMessage', 'attachmentPart'];

/** What dropping the key packets does to one stored message. */
type Drop =
  | { readonly kind: 'drop'; readonly next: NextCiphertext; readonly removed: number }
  | { readonly kind: 'none' }
  | { readonly kind: 'only_recipient' };

type Outcome =
  | { readonly kind: 'rewritten'; readonly removed: number }
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'only_recipient'; readonly caseId: string };

export class OffboardingService {
  constructor(
    private readonly deps: OffboardingDependencies,
    private readonly hooks: OffboardingHooks = {},
  ) {}

  /**
   * Marks the key `removed` (it leaves the next signed directory), retires the linking key (they
   * may keep a copy: tokens made with it could be reversed by testing numbers) and ends the
   * caseworker's other access through the hooks. Safe to repeat.
   */
  async removeCaseworker(
    fingerprint: string,
    { beforeRemove }: Pick<OffboardingOptions, 'beforeRemove'> = {},
  ): Promise<CaseworkerKey> {
    await this.deps.caseworkerKeys.removeCaseworkerKey(
      fingerprint,
      beforeRemove ? { beforeStore: beforeRemove } : {},
    );
    await this.deps.caseLinks.retireKey();
    const key = await this.deps.caseworkerKeys.findKey(fingerprint);
    await this.hooks.endCaseworkerAccess?.(key);
    return key;
  }

  /**
   * Drops the PKESK packets of a removed caseworker's encryption keys from every stored report,
   * thread message and attachment part, one document at a time, each through the one
   * rewrite-if-unchanged (stored-ciphertext). Idempotent: a second run finds nothing to change.
   * With `beforeRewrite`, every message
   * is read once first to work out the plan, and read again to be rewritten.
   */
  async removeCaseworkerFromStoredMessages(
    fingerprint: string,
    { beforeRewrite }: Pick<OffboardingOptions, 'beforeRewrite'> = {},
  ): Promise<OffboardingCounts> {
    const key = await this.deps.caseworkerKeys.findKey(fingerprint);
    if (key.status !== 'removed') {
      throw new ConflictError(
        'key_still_active',
        `Key ${key.fingerprint} is still active: new reports must be encrypted to it. Remove it first.`,
      );
    }
    await this.refuseSharedKeyIds(key);
    if (beforeRewrite) await beforeRewrite(await this.rewriteAll(key, 'plan'));
    const { messages: _rewritten, ...counts } = await this.rewriteAll(key, 'write');
    return counts;
  }

  /** Every stored message naming the key, rewritten ('write') or only worked out ('plan'). */
  private async rewriteAll(key: CaseworkerKey, mode: 'plan' | 'write'): Promise<OffboardingPlan> {
    const keyIds = new Set(key.encryptionKeyIds);
    const counts = { reports: 0, caseMessages: 0, attachmentParts: 0, recipientPacketsRemoved: 0 };
    const onlyRecipientOf: { kind: StoredMessageKind; caseId: string }[] = [];
    const messages: string[] = [];
    for (const kind of KINDS) {
      // Only references are listed up front; each message is then read, rewritten and written
      // alone, so memory holds one message at a time (an attachment part is up to 15 MiB).
      for (const ref of await this.deps.ciphertext.listNamingAnyKey(kind, key.encryptionKeyIds)) {
        const outcome =
          mode === 'plan' ? await this.planOne(ref, keyIds) : await this.rewriteOne(ref, keyIds);
        if (outcome.kind === 'rewritten') {
          counts[COUNT_OF[kind]] += 1;
          counts.recipientPacketsRemoved += outcome.removed;
          messages.push(`${kind}:${JSON.stringify(referenceOf(ref))}`);
        } else if (outcome.kind === 'only_recipient') {
          onlyRecipientOf.push({ kind, caseId: outcome.caseId });
        }
      }
    }
    return { ...counts, onlyRecipientOf, messages: messages.sort() };
  }

  private async planOne(ref: CiphertextRef, keyIds: ReadonlySet<string>): Promise<Outcome> {
    const stored = await this.deps.ciphertext.read(ref);
    if (!stored) return { kind: 'unchanged' };
    const drop = await dropKeyPackets(ref.kind, stored, keyIds);
    if (drop.kind === 'only_recipient') return { kind: 'only_recipient', caseId: stored.caseId };
    return drop.kind === 'drop'
      ? { kind: 'rewritten', removed: drop.removed }
      : { kind: 'unchanged' };
  }

  /** Drops the packets through the one rewrite-if-unchanged (stored-ciphertext). */
  private async rewriteOne(ref: CiphertextRef, keyIds: ReadonlySet<string>): Promise<Outcome> {
    let onlyRecipientOfCase: string | null = null;
    const settled = await this.deps.ciphertext.rewrite(ref, async (stored) => {
      const drop = await dropKeyPackets(ref.kind, stored, keyIds);
      if (drop.kind === 'only_recipient') onlyRecipientOfCase = stored.caseId;
      return drop.kind === 'drop' ? { ...drop.next, detail: drop.removed } : null;
    });
    if (onlyRecipientOfCase !== null)
      return { kind: 'only_recipient', caseId: onlyRecipientOfCase };
    if (settled.kind === 'rewritten') return { kind: 'rewritten', removed: settled.detail };
    if (settled.kind === 'kept-changing') {
      throw new ConflictError(
        'message_changing',
        `A stored ${ref.kind} kept changing while it was rewritten; run the offboarding again.`,
      );
    }
    return { kind: 'unchanged' };
  }

  /**
   * Security: an encryption key id that another caseworker key also carries (a subkey bound to two
   * primary keys) would take that caseworker's packets too. Refuse rather than guess.
   */
  private async refuseSharedKeyIds(key: CaseworkerKey): Promise<void> {
    const own = new Set(key.encryptionKeyIds);
    for (const other of await this.deps.caseworkerKeys.listAllKeys()) {
      if (other.fingerprint === key.fingerprint) continue;
      if (other.encryptionKeyIds.some((keyId) => own.has(keyId))) {
        throw new ConflictError(
          'key_id_shared',
          `Key ${key.fingerprint} shares an encryption key id with ${other.fingerprint}; nothing was changed.`,
        );
      }
    }
  }
}

/**
 * The message without the packets for `keyIds`; the bytes decide, not the recipientKeyIds field:
 * they are what a key holder could open.
 */
async function dropKeyPackets(
  kind: StoredMessageKind,
  stored: StoredCiphertext,
  keyIds: ReadonlySet<string>,
): Promise<Drop> {
  try {
    const rewritten = await removeRecipients(stored.message, keyIds);
    if (rewritten.removed === 0) return { kind: 'none' };
    return {
      kind: 'drop',
      next: { message: rewritten.bytes, recipientKeyIds: rewritten.remainingKeyIds },
      removed: rewritten.removed,
    };
  } catch (error) {
    if (!(error instanceof RecipientRemovalError)) throw error;
    if (error.code === 'no_recipient_left') return { kind: 'only_recipient' };
    throw new UnprocessableError(
      'stored_message_invalid',
      `A stored ${kind} of case ${stored.caseId} is not a valid encrypted message (${error.refusal ?? error.code}); offboarding stopped there.`,
    );
  }
}
