/**
 * Linked cases (SECURITY.md "Linked cases"): the server keeps the wrapped linking key and each
 * case's tokens, and answers which cases share a token. It never sees an identifier or the key,
 * and cannot check either wrapping: every dashboard verifies the key's signature and version
 * before it makes a token. What it enforces is the key's lifecycle: tokens only under the current
 * key, none once an offboarding retired it, and a rotation that re-keys every linked case in one
 * request, after which no token or wrapping of the old key is stored.
 */
import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { ConflictError, NotFoundError, UnprocessableError } from '../../platform/errors';
import { inspectEncryptedMessage, MessageRefusedError } from '../../platform/openpgp';
import type { Account } from '../accounts';
import { caseRefOf, type AuditLogService } from '../audit';
import type { TriageService } from '../cases';
import type { CaseworkerKeysService } from '../caseworkers';
import { actorOf } from '../sign-in';
import type { CaseLinks, CaseLinksRepository, StoredCaseLinks } from './case-links.repository';
import type { LinkingKeysRepository, StoredLinkingKey } from './linking-keys.repository';

/** A case's links written at most this many times over a colleague's write landing meanwhile. */
const MAX_WRITE_ATTEMPTS = 5;
const WRITE_RETRY_MS = 20;

/**
 * How far above the retired key a rotation's version may go. Above it rather than just after:
 * dashboards pin the newest version they verified, so after a restore from a backup older than
 * the last rotation the next key must outrank the pinned one. Bounded, so no rotation can use up
 * the versions.
 */
const MAX_VERSION_STEP = 1000;

export interface CaseLinksDeps {
  readonly keys: LinkingKeysRepository;
  readonly links: CaseLinksRepository;
  readonly triage: Pick<TriageService, 'findCase'>;
  readonly caseworkerKeys: Pick<CaseworkerKeysService, 'listAllKeys'>;
  readonly audit: AuditLogService;
}

export interface LinkedCase {
  readonly caseId: string;
  readonly shared: number;
}

/** A case re-keyed by a rotation; no tokens and no identifiers drop its links. */
export interface RotatedCase {
  readonly caseId: string;
  readonly tokens: readonly string[];
  readonly identifiers: Uint8Array | null;
}

/** A case's identifiers sealed again for the directory now; `previous` digests what was read. */
export interface ResealedCase {
  readonly caseId: string;
  readonly previous: string;
  readonly identifiers: Uint8Array;
}

export interface StoredKey {
  readonly outcome: 'created' | 'shared';
  /** Cases saved since the dashboard read them, not re-sealed. */
  readonly changed: readonly string[];
}

export class CaseLinksService {
  constructor(private readonly deps: CaseLinksDeps) {}

  async currentKey(): Promise<StoredLinkingKey | null> {
    return await this.deps.keys.findCurrent();
  }

  /**
   * Stores the first key (version 1, none stored) or the current key wrapped again for the
   * directory's caseworkers now (its own version, while not retired), with the identifiers of
   * cases linked under it sealed again for them (`resealed`). The cases go first and the key
   * last: a share cut short leaves the key still missing the newcomer, so the next holder's
   * dashboard shares again, and finds done what was done.
   */
  async storeKey(
    actor: Account,
    version: number,
    message: Uint8Array,
    resealed: readonly ResealedCase[] = [],
  ): Promise<StoredKey> {
    const removed = await this.removedKeyIds();
    await this.requireNoRemovedRecipient([message], removed);
    const current = await this.deps.keys.findCurrent();
    // Audited before the write, keyed by what is stored: a retry after a failure appends nothing.
    if (current === null && version === 1 && resealed.length === 0) {
      await this.audit(actor, 'linking.key_created', 1, { version: '1' }, message);
      if (await this.deps.keys.insertFirst(message)) return { outcome: 'created', changed: [] };
    }
    if (current !== null && current.version === version && !current.retired) {
      await this.requireKeepsRecipients(current.message, message, removed);
      const reads = await this.readForReseal(version, resealed, removed);
      await this.audit(
        actor,
        'linking.key_shared',
        version,
        { version: String(version), cases: String(resealed.length) },
        message,
        ...resealed.map((entry) => entry.identifiers),
      );
      const changed = await this.reseal(reads);
      const written = resealed.length - changed.length;
      try {
        // Again, just before the key: an offboarding may have landed while the cases were written.
        await this.requireLiveKey(version);
        await this.requireNoRemovedRecipient([message]);
        if (await this.deps.keys.replaceWrapping(version, message)) {
          return { outcome: 'shared', changed };
        }
      } catch (error) {
        if (written === 0 || !(error instanceof ConflictError)) throw error;
      }
      if (written > 0) {
        throw new ConflictError(
          'linking_share_incomplete',
          `The identifiers of ${written} cases were sealed again, but the linking key was not stored: it changed or was retired meanwhile. Reload and try again.`,
        );
      }
    }
    throw new ConflictError(
      current?.retired ? 'linking_key_retired' : 'linking_key_version',
      current?.retired
        ? 'The linking key was retired by an offboarding: rotate it first. Nothing was stored.'
        : 'This is not the current linking key version. Reload and try again. Nothing was stored.',
    );
  }

