/**
 * What a restored database must be before anyone uses it, whatever the backup caught mid-write:
 * every report has its case record and every case record its report; nothing of a case (thread,
 * parts, reserved room, attachment owners, reply key confirmation, read marks) outlives its report; all
 * reserved attachment room is used by a stored part. Read straight from the database.
 */
import { MongoClient } from 'mongodb';

/** Where a case's own documents name it (written out here, apart from the code under test). */
const OF_A_CASE: readonly (readonly [collection: string, field: string])[] = [
  ['attachment_parts', 'caseId'],
  ['attachment_reservations', 'caseId'],
  ['attachment_owners', 'caseId'],
  ['case_messages', 'caseId'],
  ['case_reads', 'caseId'],
  ['reply_key_confirmations', '_id'],
];

export interface Consistency {
  readonly reports: number;
  readonly problems: readonly string[];
}

export async function checkConsistency(databaseUri: string): Promise<Consistency> {
  const client = await MongoClient.connect(databaseUri);
  try {
    const db = client.db();
    const ids = async (collection: string, field = '_id'): Promise<Set<string>> =>
      new Set((await db.collection(collection).distinct(field)).map(String));
    const reports = await ids('reports');
    const cases = await ids('cases');
    const problems: string[] = [];
    const count = (what: string, items: readonly unknown[]): void => {
      if (items.length > 0) problems.push(`${items.length} ${what}`);
    };
    count(
      'report(s) without a case record',
      [...reports].filter((id) => !cases.has(id)),
    );
    count(
      'case record(s) without a report',
      [...cases].filter((id) => !reports.has(id)),
    );
    for (const [collection, field] of OF_A_CASE) {
      const named = await ids(collection, field);
      count(
        `case(s) without a report named in ${collection}`,
        [...named].filter((id) => !reports.has(id)),
      );
    }
    const reservations = db.collection<{ kind: string; holder: string }>('attachment_reservations');
    const byteHolders = (await reservations.distinct('holder', { kind: 'bytes' })).map(String);
    const fileHolders = (await reservations.distinct('holder', { kind: 'files' })).map(String);
    const storedAttempts = await ids('attachment_parts', 'reservation');
    const storedAttachments = await ids('attachment_parts', 'attachmentId');
    count(
      'byte reservation holder(s) without a stored part',
      byteHolders.filter((h) => !storedAttempts.has(h)),
    );
    count(
      'attachment reservation(s) without a stored part',
      fileHolders.filter((h) => !storedAttachments.has(h)),
    );
    return { reports: reports.size, problems };
  } finally {
    await client.close();
  }
}
