/**
 * The inbox is filtered, sorted, paged and counted by the database (cases.repository.ts), from
 * fields derived at every write. Its answers must be exactly what the inbox's rules say, for
 * every filter, sort order and page: the rules are written out here as plain functions over the
 * triage records (the inbox filtered records in memory this way before), and every page the
 * database returns is compared with them, total included.
 */
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { AccountsRepository, AccountsService } from '../../server/features/accounts';
import { AuditLogRepository, AuditLogService } from '../../server/features/audit';
import {
  CASE_OUTCOMES,
  CASE_PRIORITIES,
  CASE_STATUSES,
  CasesRepository,
  TriageService,
  type CaseListQuery,
  type CaseRecord,
} from '../../server/features/cases';
import { SingleUseMarks } from '../../server/platform/single-use';
import { pick, seededRandom, type Random } from '../../scripts/bench/kit/random';
import { connectTestDatabase, dropTestDatabase } from '../helpers/database';

const TODAY = '2026-06-15';
const VIEWER = 'a'.repeat(32);
const COLLEAGUE = 'b'.repeat(32);
const LABELS = ['visa', 'needs-lawyer', 'media'] as const;
type Sort = NonNullable<CaseListQuery['sort']>;

// --- the inbox's rules, over plain records

function matches(record: CaseRecord, query: CaseListQuery): boolean {
  const assigneeId =
    query.assignee === undefined
      ? undefined
      : query.assignee === 'me'
        ? VIEWER
        : query.assignee === 'none'
          ? null
          : query.assignee;
  return (
    (!query.status?.length || query.status.includes(record.status)) &&
    (!query.priority || record.priority === query.priority) &&
    (assigneeId === undefined || record.assigneeId === assigneeId) &&
    (!query.label || record.labels.includes(query.label)) &&
    (!query.overdue ||
      (record.status !== 'closed' && record.deadline !== null && record.deadline < TODAY)) &&
    (!query.receivedFrom || record.receivedOn >= query.receivedFrom) &&
    (!query.receivedTo || record.receivedOn <= query.receivedTo)
  );
}

