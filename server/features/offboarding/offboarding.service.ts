/**
 * Offboarding a caseworker (DESIGN.md "Sharing and offboarding"): their key leaves the next
 * directory, and their PKESK packets are dropped from every stored message, so a later breach of
 * the database plus their old key opens nothing that is stored now. The encrypted bodies are
 * never touched and no other recipient is ever removed. Not cryptographic revocation: whatever
 * they already decrypted, and every copy that still holds their packet, stays readable to them
 * (SECURITY.md "Operations").
 */
import { ConflictError, NotFoundError, UnprocessableError } from '../../platform/errors';
import { RecipientRemovalError, removeRecipients } from '../../platform/openpgp';
import type { AttachmentPartsRepository } from '../attachments';
import type { CaseMessagesRepository } from '../cases';
import {
  CaseworkerKeysService,
  type CaseworkerKey,
  type CaseworkerKeysRepository,
} from '../caseworkers';
import type { ReportRepository } from '../intake';

export type StoredMessageKind = 'report' | 'caseMessage' | 'attachmentPart';

/**
 * Extension point for what offboarding must end besides the key: the caseworker's account and
 * sessions (user accounts are a separate feature). Called after the key is marked removed, on
 * every run, so it must be safe to repeat.
 */
export interface OffboardingHooks {
  readonly endCaseworkerAccess?: (key: CaseworkerKey) => Promise<void>;
}

export interface OffboardingDependencies {
  readonly caseworkerKeys: CaseworkerKeysRepository;
  readonly reports: ReportRepository;
  readonly caseMessages: CaseMessagesRepository;
  readonly attachmentParts: AttachmentPartsRepository;
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

/** Reads of one message (a plain rewrite takes two: rewrite, confirm) before giving up on it. */
const MAX_ATTEMPTS_PER_MESSAGE = 6;

interface StoredMessage {
  readonly caseId: string;
  readonly message: Uint8Array;
}

/** One collection of stored messages, as offboarding sees it. */
interface MessageStore<Ref> {
  readonly kind: StoredMessageKind;
  listNamingAnyKey(keyIds: readonly string[]): Promise<Ref[]>;
  read(ref: Ref): Promise<StoredMessage | null>;
  replaceIfUnchanged(
    ref: Ref,
    expected: Uint8Array,
    next: { readonly message: Uint8Array; readonly recipientKeyIds: readonly string[] },
  ): Promise<boolean>;
}

type Outcome =
  | { readonly kind: 'rewritten'; readonly removed: number }
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'only_recipient'; readonly caseId: string };

export class OffboardingService {
  private readonly keys: CaseworkerKeysService;

  constructor(
    private readonly deps: OffboardingDependencies,
    private readonly hooks: OffboardingHooks = {},
  ) {
    this.keys = new CaseworkerKeysService(deps.caseworkerKeys);
  }

  /**
   * Marks the key `removed` (it leaves the next signed directory) and ends the caseworker's other
   * access through the hooks. Safe to repeat.
   */
  async removeCaseworker(
    fingerprint: string,
    { beforeRemove }: Pick<OffboardingOptions, 'beforeRemove'> = {},
  ): Promise<CaseworkerKey> {
    await this.keys.removeCaseworkerKey(
      fingerprint,
      beforeRemove ? { beforeStore: beforeRemove } : {},
    );
    const key = await this.findKey(fingerprint);
    await this.hooks.endCaseworkerAccess?.(key);
    return key;
  }

  /**
   * Drops the PKESK packets of a removed caseworker's encryption keys from every stored report,
   * thread message and attachment part, one document at a time, each with a conditional durable
   * write. Idempotent: a second run finds nothing to change. With `beforeRewrite`, every message
   * is read once first to work out the plan, and read again to be rewritten.
   */
  async removeCaseworkerFromStoredMessages(
    fingerprint: string,
    { beforeRewrite }: Pick<OffboardingOptions, 'beforeRewrite'> = {},
  ): Promise<OffboardingCounts> {
    const key = await this.findKey(fingerprint);
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
    for (const store of this.stores()) {
      // Only references are listed up front; each message is then read, rewritten and written
      // alone, so memory holds one message at a time (an attachment part is up to 15 MiB).
      for (const ref of await store.listNamingAnyKey(key.encryptionKeyIds)) {
        const outcome = await this.rewriteOne(store, ref, keyIds, mode);
        if (outcome.kind === 'rewritten') {
          counts[COUNT_OF[store.kind]] += 1;
          counts.recipientPacketsRemoved += outcome.removed;
          messages.push(`${store.kind}:${JSON.stringify(ref)}`);
        } else if (outcome.kind === 'only_recipient') {
          onlyRecipientOf.push({ kind: store.kind, caseId: outcome.caseId });
        }
      }
    }
    return { ...counts, onlyRecipientOf, messages: messages.sort() };
  }

