/**
 * The statistics routes of the staff API (docs/http-api.md "Statistics"), read with the API
 * contract's schemas: the server is trusted for numbers, not for shape. A table whose cells do
 * not match its rows and columns is refused as a whole rather than drawn wrong. Calls go through
 * the dashboard's StaffApiClient, which adds the CSRF token and handles session expiry.
 */
import * as z from 'zod/mini';
import {
  ledgerEntrySchema,
  statsOptionsSchema,
  statsPreviewSchema,
  statsReleaseSchema,
  statsRiskSchema,
  statsTableSchema,
  type StatsRequest,
  type StatsRiskAnswer,
  type StatsTableAnswer,
} from '../../../contract/api/stats';
import { STATS_COLUMNS, type Audience, type StatsColumn } from '../../../contract/vocabulary';
import type { ApiOutcome, StaffApiClient } from '../session/api-client';
import { anyValue, readableItems, readAs, shaped, withFallbacks } from '../session/answer-reading';

export type { StatsRequest } from '../../../contract/api/stats';

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
  readonly columns: readonly StatsColumn[];
}

/** A table as the contract shapes it; every header has a label (its key when none was sent). */
export type StatsTable = StatsTableAnswer;
/** A row or column: its key and its published name. */
export type StatsHeader = StatsTable['rows'][number];
/** `null` is a suppressed value. */
export type StatsValue = StatsTable['grandTotal'];

/** The risk summary as the contract shapes it; cases counted is 0 when the server sent none. */
export type StatsRisk = Omit<StatsRiskAnswer, 'casesCounted'> & { readonly casesCounted: number };

