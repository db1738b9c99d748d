/**
 * Linked cases (SECURITY.md "Linked cases"): the server keeps the wrapped linking key and each
 * case's tokens, and answers which cases share a token. It never sees an identifier or the key,
 * and cannot check either wrapping: every dashboard verifies the key's signature and version
 * before it makes a token. What it enforces is the key's lifecycle: tokens only under the current
 * key, none once an offboarding retired it, and a rotation that re-keys every linked case in one
 * request, after which no token or wrapping of the old key is stored.
 */
import { createHash } from 'node:crypto';
import { ConflictError, NotFoundError, UnprocessableError } from '../../platform/errors';
import { inspectEncryptedMessage, MessageRefusedError } from '../../platform/openpgp';
import type { Account } from '../accounts';
import { caseRefOf, type AuditLogService } from '../audit';
import type { TriageService } from '../cases';
import type { CaseworkerKeysService } from '../caseworkers';
import { actorOf } from '../sign-in';
import type { CaseLinks, CaseLinksRepository } from './case-links.repository';
import type { LinkingKeysRepository, StoredLinkingKey } from './linking-keys.repository';

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
    await this.requireNoRemovedRecipient([message, ...resealed.map((entry) => entry.identifiers)]);
    const current = await this.deps.keys.findCurrent();
    // Audited before the write, keyed by what is stored: a retry after a failure appends nothing.
    if (current === null && version === 1 && resealed.length === 0) {
      await this.audit(actor, 'linking.key_created', 1, { version: '1' }, message);
      if (await this.deps.keys.insertFirst(message)) return { outcome: 'created', changed: [] };
    }
    if (current !== null && current.version === version && !current.retired) {
      await this.audit(
        actor,
        'linking.key_shared',
        version,
        { version: String(version), cases: String(resealed.length) },
        message,
        ...resealed.map((entry) => entry.identifiers),
      );
      const changed = await this.reseal(version, resealed);
      if (await this.deps.keys.replaceWrapping(version, message)) {
        return { outcome: 'shared', changed };
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
   * Each case's identifiers replaced by their new sealing, only where what is stored is what the
   * dashboard read (the digest it names): a colleague's save meanwhile is never overwritten.
   * Answers the cases left as they were.
   */
  private async reseal(version: number, resealed: readonly ResealedCase[]): Promise<string[]> {
    const changed: string[] = [];
    for (const { caseId, previous, identifiers } of resealed) {
      const stored = await this.deps.links.findOfCase(caseId);
      const unchanged =
        stored !== null &&
        stored.keyVersion === version &&
        createHash('sha256').update(stored.identifiers).digest('base64url') === previous &&
        (await this.deps.links.resealIdentifiers(stored, identifiers));
      if (!unchanged) changed.push(caseId);
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
    if (tokens.length === 0 || identifiers === null) {
      await this.deps.links.deleteOfCase(caseId);
    } else {
      await this.deps.links.replace({ caseId, keyVersion, tokens, identifiers });
    }
    return await this.linkedTo(caseId, tokens, keyVersion);
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
   * re-keyed by a rotation cut short, under its successor. Token sets of any other version go.
   */
  async rotationSet(): Promise<{ keyVersion: number; cases: CaseLinks[] }> {
    const key = await this.deps.keys.findCurrent();
    if (key !== null && !key.retired) {
      await this.deps.links.deleteOutsideKeyVersions(key.version, key.version);
    }
    if (key === null || !key.retired) {
      throw new ConflictError('rotation_not_needed', 'The linking key is not retired.');
    }
    const versions = [key.version, key.version + 1];
    await this.deps.links.deleteOutsideKeyVersions(key.version, key.version + 1);
    return { keyVersion: key.version, cases: await this.deps.links.listOfKeyVersions(versions) };
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
    if (version !== retired + 1) {
      throw new ConflictError(
        'linking_key_version',
        'The new linking key must be the retired version plus one. Nothing was stored.',
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
    if (!(await this.deps.keys.beginRotation(retired, message))) {
      throw new ConflictError(
        'rotation_not_needed',
        'Another caseworker rotated the linking key first. Nothing was stored.',
      );
    }
    for (const { caseId, tokens, identifiers } of cases) {
      if (tokens.length === 0 || identifiers === null) await this.deps.links.deleteOfCase(caseId);
      else await this.deps.links.replace({ caseId, tokens, identifiers, keyVersion: version });
    }
    // Last, conditionally: of two dashboards rotating at once, the one whose wrapping waits wins.
    if (!(await this.deps.keys.finishRotation(retired, message))) {
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
    const digest = createHash('sha256');
    for (const bytes of stored) digest.update(bytes);
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

  /**
   * Security: a key or identifiers wrapped for an offboarded caseworker's key (the directory was
   * not yet published without them) would hand them what the rotation is there to take away.
   * The server cannot decrypt, but it reads whom a message is encrypted to.
   */
  private async requireNoRemovedRecipient(messages: readonly Uint8Array[]): Promise<void> {
    const removed = new Set(
      (await this.deps.caseworkerKeys.listAllKeys())
        .filter((key) => key.status === 'removed')
        .flatMap((key) => key.encryptionKeyIds),
    );
    for (const message of messages) {
      let recipients: readonly string[];
      try {
        recipients = (await inspectEncryptedMessage(message)).recipientKeyIds;
      } catch (error) {
        if (!(error instanceof MessageRefusedError)) throw error;
        throw new UnprocessableError(
          'linking_message_invalid',
          'A wrapped key or identifiers must be an encrypted message. Nothing was stored.',
        );
      }
      if (recipients.some((keyId) => removed.has(keyId))) {
        throw new ConflictError(
          'linking_recipient_removed',
          'This is encrypted to an offboarded caseworker: publish the key directory without them, reload and try again. Nothing was stored.',
        );
      }
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
