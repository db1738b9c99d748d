/**
 * Casework: the inbox, the case view, notes and replies, attachment parts, sharing and
 * export — for signed-in caseworkers and admins. The server hands out ciphertext and plaintext
 * triage fields only; decryption happens in the caseworker's browser.
 */
import type { ThreadKind } from '../../../contract/vocabulary';
import { NotFoundError, UnprocessableError } from '../../platform/errors';
import { addRecipient, keyPacketsOf, RecipientSharingError } from '../../platform/openpgp';
import type { Account, AccountsService } from '../accounts';
import type { AttachmentPartsRepository } from '../attachments';
import { caseRefOf, type AuditLogService } from '../audit';
import type { CaseworkerKeysService } from '../caseworkers';
import type {
  CaseExportService,
  CaseMessagesRepository,
  CaseMessagesService,
} from '../case-messages';
import type { CaseReadsRepository } from '../case-reads';
import type { DirectoryService } from '../directory';
import type { ReportRepository } from '../intake';
import type { CiphertextRef, StoredCiphertextService } from '../stored-ciphertext';
import { actorOf } from '../sign-in';
import type { CaseListQuery, CaseRecord, CasesRepository, TriageService } from '../cases';
import { tarOfCaseExport } from './case-tar';
import type { ReplyKeyConfirmationsService } from './reply-key-confirmations.service';

export interface CaseworkDeps {
  readonly triage: TriageService;
  /** The case records' thread fields (addMissingThreadFields). */
  readonly cases: CasesRepository;
  readonly reports: ReportRepository;
  readonly messages: CaseMessagesRepository;
  readonly messagesService: CaseMessagesService;
  readonly attachmentParts: AttachmentPartsRepository;
  /** The stored messages a share rewrites. */
  readonly ciphertext: StoredCiphertextService;
  readonly exports: CaseExportService;
  readonly directory: DirectoryService;
  readonly caseworkerKeys: CaseworkerKeysService;
  readonly accounts: AccountsService;
  readonly audit: AuditLogService;
  readonly replyKeyConfirmations: ReplyKeyConfirmationsService;
  readonly caseReads: CaseReadsRepository;
}

export type ShareTarget = 'report' | 'message' | 'part';

export class CaseworkService {
  constructor(private readonly deps: CaseworkDeps) {}

  /**
   * A page of the inbox: its triage records, then their reports and the viewer's read marks,
   * each in one read by the page's case ids. What is new for the viewer: the report, if they
   * never opened the case; a follow-up, if the reporter wrote after the last message they were
   * shown.
   */
  async listInbox(query: CaseListQuery, viewer: Account) {
    const listed = await this.deps.triage.listCases(query, viewer.id);
    const usernames = await this.usernames();
    const caseIds = listed.records.map((record) => record.caseId);
    const [reports, seen] = await Promise.all([
      this.deps.reports.findMessagesByCaseIds(caseIds),
      this.deps.caseReads.seenOf(viewer.id, caseIds),
    ]);
    return {
      cases: listed.records.map((record) => {
        const report = reports.get(record.caseId);
        return {
          ...this.summaryOf(record, usernames),
          report: report ? Buffer.from(report).toString('base64') : null,
          unseen: unseenOf(record, seen.get(record.caseId)),
          needsReply: record.awaitingReply ?? true,
        };
      }),
      total: listed.total,
      page: listed.page,
      pageSize: listed.pageSize,
    };
  }

  async caseDetail(caseId: string) {
    const record = await this.deps.triage.requireCase(caseId);
    const report = await this.requireReport(caseId);
    const usernames = await this.usernames();
    const thread = await this.deps.messages.listThread(caseId);
    const parts = await this.deps.attachmentParts.listOfCase(caseId);
    const attachments = new Map<string, { index: number; size: number }[]>();
    for (const part of parts) {
      const list = attachments.get(part.attachmentId) ?? [];
      list.push({ index: part.index, size: part.message.length });
      attachments.set(part.attachmentId, list);
    }
    const history = await this.deps.audit.historyOfCase(caseId);
    const confirmation = await this.deps.replyKeyConfirmations.confirmationOf(caseId);
    return {
      case: {
        ...this.summaryOf(record, usernames),
        report: Buffer.from(report.message).toString('base64'),
        messageCount: thread.length,
        attachmentCount: attachments.size,
      },
      replyKey: report.replyKey,
      // A legacy report's reply key as a caseworker confirmed it: dashboards verify the signature.
      replyKeyConfirmation: confirmation && {
        fingerprint: confirmation.fingerprint,
        confirmation: confirmation.confirmation,
        confirmedOn: confirmation.confirmedOn,
        confirmedBy: usernames.get(confirmation.confirmedBy) ?? '',
      },
      thread: thread.map((entry) => ({
        messageId: entry.id,
        seq: entry.seq,
        kind: threadKindOf(entry),
        sentOn: entry.sentOn,
        message: Buffer.from(entry.message).toString('base64'),
      })),
      attachments: [...attachments].map(([attachmentId, list]) => ({
        attachmentId,
        parts: list.sort((a, b) => a.index - b.index),
      })),
      history: history.map((entry) => ({
        at: entry.at.toISOString(),
        actor: actorName(entry.actor, usernames),
        event: entry.event,
        details: Object.fromEntries(
          Object.entries(entry.details).filter(([key]) => key !== 'case'),
        ),
      })),
    };
  }

