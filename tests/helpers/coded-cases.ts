/**
 * Triage records with statistics codes, written straight into the `cases` collection: the
 * statistics tests need many coded cases, not the reports behind them.
 */
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';

export interface CodedCase {
  month: string;
  category: string | null; // null: not coded yet, never counted
  country: string;
  outcome?: string | null; // a closed case's outcome; absent or null = open
}

export async function seedCodedCases(
  connection: Connection,
  cases: readonly CodedCase[],
): Promise<void> {
  const documents = cases.map((c) => ({
    _id: randomBytes(16).toString('hex'),
    receivedOn: `${c.month}-15`,
    status: c.outcome ? 'closed' : 'in_progress',
    outcome: c.outcome ?? null,
    priority: 'normal',
    priorityRank: 2,
    deadline: null,
    assigneeId: null,
    labels: [],
    incidentCategory: c.category,
    hostCountry: c.country,
    incidentMonth: c.month,
    legalHold: false,
    closedOn: c.outcome ? `${c.month}-28` : null,
  }));
  for (let i = 0; i < documents.length; i += 1000) {
    await connection.db!.collection('cases').insertMany(documents.slice(i, i + 1000) as never[]);
  }
}

/** `count` copies of one coded case. */
export function times(count: number, c: CodedCase): CodedCase[] {
  return Array.from({ length: count }, () => ({ ...c }));
}