/** Missing deadlines sort after every real one: the nearest deadline comes first. */
function compareDeadlines(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const rank = (record: CaseRecord): number => CASE_PRIORITIES.indexOf(record.priority);
const SORTS: Record<Sort, (a: CaseRecord, b: CaseRecord) => number> = {
  urgency: (a, b) =>
    rank(a) - rank(b) ||
    compareDeadlines(a.deadline, b.deadline) ||
    compareText(a.receivedOn, b.receivedOn) ||
    compareText(a.caseId, b.caseId),
  deadline: (a, b) =>
    compareDeadlines(a.deadline, b.deadline) ||
    rank(a) - rank(b) ||
    compareText(a.caseId, b.caseId),
  received: (a, b) => compareText(b.receivedOn, a.receivedOn) || compareText(a.caseId, b.caseId),
};

function expectedPage(records: readonly CaseRecord[], query: CaseListQuery) {
  const filtered = records.filter((record) => matches(record, query));
  filtered.sort(SORTS[query.sort ?? 'urgency']);
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 50;
  return {
    ids: filtered.slice((page - 1) * pageSize, page * pageSize).map((record) => record.caseId),
    total: filtered.length,
  };
}

// --- a seeded, repeatable mix of triage records (the benchmarks' deterministic randomness)

const day = (random: Random, month: string): string =>
  `${month}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;

describe('inbox pages from the database', () => {
  let connection: Connection;
  let cases: CasesRepository;
  let triage: TriageService;
  const records = new Map<string, CaseRecord>();

  /** Opens a case and applies one triage change, as intake and the case view do. */
  async function seedCase(random: Random): Promise<void> {
    const caseId = randomBytes(16).toString('hex');
    // Few distinct days, so ties on the received day are common.
    await cases.ensure(
      caseId,
      pick(random, ['2026-05-01', '2026-05-15', '2026-06-01', '2026-06-10']),
    );
    const opened = (await cases.findById(caseId))!;
    const status = pick(random, CASE_STATUSES);
    const changes = {
      status,
      outcome: status === 'closed' ? pick(random, CASE_OUTCOMES) : null,
      closedOn: status === 'closed' ? TODAY : null,
      priority: pick(random, CASE_PRIORITIES),
      deadline: random() < 0.4 ? null : day(random, pick(random, ['2026-06', '2026-07'])),
      assigneeId: pick(random, [VIEWER, COLLEAGUE, null]),
      labels: LABELS.filter(() => random() < 0.35),
    };
    expect(await cases.updateAtRevision(opened, changes)).toBe(true);
    records.set(caseId, { ...opened, ...changes, revision: 1 });
  }

  beforeAll(async () => {
    connection = await connectTestDatabase('inbox-pages');
    cases = new CasesRepository(connection);
    await cases.prepare();
    const marks = new SingleUseMarks(connection);
    const accounts = new AccountsService(
      new AccountsRepository(connection),
      marks,
      () => new Date(),
    );
    const audit = new AuditLogService(new AuditLogRepository(connection));
    triage = new TriageService(cases, accounts, audit, () => new Date(`${TODAY}T12:00:00Z`));
    const random = seededRandom(20_260_615);
    for (let i = 0; i < 80; i++) await seedCase(random);
  });
  afterAll(async () => {
    await dropTestDatabase(connection);
  });

  async function expectSamePage(query: CaseListQuery): Promise<void> {
    const listed = await triage.listCases(query, VIEWER);
    const expected = expectedPage([...records.values()], query);
    expect({ query, ids: listed.records.map((r) => r.caseId), total: listed.total }).toEqual({
      query,
      ...expected,
    });
  }

  const FILTERS: readonly CaseListQuery[] = [
    {},
    { status: ['new'] },
    { status: ['acknowledged', 'in_progress', 'closed'] },
    { status: ['closed'], overdue: '1' },
    { priority: 'urgent' },
    { priority: 'low' },
    { assignee: 'me' },
    { assignee: 'none' },
    { assignee: COLLEAGUE },
    { label: 'visa' },
    { label: 'unknown-label' },
    { overdue: '1' },
    { receivedFrom: '2026-06-01' },
    { receivedTo: '2026-05-31' },
    { receivedFrom: '2026-05-01', receivedTo: '2026-06-01' },
    { assignee: 'me', label: 'visa' },
    { priority: 'high', assignee: 'none', label: 'media' },
    {
      status: ['new', 'in_progress'],
      priority: 'normal',
      overdue: '1',
      receivedFrom: '2026-05-01',
    },
  ];

  test.each(
    FILTERS.flatMap((filter) =>
      (['urgency', 'deadline', 'received'] as const).map((sort) => ({ ...filter, sort })),
    ),
  )(
    'when the inbox asks for %j then the database gives the cases the inbox rules give, in order',
    async (query) => {
      await expectSamePage(query);
    },
  );

  test('when the inbox pages through a long list then every page is the same slice the rules give, and the pages never overlap', async () => {
    for (const sort of ['urgency', 'deadline', 'received'] as const) {
      const seen: string[] = [];
      for (let page = 1; page <= 12; page++) {
        const query: CaseListQuery = { sort, page, pageSize: 7 };
        await expectSamePage(query);
        seen.push(...(await triage.listCases(query, VIEWER)).records.map((r) => r.caseId));
      }
      expect(new Set(seen).size).toBe(records.size);
    }
  });

  test('when random combinations of filters, sorts and pages are asked for then each matches the rules', async () => {
    const random = seededRandom(7);
    for (let i = 0; i < 60; i++) {
      const query: CaseListQuery = {
        ...(random() < 0.5 ? { status: CASE_STATUSES.filter(() => random() < 0.5) } : {}),
        ...(random() < 0.3 ? { priority: pick(random, CASE_PRIORITIES) } : {}),
        ...(random() < 0.3 ? { assignee: pick(random, ['me', 'none', COLLEAGUE] as const) } : {}),
        ...(random() < 0.3 ? { label: pick(random, LABELS) } : {}),
        ...(random() < 0.2 ? { overdue: '1' as const } : {}),
        ...(random() < 0.2 ? { receivedFrom: day(random, '2026-05') } : {}),
        ...(random() < 0.2 ? { receivedTo: day(random, '2026-06') } : {}),
        sort: pick(random, ['urgency', 'deadline', 'received'] as const),
        page: 1 + Math.floor(random() * 3),
        pageSize: 1 + Math.floor(random() * 10),
      };
      await expectSamePage(query);
    }
  });

  test('when a case is triaged again then it leaves the pages of its old values and joins those of its new ones', async () => {
    const [caseId, before] = [...records].find(([, record]) => record.labels.includes('visa'))!;
    const changes = {
      labels: ['media'],
      priority: 'urgent' as const,
      assigneeId: null,
      deadline: '2026-06-01',
    };
    expect(await cases.updateAtRevision(before, changes)).toBe(true);
    records.set(caseId, { ...before, ...changes, revision: before.revision + 1 });
    for (const query of [
      { label: 'visa' },
      { label: 'media', priority: 'urgent', assignee: 'none' },
      { overdue: '1' },
      { sort: 'deadline' },
    ] as CaseListQuery[]) {
      await expectSamePage(query);
    }
  });

  test('when records were stored before the inbox fields existed then start-up adds them and the inbox lists them', async () => {
    const legacy = {
      _id: randomBytes(16).toString('hex'),
      receivedOn: '2026-06-02',
      status: 'in_progress',
      outcome: null,
      priority: 'high',
      priorityRank: 1,
      deadline: '2026-06-10',
      assigneeId: VIEWER,
      labels: ['visa'],
      incidentCategory: null,
      hostCountry: null,
      incidentMonth: null,
      legalHold: false,
      closedOn: null,
    };
    await connection.db!.collection('cases').insertOne(legacy as never);
    await connection
      .db!.collection('cases')
      .createIndex(
        { status: 1, priorityRank: 1, receivedOn: 1 },
        { name: 'status_1_priorityRank_1_receivedOn_1' },
      );
    const { _id, priorityRank: _rank, ...triageFields } = legacy;
    records.set(_id, {
      ...(triageFields as Omit<CaseRecord, 'caseId' | 'revision'>),
      caseId: _id,
      revision: 0,
    });

    await cases.prepare();

    await expectSamePage({ assignee: 'me', label: 'visa', overdue: '1' });
    await expectSamePage({ sort: 'received', pageSize: 100 });
    const names = (await connection.db!.collection('cases').listIndexes().toArray()).map(
      (index) => index['name'] as string,
    );
    expect(names).not.toContain('status_1_priorityRank_1_receivedOn_1');
  });
});