  /**
   * The viewer was shown the case up to message `seq`: their own mark only, raised, never
   * lowered. A `seq` beyond the thread is refused, so no mark can hide a follow-up still to come.
   * Not audited: it changes nothing of the case and says only what the dashboard displayed.
   * Retention may delete the case between the check and the write: the case is looked up again
   * after the write and, when gone, the mark goes too (retention deletes the marks again after
   * the case record), so no mark outlives its case.
   */
  async markSeen(viewer: Account, caseId: string, seq: number): Promise<{ seenSeq: number }> {
    await this.deps.triage.requireCase(caseId);
    if (seq > (await this.deps.messages.latestSeq(caseId))) {
      throw new UnprocessableError('seq_beyond_thread', 'The case has no message with this seq.');
    }
    const seenSeq = await this.deps.caseReads.markSeen(caseId, viewer.id, seq);
    if (!(await this.deps.triage.findCase(caseId))) {
      await this.deps.caseReads.forget(caseId, viewer.id);
      throw new NotFoundError('case_not_found', 'No such case.');
    }
    return { seenSeq };
  }

  /**
   * At start: the thread fields of case records that lack them (new cases, and records from
   * before they were kept), derived from the thread's seq numbers and authors alone. Safe to run
   * on several instances and beside new messages: each field only moves forward.
   */
  async addMissingThreadFields(): Promise<number> {
    let derived = 0;
    for await (const caseId of this.deps.cases.idsWithoutThreadFields()) {
      const refs = await this.deps.messages.listThreadRefs(caseId);
      for (const ref of refs) await this.deps.cases.recordThreadMessage(caseId, ref);
      // Only notes, or nothing, after the report: the record says so, and is not read again.
      await this.deps.cases.recordEmptyThread(caseId);
      derived++;
    }
    return derived;
  }

  async attachmentPart(caseId: string, attachmentId: string, index: number): Promise<Uint8Array> {
    const part = await this.deps.attachmentParts.find(attachmentId, index);
    if (!part || part.caseId !== caseId) {
      throw new NotFoundError('part_not_found', 'No such attachment part in this case.');
    }
    return part.message;
  }

  /**
   * Notes and replies are audited before they are stored (beforeStore), keyed by the client's
   * message id: a retry after any failure, answered as a replay or not, adds no second entry,
   * and no message is ever stored without one. A try that fails after its entry and is never
   * retried leaves an entry for a message that is not in the thread (SECURITY.md).
   */
  async addNote(actor: Account, caseId: string, message: string, messageId: string) {
    await this.deps.triage.requireCase(caseId);
    return await this.deps.messagesService.addCaseworkerNote(caseId, message, messageId, {
      beforeStore: () => this.recordMessage(actor, 'case.note_added', caseId, messageId),
    });
  }

  async addReply(actor: Account, caseId: string, message: string, messageId: string) {
    await this.deps.triage.requireCase(caseId);
    return await this.deps.messagesService.addCaseworkerReply(caseId, message, messageId, {
      beforeStore: () => this.recordMessage(actor, 'case.reply_sent', caseId, messageId),
    });
  }

  private async recordMessage(
    actor: Account,
    event: 'case.note_added' | 'case.reply_sent',
    caseId: string,
    messageId: string,
  ): Promise<void> {
    await this.deps.audit.record(
      actorOf(actor),
      event,
      { case: caseRefOf(caseId) },
      { key: `${event}\0${caseId}\0${messageId}` },
    );
  }

  /** The directory's caseworkers and whether every message of the case already names them. */
  async access(caseId: string) {
    const messages = (await this.messagesOfCase(caseId)).map((message) => message.recipientKeyIds);
    const directory = await this.deps.directory.getCurrentDirectory();
    const keys = new Map(
      (await this.deps.caseworkerKeys.listAllKeys()).map((key) => [key.fingerprint, key]),
    );
    const usernames = await this.usernames();
    return {
      caseworkers: directory.content.recipients.map((recipient) => {
        const ownerId = keys.get(recipient.fingerprint)?.ownerId ?? null;
        return {
          fingerprint: recipient.fingerprint,
          label: recipient.label,
          owner: ownerId ? (usernames.get(ownerId) ?? null) : null,
          encryptionKeyIds: recipient.encryptionKeyIds,
          publicKey: recipient.publicKey,
          canRead: messages.every((ids) =>
            recipient.encryptionKeyIds.some((keyId) => ids.includes(keyId)),
          ),
        };
      }),
    };
  }

