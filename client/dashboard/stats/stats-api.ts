/**
 * The statistics routes of the staff API (docs/staff-api.md "Statistics (issue 6)"), typed and
 * read defensively: the server is trusted for numbers, not for shape. A table whose cells do
 * not match its rows and columns is refused as a whole rather than drawn wrong. Calls go through
 * the dashboard's StaffApiClient, which adds the CSRF token and handles session expiry.
 */
import type { ApiOutcome, StaffApiClient } from '../session/api-client';

export const STATS_COLUMNS = ['category', 'country', 'outcome'] as const;
export type StatsColumns = (typeof STATS_COLUMNS)[number];
export const PERIOD_UNITS = ['month', 'quarter'] as const;
export type PeriodUnit = (typeof PERIOD_UNITS)[number];
export const AUDIENCES = ['public', 'partner'] as const;
export type Audience = (typeof AUDIENCES)[number];

export const STATS_MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
export const COUNTRY_CODE_PATTERN = /^[A-Z]{2}$/;

/** Only cases in one host country; for category or outcome columns only. */
export interface StatsFilter {
  readonly country: string;
}

/** The table request (`StatsRequest`), as sent. Absent optional fields use the server's defaults. */
export interface StatsRequest {
  readonly columns: StatsColumns;
  readonly periodUnit: PeriodUnit;
  readonly from: string;
  readonly to: string;
  readonly filter?: StatsFilter;
  readonly audience: Audience;
  /** A registered partner's id (from the options), for and only for a partner release. */
  readonly partnerId?: string;
  readonly k?: number;
  readonly roundingBase?: number;
  readonly epsilon?: number;
}

/** A partner organisation an administrator registered; releases name it by id. */
export interface StatsPartner {
  readonly id: string;
  readonly name: string;
}

export interface StatsOptions {
  readonly audiences: Readonly<Record<Audience, { readonly k: number }>>;
  readonly partners: readonly StatsPartner[];
  /** The configured rounding base: the smallest the server accepts. */
  readonly roundingBase: number;
  readonly epsilonBudget: number;
  readonly categories: readonly string[];
  readonly outcomes: readonly string[];
  readonly columns: readonly StatsColumns[];
}

export interface StatsHeader {
  readonly key: string;
  readonly label: string;
}

/** `null` is a suppressed value. */
export type StatsValue = number | null;

export interface StatsTable {
  readonly unit: PeriodUnit;
  readonly rows: readonly StatsHeader[];
  readonly columns: readonly StatsHeader[];
  readonly cells: readonly (readonly StatsValue[])[];
  readonly rowTotals: readonly StatsValue[];
  readonly columnTotals: readonly StatsValue[];
  readonly grandTotal: StatsValue;
}

export interface StatsRisk {
  readonly k: number;
  readonly roundingBase: number;
  readonly epsilon: number | null;
  readonly cellsPublished: number;
  readonly cellsSuppressed: number;
  readonly totalsSuppressed: number;
  readonly smallestPublished: number | null;
  readonly casesCounted: number;
  readonly earlierReleasesConsidered: number;
  readonly epsilonSpent: number;
  readonly epsilonBudget: number;
  readonly budgetExceeded: boolean;
}

export interface StatsPreview {
  readonly table: StatsTable;
  readonly risk: StatsRisk;
}

export type ReleaseFormat = 'csv' | 'json' | 'svg';

export interface ReleaseFile {
  readonly format: ReleaseFormat;
  /** What the file holds: the table (CSV, JSON), the bar chart or the timeline (SVG). */
  readonly part: 'table' | 'chart' | 'timeline';
  /** The file's text, as the server wrote (and hashed) it. */
  readonly text: string;
  /** Lower-case hex SHA-256 of the file. */
  readonly sha256: string;
}

export interface StatsRelease extends StatsPreview {
  readonly id: string;
  readonly createdAt: string;
  /** CSV, JSON and the SVG chart; the SVG timeline too when the server sends one. */
  readonly files: readonly ReleaseFile[];
}

/** One line of the release ledger: what was released, when, by whom. */
export interface LedgerEntry {
  readonly id: string;
  readonly createdAt: string;
  readonly actor: string;
  readonly columns: string;
  readonly periodUnit: string;
  readonly from: string;
  readonly to: string;
  readonly audience: string;
  readonly partner: string | null;
  /** null for a partner release named by free text before partners were registered. */
  readonly partnerId: string | null;
  readonly epsilon: number | null;
}

type Record_ = Record<string, unknown>;

function record(value: unknown): Record_ {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record_)
    : {};
}