export interface StatsPreview {
  readonly table: StatsTable;
  readonly risk: StatsRisk;
  /** The preview's digest, sent back with its release (null on a release's own answer). */
  readonly digest: string | null;
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

/** A header without a label is named by its key. */
const headerReading = withFallbacks(statsTableSchema.def.shape.rows.def.element, { label: '' });
const tableReading = z.extend(statsTableSchema, {
  rows: z.array(headerReading),
  columns: z.array(headerReading),
});

/** The table, or null when its cells and totals do not match its rows and columns. */
export function readStatsTable(value: unknown): StatsTable | null {
  const table = readAs(tableReading, value);
  if (!table) return null;
  const named = (headers: readonly StatsHeader[]) =>
    headers.map((header) => ({ key: header.key, label: header.label || header.key }));
  const { rows, columns } = table;
  if (
    table.cells.length !== rows.length ||
    table.cells.some((row) => row.length !== columns.length) ||
    table.rowTotals.length !== rows.length ||
    table.columnTotals.length !== columns.length
  ) {
    return null;
  }
  return { ...table, rows: named(rows), columns: named(columns) };
}

const riskReading = withFallbacks(statsRiskSchema, {
  epsilon: null,
  cellsPublished: 0,
  cellsSuppressed: 0,
  totalsSuppressed: 0,
  smallestPublished: null,
  casesCounted: 0,
  earlierReleasesConsidered: 0,
  budgetExceeded: false,
});

export function readStatsRisk(value: unknown): StatsRisk | null {
  const risk = readAs(riskReading, value);
  return risk && { ...risk, casesCounted: risk.casesCounted ?? 0 };
}

export function readStatsPreview(body: unknown): StatsPreview | null {
  const answer = readAs(z.object({ table: anyValue, risk: anyValue, digest: anyValue }), body);
  const table = readStatsTable(answer?.table);
  const risk = readStatsRisk(answer?.risk);
  const digest = readAs(statsPreviewSchema.def.shape.digest, answer?.digest);
  return table && risk ? { table, risk, digest } : null;
}

const releaseShape = statsReleaseSchema.def.shape;
const releaseReading = z.object({
  release: z.object({
    id: z.string().check(z.minLength(1)),
    createdAt: z.catch(z.string(), ''),
    table: anyValue,
    risk: anyValue,
    files: z.catch(z.record(z.string(), anyValue), {}),
    sha256: z.catch(z.record(z.string(), anyValue), {}),
  }),
});
const FILES = [
  ['csv', 'csv', 'table'],
  ['json', 'json', 'table'],
  ['svg', 'svg', 'chart'],
  ['timelineSvg', 'svg', 'timeline'],
] as const;

/** The files named in the release; csv, json and svg must all be there, timelineSvg may be. */
function releaseFiles(
  files: Readonly<Record<string, unknown>>,
  hashes: Readonly<Record<string, unknown>>,
): ReleaseFile[] | null {
  const read: ReleaseFile[] = [];
  for (const [name, format, part] of FILES) {
    const text = readAs(releaseShape.files.def.shape[name], files[name]);
    const sha256 = readAs(
      releaseShape.sha256.def.shape[name],
      typeof hashes[name] === 'string' ? hashes[name].toLowerCase() : undefined,
    );
    if (text !== null && sha256 !== null) read.push({ format, part, text, sha256 });
    else if (part !== 'timeline') return null;
  }
  return read;
}

export function readStatsRelease(body: unknown): StatsRelease | null {
  const release = readAs(releaseReading, body)?.release;
  if (!release) return null;
  const preview = readStatsPreview(release);
  const files = releaseFiles(release.files, release.sha256);
  if (!preview || !files) return null;
  return { ...preview, id: release.id, createdAt: release.createdAt, files };
}

/** The actor as a name: a string, or an object with a username. */
function actorName(value: unknown): string {
  if (typeof value === 'string') return value;
  const actor = readAs(
    z.object({ username: z.catch(z.string(), ''), id: z.catch(z.string(), '') }),
    value,
  );
  return actor ? actor.username || actor.id : '';
}

const text = z.catch(z.string(), '');
const optionalText = z.catch(z.nullable(z.string()), null);
const optionalNumber = z.catch(z.nullable(z.number().check(z.nonnegative())), null);
const ledgerShape = ledgerEntrySchema.def.shape;
/**
 * One line of the ledger. The server answers audience, partner and ε beside the request; entries
 * from before it did carry them inside the request.
 */
const ledgerReading = z.object({
  id: ledgerShape.id,
  createdAt: text,
  actor: anyValue,
  audience: optionalText,
  partner: optionalText,
  partnerId: optionalText,
  epsilon: optionalNumber,
  request: z.catch(
    z.object({
      columns: text,
      periodUnit: text,
      from: text,
      to: text,
      audience: optionalText,
      partner: optionalText,
      epsilon: optionalNumber,
    }),
    { columns: '', periodUnit: '', from: '', to: '', audience: null, partner: null, epsilon: null },
  ),
});

function nonEmpty(value: string | null): string | null {
  return value === '' ? null : value;
}

export function readLedger(body: unknown): LedgerEntry[] {
  const answer = readAs(z.object({ releases: anyValue }), body);
  return readableItems(ledgerReading, answer?.releases).map((entry) => ({
    id: entry.id,
    createdAt: entry.createdAt,
    actor: actorName(entry.actor),
    columns: entry.request.columns,
    periodUnit: entry.request.periodUnit,
    from: entry.request.from,
    to: entry.request.to,
    audience: entry.audience ?? entry.request.audience ?? '',
    partner: nonEmpty(entry.partner) ?? nonEmpty(entry.request.partner),
    partnerId: nonEmpty(entry.partnerId),
    epsilon: entry.epsilon ?? entry.request.epsilon,
  }));
}

/** A code list: strings, or objects with a `code` or `key`. */
const codeReading = z.union([
  z.string(),
  z.pipe(
    z.object({ code: z.string() }),
    z.transform((entry) => entry.code),
  ),
  z.pipe(
    z.object({ key: z.string() }),
    z.transform((entry) => entry.key),
  ),
]);

const optionsShape = statsOptionsSchema.def.shape;
const optionsReading = z.object({
  audiences: optionsShape.audiences,
  roundingBase: optionsShape.roundingBase,
  epsilonBudget: optionsShape.epsilonBudget,
  partners: anyValue,
  categories: anyValue,
  outcomes: anyValue,
  columns: anyValue,
});

export function readStatsOptions(body: unknown): StatsOptions | null {
  const answer = readAs(optionsReading, body);
  if (!answer) return null;
  const columns = readableItems(codeReading, answer.columns).flatMap((column) => {
    const known = STATS_COLUMNS.find((candidate) => candidate === column);
    return known ? [known] : [];
  });
  return {
    audiences: {
      public: { k: answer.audiences.public.k },
      partner: { k: answer.audiences.partner.k },
    },
    // The registered partners: entries without a well-formed id or a name are left out.
    partners: readableItems(optionsShape.partners.def.element, answer.partners).filter(
      (partner) => partner.name !== '',
    ),
    roundingBase: answer.roundingBase,
    epsilonBudget: answer.epsilonBudget,
    categories: readableItems(codeReading, answer.categories),
    outcomes: readableItems(codeReading, answer.outcomes),
    columns: columns.length > 0 ? columns : [...STATS_COLUMNS],
  };
}

type Outcome<T> = Promise<ApiOutcome<T>>;

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
   * POST /api/stats/releases: the release, its files and their hashes. The preview's digest makes
   * the server refuse (409 `preview_outdated`) a table that changed since it was shown;
   * `acceptedEpsilonSpent` is sent only when the analyst accepted that spend over the budget.
   */
  async release(
    request: StatsRequest,
    decided: { previewDigest: string | null; acceptedEpsilonSpent: number | null },
  ): Outcome<StatsRelease> {
    const body = {
      ...request,
      ...(decided.previewDigest === null ? {} : { previewDigest: decided.previewDigest }),
      ...(decided.acceptedEpsilonSpent === null
        ? {}
        : { acceptedEpsilonSpent: decided.acceptedEpsilonSpent }),
    };
    return shaped(await this.client.post('/api/stats/releases', body), readStatsRelease);
  }

  /** GET /api/stats/releases: the ledger, newest first. */
  async releases(): Outcome<LedgerEntry[]> {
    return shaped(await this.client.get('/api/stats/releases'), readLedger);
  }
}