  /** Only the PKESK packets of every message of the case: enough to re-wrap, nothing more. */
  async keyPackets(caseId: string) {
    const report = await this.requireReport(caseId);
    const thread = await this.deps.messages.listThread(caseId);
    const parts = await this.deps.attachmentParts.listOfCase(caseId);
    const items: { target: ShareTarget; id: string; pkesks: string }[] = [
      { target: 'report', id: caseId, pkesks: await base64KeyPackets(report.message) },
    ];
    for (const entry of thread) {
      items.push({
        target: 'message',
        id: entry.id,
        pkesks: await base64KeyPackets(entry.message),
      });
    }
    for (const part of parts) {
      items.push({
        target: 'part',
        id: `${part.attachmentId}:${part.index}`,
        pkesks: await base64KeyPackets(part.message),
      });
    }
    return { items };
  }

  /**
   * Gives a vetted caseworker access: each uploaded packet is inserted into its message after the
   * existing key packets, if it names the target's encryption key. Bodies are never touched.
   *
   * Audited once, before the first packet is written (a share writes one message at a time and
   * may fail between two). Every packet is checked first, so a refused share writes no entry.
   * The entry's key is the access the colleague has once the share is done: the messages they
   * could already read plus those this share adds. A retry after a failure halfway uploads only
   * the packets still missing, reaches the same access and so adds no entry; sharing again after
   * new messages arrived reaches more and is a new entry.
   */
  async share(
    actor: Account,
    caseId: string,
    fingerprint: string,
    packets: readonly { target: ShareTarget; id: string; pkesk: Uint8Array }[],
  ): Promise<{ added: number }> {
    await this.requireReport(caseId);
    const directory = await this.deps.directory.getCurrentDirectory();
    const recipient = directory.content.recipients.find(
      (candidate) => candidate.fingerprint === fingerprint.toLowerCase(),
    );
    if (!recipient) {
      throw new UnprocessableError(
        'not_a_caseworker',
        'Only a caseworker in the current directory can be given access.',
      );
    }
    const allowed = new Set(recipient.encryptionKeyIds);
    const toAdd = [];
    for (const packet of packets) {
      if (await this.wouldAddPacket(caseId, packet, allowed)) toAdd.push(packet);
    }
    if (toAdd.length === 0) return { added: 0 };
    const readableAfter = new Set(toAdd.map(targetKeyOf));
    for (const message of await this.messagesOfCase(caseId)) {
      if (message.recipientKeyIds.some((keyId) => allowed.has(keyId))) {
        readableAfter.add(targetKeyOf(message));
      }
    }
    await this.deps.audit.record(
      actorOf(actor),
      'case.shared',
      { case: caseRefOf(caseId), with: recipient.fingerprint, packets: String(toAdd.length) },
      {
        key: ['case.shared', caseId, recipient.fingerprint, ...[...readableAfter].sort()].join(
          '\0',
        ),
      },
    );
    let added = 0;
    for (const packet of toAdd) {
      if (await this.addPacket(caseId, packet, allowed)) added++;
    }
    return { added };
  }

  async exportTar(actor: Account, caseId: string): Promise<Buffer> {
    const exported = await this.deps.exports.exportCase(caseId);
    await this.deps.audit.record(actorOf(actor), 'case.exported', { case: caseRefOf(caseId) });
    return await tarOfCaseExport(exported);
  }

  // --- internals

  /** Whether a packet would be added (false: already a recipient); refuses a bad one (422). */
  private async wouldAddPacket(
    caseId: string,
    packet: { target: ShareTarget; id: string; pkesk: Uint8Array },
    allowed: ReadonlySet<string>,
  ): Promise<boolean> {
    const current = await this.loadMessage(caseId, packet.target, packet.id);
    return (await withRecipient(current, packet.pkesk, allowed)) !== null;
  }

  /** Every stored message of the case, named as share targets, with the key ids it names. */
  private async messagesOfCase(
    caseId: string,
  ): Promise<{ target: ShareTarget; id: string; recipientKeyIds: readonly string[] }[]> {
    const report = await this.requireReport(caseId);
    const thread = await this.deps.messages.listThread(caseId);
    const parts = await this.deps.attachmentParts.listOfCase(caseId);
    return [
      { target: 'report', id: caseId, recipientKeyIds: report.recipientKeyIds },
      ...thread.map((entry) => ({
        target: 'message' as const,
        id: entry.id,
        recipientKeyIds: entry.recipientKeyIds,
      })),
      ...parts.map((part) => ({
        target: 'part' as const,
        id: `${part.attachmentId}:${part.index}`,
        recipientKeyIds: part.recipientKeyIds,
      })),
    ];
  }