  /** The identifiers of every case linked under the live key: what a share re-seals. */
  async linkedUnderLiveKey(): Promise<{ keyVersion: number; cases: CaseLinks[] }> {
    const key = await this.deps.keys.findCurrent();
    if (key === null) {
      throw new ConflictError('linking_key_missing', 'There is no linking key yet.');
    }
    await this.requireLiveKey(key.version);
    return {
      keyVersion: key.version,
      cases: await this.deps.links.listOfKeyVersions([key.version]),
    };
  }

  /**
   * Each case as stored now, before anything is written; refuses the whole share when a new
   * sealing names an offboarded caseworker or leaves out a colleague the stored one was sealed
   * for. A case saved since the dashboard read it (another digest) is left out.
   */
  private async readForReseal(
    version: number,
    resealed: readonly ResealedCase[],
    removed: ReadonlySet<string>,
  ): Promise<{ entry: ResealedCase; stored: StoredCaseLinks | null }[]> {
    const reads = [];
    for (const entry of resealed) {
      await this.requireNoRemovedRecipient([entry.identifiers], removed);
      const found = await this.deps.links.findOfCase(entry.caseId);
      const stored =
        found !== null &&
        found.keyVersion === version &&
        digestOf(found.identifiers) === entry.previous
          ? found
          : null;
      if (stored !== null) {
        await this.requireKeepsRecipients(stored.identifiers, entry.identifiers, removed);
      }
      reads.push({ entry, stored });
    }
    return reads;
  }

  /**
   * Each case's identifiers replaced by their new sealing, only where nothing was written since
   * it was read: a colleague's save meanwhile is never overwritten. Answers the cases left as
   * they were.
   */
  private async reseal(
    reads: readonly { entry: ResealedCase; stored: StoredCaseLinks | null }[],
  ): Promise<string[]> {
    const changed: string[] = [];
    for (const { entry, stored } of reads) {
      const written =
        stored !== null &&
        (await this.deps.links.writeIfUnchanged(entry.caseId, stored, {
          ...stored,
          identifiers: entry.identifiers,
        }));
      if (!written) changed.push(entry.caseId);
    }
    return changed;
  }

  /** The case's own links (under any version) and the cases sharing a token under the current key. */
  async linksOf(caseId: string): Promise<{ links: CaseLinks | null; linkedCases: LinkedCase[] }> {
    await this.requireCase(caseId);
    const [links, key] = await Promise.all([
      this.deps.links.findOfCase(caseId),
      this.deps.keys.findCurrent(),
    ]);
    const live = links !== null && key !== null && links.keyVersion === key.version;
    return {
      links,
      linkedCases: live ? await this.linkedTo(caseId, links.tokens, key.version) : [],
    };
  }

