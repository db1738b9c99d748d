/**
 * What a backup taken while the service runs can hold, and how `backup:restore` makes the
 * restored database whole before anyone uses it.
 *
 * `backup:create` reads one collection after the other, never the whole database at one instant:
 * FerretDB reads each collection as of the moment its read starts, MongoDB sees every document
 * that exists for the whole of its collection's read (and maybe some written during it). So a
 * report accepted while the backup ran may be in one collection and not in another. Collections
 * are read in DUMP_ORDER_LAST's order, each before the collections it refers to; the service
 * always writes what is referred to first (a report before its case record, its follow-ups and
 * its attachment parts; an upload's room before its part; an audit entry before the staff action
 * it records). What a write in progress can therefore leave in a backup is only:
 *   - a report without its case record (accepted after the case records were read);
 *   - room reserved for an attachment part that is not in the backup (claimed before the
 *     reservations were read, stored after the parts were);
 *   - an audit entry for an action the backup does not show (the log is read last).
 * Retention records a deletion, then deletes a case's parts, thread and report, and its case
 * record last; so a deletion in progress can leave a case the log already records as deleted
 * (whole, or without its report), or parts and follow-ups without their report.
 *
 * The repair: a closed case the restored log records as deleted (with the day it was closed) is
 * deleted; a case record without its report is a deletion under way, finished and audited;
 * documents of a case without a report are deleted; a report without a case record gets the
 * record intake would have opened (status new); reserved room that no stored part uses is given
 * back. The audit chain needs nothing: it is read last and only ever appended to, so a backup
 * holds a prefix of it.
 */
import type { Db } from 'mongodb';
import type { Connection } from 'mongoose';
import type { AttachmentPartsRepository } from '../../server/features/attachments';
import { caseRefOf } from '../../server/features/audit';
import { buildCoreServices } from '../../server/services';

/** Collections whose documents belong to one case, and the field that names it. */
const CASE_OWNED = {
  attachment_parts: 'caseId',
  attachment_owners: 'caseId',
  attachment_reservations: 'caseId',
  case_messages: 'caseId',
  case_reads: 'caseId',
  reply_key_confirmations: '_id',
} as const;

/**
 * Read last, in this order, after every other collection (by name): each collection before the
 * ones it refers to. A part names its room and its attachment's owner; anything of a case names
 * the case, a case its report and assignee, a report its directory version, a directory the
 * caseworker keys, a key its account; the audit log is last (see above).
 */
export const DUMP_ORDER_LAST: readonly string[] = [
  ...Object.keys(CASE_OWNED),
  'cases',
  'reports',
  'recipient_directories',
  'caseworker_keys',
  'accounts',
  'audit_log',
];

export interface RestoreRepair {
  /** Cases the restored audit log records as deleted (deleted again). */
  readonly deletedAsLogged: number;
  /** Case records without their report: deletions in progress, finished and audited. */
  readonly deletionsFinished: number;
  /** Documents of cases without a report, per collection. */
  readonly orphansDeleted: Readonly<Record<string, number>>;
  /** Reports that arrived while the backup ran, given the case record intake opens. */
  readonly caseRecordsOpened: number;
  /** Attachment room no stored part uses. */
  readonly reservationsReleased: number;
}