function list(value: unknown): readonly unknown[] | null {
  return Array.isArray(value) ? value : null;
}

function oneOf<T extends string>(values: readonly T[], value: unknown): T | undefined {
  return values.find((candidate) => candidate === value);
}

function count(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null;
}

function positive(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** A published count or null (suppressed); undefined when it is neither (a malformed answer). */
function statsValue(value: unknown): StatsValue | undefined {
  if (value === null) return null;
  return count(value) ?? undefined;
}

function values(value: unknown, length: number): StatsValue[] | null {
  const items = list(value);
  if (!items || items.length !== length) return null;
  const read = items.map(statsValue);
  return read.every((item): item is StatsValue => item !== undefined) ? read : null;
}

function headers(value: unknown): StatsHeader[] | null {
  const items = list(value);
  if (!items) return null;
  const read = items.map((item) => {
    const entry = record(item);
    return typeof entry['key'] === 'string'
      ? { key: entry['key'], label: text(entry['label']) || entry['key'] }
      : null;
  });
  return read.every((item): item is StatsHeader => item !== null) ? read : null;
}

export function readStatsTable(value: unknown): StatsTable | null {
  const table = record(value);
  const unit = oneOf(PERIOD_UNITS, table['unit']);
  const rows = headers(table['rows']);
  const columns = headers(table['columns']);
  if (!unit || !rows || !columns) return null;
  const cellRows = list(table['cells']);
  if (!cellRows || cellRows.length !== rows.length) return null;
  const cells: StatsValue[][] = [];
  for (const row of cellRows) {
    const read = values(row, columns.length);
    if (!read) return null;
    cells.push(read);
  }
  const rowTotals = values(table['rowTotals'], rows.length);
  const columnTotals = values(table['columnTotals'], columns.length);
  const grandTotal = statsValue(table['grandTotal']);
  if (!rowTotals || !columnTotals || grandTotal === undefined) return null;
  return { unit, rows, columns, cells, rowTotals, columnTotals, grandTotal };
}

export function readStatsRisk(value: unknown): StatsRisk | null {
  const risk = record(value);
  const k = count(risk['k']);
  const roundingBase = count(risk['roundingBase']);
  const epsilonSpent = positive(risk['epsilonSpent']);
  const epsilonBudget = positive(risk['epsilonBudget']);
  if (k === null || roundingBase === null || epsilonSpent === null || epsilonBudget === null) {
    return null;
  }
  return {
    k,
    roundingBase,
    epsilon: positive(risk['epsilon']),
    cellsPublished: count(risk['cellsPublished']) ?? 0,
    cellsSuppressed: count(risk['cellsSuppressed']) ?? 0,
    totalsSuppressed: count(risk['totalsSuppressed']) ?? 0,
    smallestPublished: count(risk['smallestPublished']),
    casesCounted: count(risk['casesCounted']) ?? 0,
    earlierReleasesConsidered: count(risk['earlierReleasesConsidered']) ?? 0,
    epsilonSpent,
    epsilonBudget,
    budgetExceeded: risk['budgetExceeded'] === true,
  };
}

export function readStatsPreview(body: unknown): StatsPreview | null {
  const answer = record(body);
  const table = readStatsTable(answer['table']);
  const risk = readStatsRisk(answer['risk']);
  return table && risk ? { table, risk } : null;
}

const SHA256_PATTERN = /^[0-9a-f]{64}$/;

/** The files named in the release; csv, json and svg must all be there, timelineSvg may be. */
function releaseFiles(filesValue: unknown, hashesValue: unknown): ReleaseFile[] | null {
  const files = record(filesValue);
  const hashes = record(hashesValue);
  const names = [
    ['csv', 'csv', 'table'],
    ['json', 'json', 'table'],
    ['svg', 'svg', 'chart'],
    ['timelineSvg', 'svg', 'timeline'],
  ] as const;
  const read: ReleaseFile[] = [];
  for (const [name, format, part] of names) {
    const text = files[name];
    const sha256 = typeof hashes[name] === 'string' ? hashes[name].toLowerCase() : '';
    if (typeof text === 'string' && SHA256_PATTERN.test(sha256)) {
      read.push({ format, part, text, sha256 });
    } else if (part !== 'timeline') {
      return null;
    }
  }
  return read;
}

export function readStatsRelease(body: unknown): StatsRelease | null {
  const release = record(record(body)['release']);
  const preview = readStatsPreview(release);
  const files = releaseFiles(release['files'], release['sha256']);
  if (!preview || !files || typeof release['id'] !== 'string' || release['id'] === '') {
    return null;
  }
  return { ...preview, id: release['id'], createdAt: text(release['createdAt']), files };
}

function stringOr(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** The actor as a name: a string, or an object with a username. */
function actorName(value: unknown): string {
  if (typeof value === 'string') return value;
  const actor = record(value);
  return text(actor['username']) || text(actor['id']);
}

export function readLedger(body: unknown): LedgerEntry[] {
  return (list(record(body)['releases']) ?? []).flatMap((item) => {
    const entry = record(item);
    if (typeof entry['id'] !== 'string') return [];
    const request = record(entry['request']);
    return [
      {
        id: entry['id'],
        createdAt: text(entry['createdAt']),
        actor: actorName(entry['actor']),
        columns: text(request['columns']),
        periodUnit: text(request['periodUnit']),
        from: text(request['from']),
        to: text(request['to']),
        // The server answers audience and partner beside the request; older entries inside it.
        audience: text(entry['audience'] ?? request['audience']),
        partner: stringOr(entry['partner']) ?? stringOr(request['partner']),
        partnerId: stringOr(entry['partnerId']),
        epsilon: positive(entry['epsilon'] ?? request['epsilon']),
      },
    ];
  });
}

/** A code list: strings, or objects with a `code` or `key`. */
function codes(value: unknown): string[] {
  return (list(value) ?? []).flatMap((item) => {
    if (typeof item === 'string') return [item];
    const entry = record(item);
    const code = entry['code'] ?? entry['key'];
    return typeof code === 'string' ? [code] : [];
  });
}

export function readStatsOptions(body: unknown): StatsOptions | null {
  const answer = record(body);
  const audiences = record(answer['audiences']);
  const publicK = count(record(audiences['public'])['k']);
  const partnerK = count(record(audiences['partner'])['k']);
  const roundingBase = count(answer['roundingBase']);
  const epsilonBudget = positive(answer['epsilonBudget']);
  if (publicK === null || partnerK === null || roundingBase === null || epsilonBudget === null) {
    return null;
  }
  const columns = codes(answer['columns']).flatMap((column) => {
    const known = oneOf(STATS_COLUMNS, column);
    return known ? [known] : [];
  });
  return {
    audiences: { public: { k: publicK }, partner: { k: partnerK } },
    partners: partnersOf(answer['partners']),
    roundingBase,
    epsilonBudget,
    categories: codes(answer['categories']),
    outcomes: codes(answer['outcomes']),
    columns: columns.length > 0 ? columns : [...STATS_COLUMNS],
  };
}

const PARTNER_ID_PATTERN = /^[0-9a-f]{32}$/;

/** The registered partners: entries without a well-formed id or a name are left out. */
function partnersOf(value: unknown): StatsPartner[] {
  return (list(value) ?? []).flatMap((item) => {
    const entry = record(item);
    const id = entry['id'];
    const name = text(entry['name']);
    return typeof id === 'string' && PARTNER_ID_PATTERN.test(id) && name !== ''
      ? [{ id, name }]
      : [];
  });
}

type Outcome<T> = Promise<ApiOutcome<T>>;

function shaped<T>(result: ApiOutcome<unknown>, read: (body: unknown) => T | null): ApiOutcome<T> {
  if (!result.ok) return result;
  const body = read(result.body);
  return body === null
    ? { ok: false, status: result.status, code: 'unknown' }
    : { ok: true, status: result.status, body };
}

export class StatsApi {
  constructor(private readonly client: StaffApiClient) {}

  /** GET /api/stats/options: thresholds, defaults and the codes the form offers. */
  async options(): Outcome<StatsOptions> {
    return shaped(await this.client.get('/api/stats/options'), readStatsOptions);
  }

  /** POST /api/stats/preview: suppressed and rounded, never noisy (noise is drawn at release). */
  async preview(request: StatsRequest): Outcome<StatsPreview> {
    return shaped(await this.client.post('/api/stats/preview', request), readStatsPreview);
  }

  /**
   * POST /api/stats/releases: the release, its three files and their hashes. `confirmBudgetOverrun`
   * is sent only when the analyst confirmed spending more ε than the budget allows.
   */
  async release(request: StatsRequest, confirmBudgetOverrun: boolean): Outcome<StatsRelease> {
    const body = confirmBudgetOverrun ? { ...request, confirmBudgetOverrun: true } : request;
    return shaped(await this.client.post('/api/stats/releases', body), readStatsRelease);
  }

  /** GET /api/stats/releases: the ledger, newest first. */
  async releases(): Outcome<LedgerEntry[]> {
    return shaped(await this.client.get('/api/stats/releases'), readLedger);
  }
}