  /**
   * Replaces the case's tokens (made under the current, live key) and its encrypted identifiers;
   * no tokens unlinks it. Answers the cases it is now linked to.
   */
  async link(
    actor: Account,
    caseId: string,
    keyVersion: number,
    tokens: readonly string[],
    identifiers: Uint8Array | null,
  ): Promise<LinkedCase[]> {
    await this.requireCase(caseId);
    await this.requireLiveKey(keyVersion);
    if (identifiers !== null) await this.requireNoRemovedRecipient([identifiers]);
    if (tokens.length > 0 && identifiers === null) {
      throw new ConflictError(
        'link_identifiers_required',
        'Tokens come with their identifiers, encrypted, for the next rotation. Nothing was stored.',
      );
    }
    // What a rotation cut short after its last step left of older keys goes now.
    await this.deps.links.deleteOutsideKeyVersions(keyVersion, keyVersion);
    await this.audit(
      actor,
      'case.linked',
      keyVersion,
      { case: caseRefOf(caseId), tokens: String(tokens.length) },
      new TextEncoder().encode([caseId, ...tokens].join('\0')),
      identifiers ?? new Uint8Array(0),
    );
    const next =
      tokens.length === 0 || identifiers === null
        ? null
        : { caseId, keyVersion, tokens, identifiers };
    for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
      const stored = await this.deps.links.findOfCase(caseId);
      if (await this.deps.links.writeIfUnchanged(caseId, stored, next)) {
        return await this.linkedTo(caseId, tokens, keyVersion);
      }
      // Another write of this case is landing: wait for it to land, then write over it.
      await delay(attempt * WRITE_RETRY_MS);
    }
    throw new ConflictError(
      'links_changed_meanwhile',
      "Another caseworker is changing this case's links right now. Reload and save again. Nothing was stored.",
    );
  }

  /** For one inbox page: how many other cases each case shares a token with (only those with any). */
  async counts(caseIds: readonly string[]): Promise<LinkedCase[]> {
    const key = await this.deps.keys.findCurrent();
    if (key === null) return [];
    const own = await this.deps.links.tokensOfCases(caseIds, key.version);
    const holders = await this.deps.links.holdingAny(
      [...new Set(own.flatMap((links) => links.tokens))],
      key.version,
    );
    return own.flatMap(({ caseId, tokens }) => {
      const mine = new Set(tokens);
      const others = holders.filter(
        (holder) => holder.caseId !== caseId && holder.tokens.some((token) => mine.has(token)),
      ).length;
      return others > 0 ? [{ caseId, shared: others }] : [];
    });
  }

  /**
   * What a rotation must re-key: the retired key's version and every case linked under it or,
   * re-keyed by a rotation cut short, under a successor (any later version). Token sets of older
   * versions go.
   */
  async rotationSet(): Promise<{ keyVersion: number; cases: CaseLinks[] }> {
    const key = await this.deps.keys.findCurrent();
    if (key !== null && !key.retired) {
      await this.deps.links.deleteOutsideKeyVersions(key.version, key.version);
    }
    if (key === null || !key.retired) {
      throw new ConflictError('rotation_not_needed', 'The linking key is not retired.');
    }
    await this.deps.links.deleteOutsideKeyVersions(key.version, key.version + MAX_VERSION_STEP);
    return {
      keyVersion: key.version,
      cases: await this.deps.links.listOfKeyVersionsFrom(key.version),
    };
  }

  /**
   * The retired key's successor `version` waits beside it while every linked case gets its
   * tokens recomputed under the new key; only then does it become current, and every old token
   * set goes. Cut short at any step, the key is still retired and the next rotation starts over
   * from what is stored (rotationSet). The request must name exactly the cases linked: re-keying
   * only some would leave the others readable to whoever holds the old key.
   */
  async rotate(
    actor: Account,
    version: number,
    message: Uint8Array,
    cases: readonly RotatedCase[],
  ): Promise<number> {
    const { keyVersion: retired, cases: linked } = await this.rotationSet();
    if (version <= retired || version > retired + MAX_VERSION_STEP) {
      throw new ConflictError(
        'linking_key_version',
        `The new linking key's version must be above the retired one, by at most ${MAX_VERSION_STEP}. Nothing was stored.`,
      );
    }
    const expected = new Set(linked.map((links) => links.caseId));
    const given = new Set(cases.map((entry) => entry.caseId));
    if (
      given.size !== cases.length ||
      given.size !== expected.size ||
      [...expected].some((caseId) => !given.has(caseId))
    ) {
      throw new ConflictError(
        'rotation_incomplete',
        'A rotation re-keys every linked case exactly once; the cases sent are not those. Reload and rotate again. Nothing was stored.',
      );
    }
    if (cases.some((entry) => entry.tokens.length > 0 && entry.identifiers === null)) {
      throw new ConflictError(
        'link_identifiers_required',
        'Tokens come with their identifiers, encrypted, for the next rotation. Nothing was stored.',
      );
    }
    // An array, never spread: a rotation may name up to 100,000 cases.
    await this.requireNoRemovedRecipient([
      message,
      ...cases.flatMap((entry) => (entry.identifiers === null ? [] : [entry.identifiers])),
    ]);
    await this.audit(
      actor,
      'linking.key_rotated',
      version,
      { version: String(version), cases: String(cases.length) },
      message,
    );
    if (!(await this.deps.keys.beginRotation(retired, version, message))) {
      throw new ConflictError(
        'rotation_not_needed',
        'Another caseworker rotated the linking key first. Nothing was stored.',
      );
    }
    // Security: an offboarding that removed a recipient after the check above and read the key
    // before the successor waited beside it retired only the old version; checked again now
    // that it waits (an offboarding from here on retires the successor too), it never becomes
    // current wrapped for whoever left.
    await this.requireNoRemovedRecipient([message]);
    for (const { caseId, tokens, identifiers } of cases) {
      if (tokens.length === 0 || identifiers === null) await this.deps.links.deleteOfCase(caseId);
      else await this.deps.links.replace({ caseId, tokens, identifiers, keyVersion: version });
    }
    // Last, conditionally: of two dashboards rotating at once, the one whose wrapping waits wins.
    if (!(await this.deps.keys.finishRotation(retired, version, message))) {
      throw new ConflictError(
        'rotation_superseded',
        'Another caseworker started a rotation after this one, which stays unfinished. Reload and rotate again.',
      );
    }
    await this.deps.links.deleteOutsideKeyVersions(version, version);
    return cases.length;
  }

  /** Offboarding: the key may be in the hands of whoever left; no token is made with it again. */
  async retireKey(): Promise<void> {
    await this.deps.keys.retireCurrent();
  }

  /**
   * Audited before the change, keyed by the action, the key version and a digest of what is
   * stored: a retry after a failure appends nothing.
   */
  private async audit(
    actor: Account,
    action: string,
    version: number,
    details: Record<string, string>,
    ...stored: Uint8Array[]
  ): Promise<void> {
    // Each part's length first: parts split differently (a, bc against ab, c) differ.
    const digest = createHash('sha256');
    for (const bytes of stored) digest.update(`${bytes.length}:`).update(bytes);
    await this.deps.audit.record(actorOf(actor), action, details, {
      key: [action, String(version), digest.digest('base64url')].join('\0'),
    });
  }

  private async linkedTo(
    caseId: string,
    tokens: readonly string[],
    keyVersion: number,
  ): Promise<LinkedCase[]> {
    const mine = new Set(tokens);
    return (await this.deps.links.holdingAny(tokens, keyVersion))
      .filter((holder) => holder.caseId !== caseId)
      .map((holder) => ({
        caseId: holder.caseId,
        shared: holder.tokens.filter((token) => mine.has(token)).length,
      }))
      .sort((a, b) => b.shared - a.shared || a.caseId.localeCompare(b.caseId));
  }

  private async requireCase(caseId: string): Promise<void> {
    if ((await this.deps.triage.findCase(caseId)) === null) {
      throw new NotFoundError('case_not_found', 'No such case.');
    }
  }

  /** Every encryption key id of an offboarded caseworker. */
  private async removedKeyIds(): Promise<Set<string>> {
    return new Set(
      (await this.deps.caseworkerKeys.listAllKeys())
        .filter((key) => key.status === 'removed')
        .flatMap((key) => key.encryptionKeyIds),
    );
  }

  /**
   * Security: a key or identifiers wrapped for an offboarded caseworker's key (the directory was
   * not yet published without them) would hand them what the rotation is there to take away.
   * The server cannot decrypt, but it reads whom a message is encrypted to.
   */
  private async requireNoRemovedRecipient(
    messages: readonly Uint8Array[],
    removed?: ReadonlySet<string>,
  ): Promise<void> {
    const removedNow = removed ?? (await this.removedKeyIds());
    for (const message of messages) {
      if ((await recipientsOf(message)).some((keyId) => removedNow.has(keyId))) {
        throw new ConflictError(
          'linking_recipient_removed',
          'This is encrypted to an offboarded caseworker: publish the key directory without them, reload and try again. Nothing was stored.',
        );
      }
    }
  }

  /**
   * Security: a share seals again for colleagues added, never away from one: every recipient of
   * what is stored, but those offboarded, must be a recipient of what replaces it. Otherwise one
   * caseworker could, in one request, seal every case's identifiers (and the key) to themselves.
   */
  private async requireKeepsRecipients(
    stored: Uint8Array,
    next: Uint8Array,
    removed: ReadonlySet<string>,
  ): Promise<void> {
    const kept = new Set(await recipientsOf(next));
    const dropped = (await recipientsOf(stored)).filter(
      (keyId) => !removed.has(keyId) && !kept.has(keyId),
    );
    if (dropped.length > 0) {
      throw new ConflictError(
        'linking_recipients_dropped',
        'This would no longer be encrypted to every colleague it is encrypted to now. Reload and try again. Nothing was stored.',
      );
    }
  }

  private async requireLiveKey(keyVersion: number): Promise<void> {
    const key = await this.deps.keys.findCurrent();
    if (key?.retired) {
      throw new ConflictError(
        'linking_key_retired',
        'The linking key was retired by an offboarding: rotate it before linking. Nothing was stored.',
      );
    }
    if (key === null || key.version !== keyVersion) {
      throw new ConflictError(
        'linking_key_version',
        'These tokens were not made with the current linking key. Reload and link again. Nothing was stored.',
      );
    }
  }
}

/** Whom an encrypted message is encrypted to (key ids); refused when it is not one. */
async function recipientsOf(message: Uint8Array): Promise<readonly string[]> {
  try {
    return (await inspectEncryptedMessage(message)).recipientKeyIds;
  } catch (error) {
    if (!(error instanceof MessageRefusedError)) throw error;
    throw new UnprocessableError(
      'linking_message_invalid',
      'A wrapped key or identifiers must be an encrypted message. Nothing was stored.',
    );
  }
}

function digestOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64url');
}