export async function repairRestoredDatabase(
  connection: Connection,
  db: Db,
): Promise<RestoreRepair> {
  const { audit, repositories } = buildCoreServices({ connection });
  const { cases } = repositories;

  // Retention records `case.deleted` (case reference, the day the case was closed) before it
  // deletes anything: a closed case the log names with that very day was being deleted.
  const loggedDeletions = new Set<string>();
  for await (const entry of db
    .collection<{ details: { case?: string; closedOn?: string } }>('audit_log')
    .find({ event: 'case.deleted' }, { projection: { details: 1 } })) {
    loggedDeletions.add(`${entry.details.case ?? ''} ${entry.details.closedOn ?? ''}`);
  }
  const reportDays = new Map<string, string>();
  for await (const report of db
    .collection<{ _id: string; receivedOn: string }>('reports')
    .find({}, { projection: { _id: 1, receivedOn: 1 } })) {
    reportDays.set(report._id, report.receivedOn);
  }
  const caseRecords = await db
    .collection<{ _id: string; status: string; legalHold: boolean; closedOn: string | null }>(
      'cases',
    )
    .find({}, { projection: { _id: 1, status: 1, legalHold: 1, closedOn: 1 } })
    .toArray();

  // Deleted as the log says: the report and record go; their documents go with the orphans below.
  // A case reopened since (or closed again on another day) is not what the entry deleted.
  const deletedAsLogged = new Set(
    caseRecords
      .filter(
        (record) =>
          record.status === 'closed' &&
          !record.legalHold &&
          loggedDeletions.has(`${caseRefOf(record._id)} ${record.closedOn ?? ''}`),
      )
      .map((record) => record._id),
  );
  if (deletedAsLogged.size > 0) {
    const ids = { _id: { $in: [...deletedAsLogged] } };
    await db.collection<{ _id: string }>('reports').deleteMany(ids);
    await db.collection<{ _id: string }>('cases').deleteMany(ids);
    for (const caseId of deletedAsLogged) reportDays.delete(caseId);
  }

  // Only retention deletes a report, and the case record last: a record without its report is
  // a deletion under way that the log does not show (a backup made before retention audited first).
  let deletionsFinished = 0;
  for (const record of caseRecords) {
    if (reportDays.has(record._id) || deletedAsLogged.has(record._id)) continue;
    await cases.delete(record._id);
    await audit.record('admin-cli', 'case.deleted', {
      case: caseRefOf(record._id),
      closedOn: record.closedOn ?? '',
      reason: 'its deletion was under way when the backup was made',
    });
    deletionsFinished++;
  }

  const orphansDeleted: Record<string, number> = {};
  for (const [name, field] of Object.entries(CASE_OWNED)) {
    const named = (await db.collection(name).distinct(field)).map(String);
    const orphaned = named.filter((caseId) => !reportDays.has(caseId));
    if (orphaned.length === 0) continue;
    const result = await db.collection(name).deleteMany({ [field]: { $in: orphaned } });
    orphansDeleted[name] = result.deletedCount;
  }

  const withRecord = new Set(caseRecords.map((record) => record._id));
  let caseRecordsOpened = 0;
  for (const [caseId, receivedOn] of reportDays) {
    if (withRecord.has(caseId)) continue;
    await cases.ensure(caseId, receivedOn);
    caseRecordsOpened++;
  }

  const reservationsReleased = await releaseUnusedRoom(repositories.attachmentParts, db);
  return {
    deletedAsLogged: deletedAsLogged.size,
    deletionsFinished,
    orphansDeleted,
    caseRecordsOpened,
    reservationsReleased,
  };
}

/**
 * Room held by an upload attempt that stored no part (`bytes`) or for an attachment without a
 * part (`files`): in a running service the allowance sweep gives it back after a day; a restored
 * database has no upload in progress, so all of it goes now.
 */
async function releaseUnusedRoom(parts: AttachmentPartsRepository, db: Db): Promise<number> {
  const reservations = db.collection<{ _id: string; kind: string; holder: string }>(
    'attachment_reservations',
  );
  let released = 0;
  for (const kind of ['bytes', 'files'] as const) {
    const holders = (await reservations.distinct('holder', { kind })).map(String);
    if (holders.length === 0) continue;
    const used =
      kind === 'bytes'
        ? await parts.reservationsStored(holders)
        : await parts.attachmentsStored(holders);
    const unused = holders.filter((holder) => !used.has(holder));
    if (unused.length === 0) continue;
    released += (await reservations.deleteMany({ kind, holder: { $in: unused } })).deletedCount;
  }
  return released;
}

export function describeRepair(repair: RestoreRepair): string[] {
  const orphans = Object.entries(repair.orphansDeleted)
    .map(([name, count]) => `${count} in ${name}`)
    .join(', ');
  return [
    `${repair.caseRecordsOpened} case record(s) opened for reports that arrived while the backup ran`,
    `${repair.deletedAsLogged} case(s) deleted again as the audit log records`,
    `${repair.deletionsFinished} deletion(s) under way during the backup finished (audited)`,
    `${orphans || 'no'} document(s) of deleted cases removed`,
    `${repair.reservationsReleased} unused attachment reservation(s) released`,
  ];
}