  /** Adds the packet through the one rewrite-if-unchanged (stored-ciphertext); false: already there. */
  private async addPacket(
    caseId: string,
    packet: { target: ShareTarget; id: string; pkesk: Uint8Array },
    allowed: ReadonlySet<string>,
  ): Promise<boolean> {
    const settled = await this.deps.ciphertext.rewrite(
      refOfTarget(caseId, packet.target, packet.id),
      async (stored) => {
        if (stored.caseId !== caseId) throw messageNotFound();
        const next = await withRecipient(stored.message, packet.pkesk, allowed);
        return next && { message: next.bytes, recipientKeyIds: next.recipientKeyIds, detail: true };
      },
    );
    if (settled.kind === 'gone') throw messageNotFound();
    if (settled.kind === 'kept-changing') {
      throw new UnprocessableError('share_conflict', 'The case changed while sharing. Try again.');
    }
    return settled.kind === 'rewritten';
  }

  private async loadMessage(caseId: string, target: ShareTarget, id: string): Promise<Uint8Array> {
    const stored = await this.deps.ciphertext.read(refOfTarget(caseId, target, id));
    if (!stored || stored.caseId !== caseId) throw messageNotFound();
    return stored.message;
  }

  private async requireReport(caseId: string) {
    const report = await this.deps.reports.findByCaseId(caseId);
    if (!report) throw new NotFoundError('case_not_found', 'No such case.');
    return report;
  }

  private summaryOf(record: CaseRecord, usernames: ReadonlyMap<string, string>) {
    return {
      caseId: record.caseId,
      receivedOn: record.receivedOn,
      status: record.status,
      outcome: record.outcome,
      priority: record.priority,
      deadline: record.deadline,
      overdue: this.deps.triage.isOverdue(record),
      assignee: record.assigneeId
        ? { id: record.assigneeId, username: usernames.get(record.assigneeId) ?? '' }
        : null,
      labels: record.labels,
      codes: {
        incidentCategory: record.incidentCategory,
        hostCountry: record.hostCountry,
        month: record.incidentMonth,
      },
      legalHold: record.legalHold,
      closedOn: record.closedOn,
    };
  }

  private async usernames(): Promise<Map<string, string>> {
    return new Map((await this.deps.accounts.listAccounts()).map((a) => [a.id, a.username]));
  }
}

/** The message with the packet added; null when it already names the key; a bad packet is 422. */
async function withRecipient(
  current: Uint8Array,
  pkesk: Uint8Array,
  allowed: ReadonlySet<string>,
): Promise<Awaited<ReturnType<typeof addRecipient>> | null> {
  try {
    return await addRecipient(current, pkesk, allowed);
  } catch (error) {
    if (!(error instanceof RecipientSharingError)) throw error;
    if (error.code === 'already_a_recipient') return null;
    throw new UnprocessableError(error.code, error.message);
  }
}

/**
 * The stored message a share target of this case names; 404 for one that cannot be the case's (a
 * report id other than the case's, a part id that is not `<attachmentId>:<index>`).
 */
function refOfTarget(caseId: string, target: ShareTarget, id: string): CiphertextRef {
  if (target === 'report') {
    if (id !== caseId) throw messageNotFound();
    return { kind: 'report', caseId };
  }
  if (target === 'message') return { kind: 'caseMessage', id };
  const [attachmentId = '', index = ''] = id.split(':');
  if (!/^\d{1,3}$/.test(index)) throw messageNotFound();
  return { kind: 'attachmentPart', attachmentId, index: Number(index) };
}

function messageNotFound(): NotFoundError {
  return new NotFoundError('message_not_found', 'No such message in this case.');
}

function targetKeyOf(message: { target: ShareTarget; id: string }): string {
  return `${message.target}:${message.id}`;
}

/** What is new in the case for a caseworker whose mark is `seenSeq` (undefined: never opened). */
function unseenOf(record: CaseRecord, seenSeq: number | undefined): 'report' | 'follow-up' | null {
  if (seenSeq === undefined) return 'report';
  return (record.followUpSeq ?? 0) > seenSeq ? 'follow-up' : null;
}

/** Who wrote a thread entry, as the dashboard names it. */
function threadKindOf(entry: { author: string; internal: boolean }): ThreadKind {
  return entry.author === 'reporter' ? 'follow-up' : entry.internal ? 'note' : 'reply';
}

function actorName(actor: string, usernames: ReadonlyMap<string, string>): string {
  return actor.startsWith('account:') ? (usernames.get(actor.slice(8)) ?? actor) : actor;
}

async function base64KeyPackets(message: Uint8Array): Promise<string> {
  return Buffer.from(await keyPacketsOf(message)).toString('base64');
}