  /**
   * Read, drop, write if unchanged, and read again until the stored message no longer names the
   * keys. The last read is a check, not a formality: MongoDB applies a conditional update
   * atomically, but FerretDB v1 reads then writes, so a racing writer can still overwrite ours.
   */
  private async rewriteOne<Ref>(
    store: MessageStore<Ref>,
    ref: Ref,
    keyIds: ReadonlySet<string>,
    mode: 'plan' | 'write',
  ): Promise<Outcome> {
    let removedByUs = 0;
    const done = (): Outcome =>
      removedByUs > 0 ? { kind: 'rewritten', removed: removedByUs } : { kind: 'unchanged' };
    for (let attempt = 1; attempt <= MAX_ATTEMPTS_PER_MESSAGE; attempt++) {
      const stored = await store.read(ref);
      if (!stored) return done();
      let rewritten;
      try {
        // The bytes decide, not the recipientKeyIds field: it is what a key holder could open.
        rewritten = await removeRecipients(stored.message, keyIds);
      } catch (error) {
        if (!(error instanceof RecipientRemovalError)) throw error;
        if (error.code === 'no_recipient_left') {
          return { kind: 'only_recipient', caseId: stored.caseId };
        }
        throw new UnprocessableError(
          'stored_message_invalid',
          `A stored ${store.kind} of case ${stored.caseId} is not a valid encrypted message (${error.refusal ?? error.code}); offboarding stopped there.`,
        );
      }
      if (rewritten.removed === 0) return done();
      if (mode === 'plan') return { kind: 'rewritten', removed: rewritten.removed };
      const replaced = await store.replaceIfUnchanged(ref, stored.message, {
        message: rewritten.bytes,
        recipientKeyIds: rewritten.remainingKeyIds,
      });
      // Not replaced: it changed since we read it (for example a concurrent share). Read it again,
      // never overwrite. Replaced: read it again to confirm our write is what is stored.
      if (replaced) removedByUs = rewritten.removed;
    }
    throw new ConflictError(
      'message_changing',
      `A stored ${store.kind} kept changing while it was rewritten; run the offboarding again.`,
    );
  }

  private async findKey(fingerprint: string): Promise<CaseworkerKey> {
    const key = await this.deps.caseworkerKeys.findByFingerprint(fingerprint.toLowerCase());
    if (!key) {
      throw new NotFoundError(
        'key_not_found',
        `No caseworker key with fingerprint ${fingerprint}.`,
      );
    }
    return key;
  }

  /**
   * Security: an encryption key id that another caseworker key also carries (a subkey bound to two
   * primary keys) would take that caseworker's packets too. Refuse rather than guess.
   */
  private async refuseSharedKeyIds(key: CaseworkerKey): Promise<void> {
    const own = new Set(key.encryptionKeyIds);
    for (const other of await this.keys.listAllKeys()) {
      if (other.fingerprint === key.fingerprint) continue;
      if (other.encryptionKeyIds.some((keyId) => own.has(keyId))) {
        throw new ConflictError(
          'key_id_shared',
          `Key ${key.fingerprint} shares an encryption key id with ${other.fingerprint}; nothing was changed.`,
        );
      }
    }
  }

  private stores(): [
    MessageStore<string>,
    MessageStore<string>,
    MessageStore<{ readonly attachmentId: string; readonly index: number }>,
  ] {
    const { reports, caseMessages, attachmentParts } = this.deps;
    return [
      {
        kind: 'report',
        listNamingAnyKey: (keyIds) => reports.listCaseIdsNamingAnyKey(keyIds),
        read: async (caseId) => await reports.findByCaseId(caseId),
        replaceIfUnchanged: (caseId, expected, next) =>
          reports.replaceMessageIfUnchanged(caseId, expected, next),
      },
      {
        kind: 'caseMessage',
        listNamingAnyKey: (keyIds) => caseMessages.listIdsNamingAnyKey(keyIds),
        read: async (id) => await caseMessages.findById(id),
        replaceIfUnchanged: (id, expected, next) =>
          caseMessages.replaceMessageIfUnchanged(id, expected, next),
      },
      {
        kind: 'attachmentPart',
        listNamingAnyKey: (keyIds) => attachmentParts.listNamingAnyKey(keyIds),
        read: async ({ attachmentId, index }) => await attachmentParts.find(attachmentId, index),
        replaceIfUnchanged: ({ attachmentId, index }, expected, next) =>
          attachmentParts.replaceMessageIfUnchanged(attachmentId, index, expected, next),
      },
    ];
  }
}
