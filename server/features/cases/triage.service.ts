/**
 * Triage: status with outcome, priority, deadline, assignment, labels, legal
 * hold and the statistics codes. Every change of a field is one audit entry naming the case by
 * its reference, the field, and the old and new values; the case history is read from there.
 *
 * Audited before it is applied, so no change is ever stored without its entries. Each entry is
 * keyed by the case, the record's revision, the field and the new value: a retry of a change
 * that was not applied finds the record at the same revision and appends nothing; once applied
 * the revision moves on, so the next change, even back to an earlier value, is a new entry.
 */
import { dayOf } from '../../platform/days';
import { ConflictError, NotFoundError, UnprocessableError } from '../../platform/errors';
import type { AccountsService } from '../accounts';
import { caseRefOf, type AuditLogService } from '../audit';
import type {
  CaseChanges,
  CaseRecord,
  CasesRepository,
  CodedCaseCount,
  InboxPageQuery,
} from './cases.repository';
import { CASE_STATUSES } from './triage-codes';
import type { CaseListQuery, TriageChange } from './triage.schema';

export const DEFAULT_PAGE_SIZE = 50;

export class TriageService {
  constructor(
    private readonly cases: CasesRepository,
    private readonly accounts: AccountsService,
    private readonly audit: AuditLogService,
    private readonly clock: () => Date,
  ) {}

  /** Called by intake for every stored (or replayed) report; true when it opened the case now. */
  async openCase(caseId: string, receivedOn: string): Promise<boolean> {
    return await this.cases.ensure(caseId, receivedOn);
  }

  async requireCase(caseId: string): Promise<CaseRecord> {
    const record = await this.cases.findById(caseId);
    if (!record) throw new NotFoundError('case_not_found', 'No such case.');
    return record;
  }

  /** For statistics: counts per combination of codes (cases.repository.ts countCodedCases). */
  async countCodedCases(fromMonth: string, toMonth: string): Promise<CodedCaseCount[]> {
    return await this.cases.countCodedCases(fromMonth, toMonth);
  }

  async findCase(caseId: string): Promise<CaseRecord | null> {
    return await this.cases.findById(caseId);
  }

  /**
   * A page of the inbox, filtered, sorted and counted by the database (cases.repository.ts). The
   * sort orders, each ending in the case id so pages never overlap:
   * - urgency: priority (urgent first), then the nearest deadline (none last), then the oldest
   *   report;
   * - deadline: the nearest deadline (none last), then priority;
   * - received: the newest report first.
   * Overdue: not closed, with a deadline before today.
   */
  async listCases(
    query: CaseListQuery,
    viewerId: string,
  ): Promise<{ records: CaseRecord[]; total: number; page: number; pageSize: number }> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const statuses = query.status?.length ? query.status : CASE_STATUSES;
    const pageQuery: InboxPageQuery = {
      statuses: query.overdue ? statuses.filter((status) => status !== 'closed') : statuses,
      ...(query.priority === undefined ? {} : { priority: query.priority }),
      ...(query.assignee === undefined
        ? {}
        : {
            assigneeId:
              query.assignee === 'me'
                ? viewerId
                : query.assignee === 'none'
                  ? null
                  : query.assignee,
          }),
      ...(query.label === undefined ? {} : { label: query.label }),
      ...(query.overdue ? { deadlineBefore: this.today() } : {}),
      ...(query.receivedFrom === undefined ? {} : { receivedFrom: query.receivedFrom }),
      ...(query.receivedTo === undefined ? {} : { receivedTo: query.receivedTo }),
      ...(query.needsReply ? { awaitingReply: true as const } : {}),
      sort: query.sort ?? 'urgency',
      skip: (page - 1) * pageSize,
      limit: pageSize,
    };
    const { records, total } = await this.cases.listInboxPage(pageQuery);
    return { records, total, page, pageSize };
  }

  isOverdue(record: CaseRecord): boolean {
    return record.status !== 'closed' && record.deadline !== null && record.deadline < this.today();
  }

  /** Applies the fields that differ; closing needs an outcome; reopening clears it. */
  async changeTriage(actor: string, caseId: string, change: TriageChange): Promise<CaseRecord> {
    const current = await this.requireCase(caseId);
    const next: CaseChanges = {};
    for (const [field, value] of Object.entries(change) as [keyof TriageChange, unknown][]) {
      if (value === undefined) continue;
      const old = (current as unknown as Record<string, unknown>)[field];
      if (JSON.stringify(old) !== JSON.stringify(value))
        (next as Record<string, unknown>)[field] = value;
    }
    const status = next.status ?? current.status;
    const outcome = next.outcome !== undefined ? next.outcome : current.outcome;
    if (status === 'closed') {
      if (!outcome) {
        throw new UnprocessableError('outcome_required', 'Choose an outcome to close a case.');
      }
      if (current.status !== 'closed') next.closedOn = this.today();
    } else {
      if (next.outcome) {
        throw new UnprocessableError(
          'outcome_only_when_closed',
          'Only a closed case has an outcome.',
        );
      }
      if (current.status === 'closed') {
        next.closedOn = null;
        if (current.outcome !== null) next.outcome = null;
      }
    }
    if (next.assigneeId) await this.requireAssignable(next.assigneeId);
    if (next.labels) next.labels = [...new Set(next.labels)];
    if (Object.keys(next).length === 0) return current;
    for (const [field, value] of Object.entries(next)) {
      if (field === 'closedOn') continue;
      await this.audit.record(
        actor,
        'case.triage_changed',
        {
          case: caseRefOf(caseId),
          field,
          from: describe((current as unknown as Record<string, unknown>)[field]),
          to: describe(value),
        },
        {
          key: ['case.triage_changed', caseId, current.revision, field, JSON.stringify(value)].join(
            '\0',
          ),
        },
      );
    }
    if (!(await this.cases.updateAtRevision(current, next))) {
      throw new ConflictError(
        'case_changed',
        'Someone else changed this case at the same moment. Reload it and make your change again.',
      );
    }
    return { ...current, ...next, revision: current.revision + 1 };
  }

  private async requireAssignable(accountId: string): Promise<void> {
    const account = await this.accounts.findById(accountId);
    if (!account || account.status !== 'active' || account.role === 'analyst') {
      throw new UnprocessableError(
        'assignee_invalid',
        'Cases can be assigned to active caseworkers and admins only.',
      );
    }
  }

  private today(): string {
    return dayOf(this.clock());
  }
}

/** Triage values are strings, booleans, string arrays or null; the audit log keeps them as text. */
function describe(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join(', ');
  return typeof value === 'string' ? value : JSON.stringify(value);
}
