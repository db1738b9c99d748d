/**
 * Anonymized statistics: preview and release of protected tables, the ledger of
 * releases and its ε budget. Reads triage codes only, never a report.
 */
import { createHash, randomBytes } from 'node:crypto';
import { dayOf } from '../../platform/days';
import { ConflictError, InvalidInputError, UnprocessableError } from '../../platform/errors';
import type { AuditLogService } from '../audit';
import { INCIDENT_CATEGORIES, type TriageService } from '../cases';
import { protectTable, type EarlierTable } from './disclosure-control';
import { publishGrid, type PublishedTable } from './publication';
import { auditedSetsFor } from './release-audiences';
import { OUTCOME_COLUMN_KEYS, publishedColumnName } from '../../../contract/stats-labels';
import { buildReleaseFiles, sha256Of, type ReleaseFiles } from './release-files';
import {
  MAX_RANGE_MONTHS,
  STATS_COLUMNS,
  type ReleaseRequest,
  type StatsRequest,
} from './stats.schema';
import type { StatsPartner } from './stats-partners.repository';
import type { StatsPartnersService } from './stats-partners';
import type { StatsRelease, StatsReleasesRepository } from './stats-releases.repository';
import {
  monthsBetween,
  OPEN_OUTCOME,
  shapeFor,
  tabulate,
  type CodeCount,
  type PlainTable,
  type TableShape,
} from './stats-table';

export interface StatsSettings {
  readonly publicK: number;
  readonly partnerK: number;
  readonly roundingBase: number;
  readonly epsilonBudget: number;
}

export interface StatsTableView {
  unit: TableShape['periodUnit'];
  rows: { key: string; label: string }[];
  columns: { key: string; label: string }[];
  cells: (number | null)[][];
  rowTotals: (number | null)[];
  columnTotals: (number | null)[];
  grandTotal: number | null;
}

export interface RiskSummary {
  k: number;
  roundingBase: number;
  epsilon: number | null;
  cellsPublished: number;
  cellsSuppressed: number;
  totalsSuppressed: number;
  smallestPublished: number | null;
  casesCounted: number | null;
  earlierReleasesConsidered: number;
  epsilonSpent: number;
  epsilonBudget: number;
  budgetExceeded: boolean;
}

export interface ReleaseOutcome {
  id: string;
  createdAt: Date;
  table: StatsTableView;
  risk: RiskSummary;
  files: ReleaseFiles;
  sha256: StatsRelease['sha256'];
}

export interface StatsDeps {
  readonly triage: Pick<TriageService, 'countCodedCases'>;
  readonly releases: StatsReleasesRepository;
  readonly partners: Pick<StatsPartnersService, 'list' | 'require'>;
  readonly audit: AuditLogService;
  readonly settings: StatsSettings;
  readonly clock: () => Date;
}

interface Computed {
  request: StatsRequest;
  partner: StatsPartner | null;
  k: number;
  roundingBase: number;
  epsilon: number | null;
  table: PlainTable;
  suppressed: boolean[][];
  linkedReleases: number;
  /** Ids of the earlier releases this one was audited against, sorted. */
  knownReleases: string[];
  epsilonSpent: number;
}

export class StatsService {
  constructor(private readonly deps: StatsDeps) {}

  async options() {
    const { settings } = this.deps;
    const partners = await this.deps.partners.list();
    return {
      audiences: { public: { k: settings.publicK }, partner: { k: settings.partnerK } },
      partners: partners.map(({ id, name }) => ({ id, name })),
      roundingBase: settings.roundingBase,
      epsilonBudget: settings.epsilonBudget,
      categories: [...INCIDENT_CATEGORIES],
      outcomes: [...OUTCOME_COLUMN_KEYS],
      columns: [...STATS_COLUMNS],
    };
  }

  /**
   * The protected table without noise (noise is drawn once, at release: see SECURITY.md).
   * Audited before it is returned (a preview stores nothing else); each preview is a disclosure
   * of its own, so a preview asked again is another entry.
   */
  async preview(actor: string, request: StatsRequest) {
    const computed = await this.compute(request);
    await this.deps.audit.record(actor, 'stats.previewed', describeRequest(request));
    const published = publishGrid(computed.table.grid, computed.suppressed, {
      roundingBase: computed.roundingBase,
      epsilon: null,
    });
    return {
      table: viewOf(computed, published),
      risk: riskOf(computed, published, this.deps.settings),
      digest: digestOf(computed, published),
    };
  }

  /**
   * Checked before anything is audited or stored: the preview the analyst decided on must still
   * be the table released (cases coded or another release since can change its columns,
   * suppression, linked releases or ε spent), and an accepted ε overrun must not have grown.
   */
  async release(actor: string, request: ReleaseRequest): Promise<ReleaseOutcome> {
    const { confirmBudgetOverrun, acceptedEpsilonSpent, previewDigest, ...tableRequest } = request;
    const computed = await this.compute(tableRequest);
    if (previewDigest !== undefined) {
      const unnoised = publishGrid(computed.table.grid, computed.suppressed, {
        roundingBase: computed.roundingBase,
        epsilon: null,
      });
      if (digestOf(computed, unnoised) !== previewDigest) {
        throw new ConflictError(
          'preview_outdated',
          'The table changed since it was previewed (cases coded or another release since). Preview it again and check it before releasing.',
        );
      }
    }
    const spent = round2(computed.epsilonSpent);
    const overrunAccepted =
      confirmBudgetOverrun === true ||
      (acceptedEpsilonSpent !== undefined && spent <= acceptedEpsilonSpent);
    if (
      computed.epsilon !== null &&
      computed.epsilonSpent > this.deps.settings.epsilonBudget &&
      !overrunAccepted
    ) {
      throw new UnprocessableError(
        'epsilon_budget_spent',
        `This release would bring the ε spent on these months to ${spent}, over the budget of ${this.deps.settings.epsilonBudget}${acceptedEpsilonSpent === undefined ? '' : ` and over the ${acceptedEpsilonSpent} accepted`}. Confirm to release anyway.`,
      );
    }
    const published = publishGrid(computed.table.grid, computed.suppressed, {
      roundingBase: computed.roundingBase,
      epsilon: computed.epsilon,
    });
    const id = randomBytes(16).toString('hex');
    const createdAt = this.deps.clock();
    const files = buildReleaseFiles(
      {
        id,
        createdOn: dayOf(createdAt),
        shape: computed.table.shape,
        audience: request.audience,
        partner: computed.partner?.name ?? null,
        k: computed.k,
        roundingBase: computed.roundingBase,
        epsilon: computed.epsilon,
        linkedReleases: computed.linkedReleases,
      },
      published,
      computed.table.rowKeys,
    );
    const sha256 = {
      csv: sha256Of(files.csv),
      json: sha256Of(files.json),
      svg: sha256Of(files.svg),
      timelineSvg: sha256Of(files.timelineSvg),
    };
    const suppressed: string[] = [];
    computed.suppressed.forEach((row, r) =>
      row.forEach((flag, c) => flag && suppressed.push(`${r},${c}`)),
    );
    // Audited before the ledger holds it: no release is ever in the ledger, or handed out,
    // without its entry. A retry is a new release (new id, new noise) and a new entry; a release
    // whose ledger insert failed after its entry leaves an entry the ledger does not match.
    await this.deps.audit.record(
      actor,
      'stats.released',
      {
        release: id,
        ...describeRequest(tableRequest),
        k: String(computed.k),
        roundingBase: String(computed.roundingBase),
        epsilon: computed.epsilon === null ? 'none' : String(computed.epsilon),
        sha256Csv: sha256.csv,
        sha256Json: sha256.json,
        sha256Svg: sha256.svg,
        sha256TimelineSvg: sha256.timelineSvg,
      },
      { key: `stats.released\0${id}` },
    );
    await this.deps.releases.insert({
      id,
      createdAt,
      actor,
      audience: request.audience,
      partnerId: computed.partner?.id ?? null,
      partner: computed.partner?.name ?? null,
      shape: computed.table.shape,
      k: computed.k,
      roundingBase: computed.roundingBase,
      epsilon: computed.epsilon,
      suppressed,
      sha256,
    });
    return {
      id,
      createdAt,
      table: viewOf(computed, published),
      risk: riskOf(computed, published, this.deps.settings),
      files,
      sha256,
    };
  }

  async listReleases() {
    const releases = await this.deps.releases.listAll();
    return releases.map((release) => ({
      id: release.id,
      createdAt: release.createdAt,
      actor: release.actor,
      audience: release.audience,
      // null with a partner name: a legacy release, named by free text before the registry.
      partnerId: release.partnerId,
      partner: release.partner,
      request: {
        columns: release.shape.columns,
        periodUnit: release.shape.periodUnit,
        from: release.shape.from,
        to: release.shape.to,
        filter: release.shape.filter,
      },
      k: release.k,
      roundingBase: release.roundingBase,
      epsilon: release.epsilon,
      sha256: release.sha256,
    }));
  }

  private async compute(request: StatsRequest): Promise<Computed> {
    const { settings } = this.deps;
    const minimumK = request.audience === 'public' ? settings.publicK : settings.partnerK;
    this.checkRequest(request, minimumK);
    const partner =
      request.partnerId === undefined ? null : await this.deps.partners.require(request.partnerId);
    const k = request.k ?? minimumK;
    const roundingBase = request.roundingBase ?? settings.roundingBase;
    const epsilon = request.epsilon ?? null;

    const everyRelease = await this.deps.releases.listAll();
    const overlapping = everyRelease.filter(
      (release) => release.shape.from <= request.to && request.from <= release.shape.to,
    );
    // Every audience that receives this table joins it with what it already holds.
    const audiences = auditedSetsFor(
      partner ? { audience: 'partner', partnerId: partner.id } : { audience: 'public' },
      overlapping,
    );
    const known = [...new Map(audiences.flat().map((release) => [release.id, release])).values()];
    const from = [request.from, ...known.map((release) => release.shape.from)].sort()[0]!;
    const to = [request.to, ...known.map((release) => release.shape.to)].sort().at(-1)!;
    const counts = toCodeCounts(await this.deps.triage.countCodedCases(from, to));

    const shape = shapeFor(request, counts, k);
    const table = tabulate(shape, counts);
    const earlier = new Map<string, EarlierTable>(
      known.map((release) => [release.id, earlierTableOf(release, counts)]),
    );
    const protection = protectTable(
      table,
      k,
      audiences.map((set) => set.map((release) => earlier.get(release.id)!)),
      counts,
    );
    if (!protection) {
      throw new UnprocessableError(
        'too_few_cases',
        `Too few coded cases to publish anything at k = ${k} for this period and filter; choose a longer period, quarters, or no filter.`,
      );
    }
    // Sequential composition: ε adds up over every noisy release of the same months.
    const epsilonSpent =
      (epsilon ?? 0) + overlapping.reduce((sum, release) => sum + (release.epsilon ?? 0), 0);
    return {
      request,
      partner,
      k,
      roundingBase,
      epsilon,
      table,
      suppressed: protection.suppressed,
      linkedReleases: protection.linkedReleases,
      knownReleases: known.map((release) => release.id).sort(),
      epsilonSpent,
    };
  }

  private checkRequest(request: StatsRequest, minimumK: number): void {
    const invalid = (message: string) => new InvalidInputError('invalid_stats_request', message);
    if (request.from > request.to) throw invalid('"from" must not be after "to".');
    if (monthsBetween(request.from, request.to).length > MAX_RANGE_MONTHS) {
      throw invalid(`A table covers at most ${MAX_RANGE_MONTHS} months.`);
    }
    const currentMonth = dayOf(this.deps.clock()).slice(0, 7);
    if (request.to >= currentMonth) {
      // A month still being coded would be published again, changed, next time.
      throw invalid('"to" must be a month that has ended.');
    }
    if (request.periodUnit === 'quarter') {
      const startsQuarter = ['01', '04', '07', '10'].includes(request.from.slice(5));
      const endsQuarter = ['03', '06', '09', '12'].includes(request.to.slice(5));
      if (!startsQuarter || !endsQuarter) {
        throw invalid(
          'Quarterly tables start in Jan, Apr, Jul or Oct and end in Mar, Jun, Sep or Dec.',
        );
      }
    }
    if (request.filter && request.columns === 'country') {
      throw invalid('A country filter is for category or outcome columns.');
    }
    if ((request.audience === 'partner') !== (request.partnerId !== undefined)) {
      throw invalid(
        '"partnerId" names the registered partner of a partner release, and only then.',
      );
    }
    if (request.k !== undefined && request.k < minimumK) {
      throw invalid(`"k" must be at least ${minimumK} for a ${request.audience} release.`);
    }
    // Like k, the configured rounding is a floor: rounding to 1 would publish exact counts and
    // let releases be differenced to the unit.
    if (
      request.roundingBase !== undefined &&
      request.roundingBase < this.deps.settings.roundingBase
    ) {
      throw new InvalidInputError(
        'rounding_below_minimum',
        `"roundingBase" must be at least ${this.deps.settings.roundingBase} (STATS_ROUNDING_BASE); it may only be raised.`,
      );
    }
  }
}

function toCodeCounts(
  rows: readonly {
    month: string;
    category: string;
    country: string;
    outcome: string | null;
    count: number;
  }[],
): CodeCount[] {
  return rows.map((row) => ({ ...row, outcome: row.outcome ?? OPEN_OUTCOME }));
}

function describeRequest(request: StatsRequest): Record<string, string> {
  return {
    columns: request.columns,
    periodUnit: request.periodUnit,
    from: request.from,
    to: request.to,
    filter: request.filter ? `country=${request.filter.country}` : 'none',
    audience: request.audience,
    ...(request.partnerId ? { partnerId: request.partnerId } : {}),
  };
}

/** An earlier release's shape on today's counts, with the values it suppressed. */
function earlierTableOf(release: StatsRelease, counts: readonly CodeCount[]): EarlierTable {
  const table = tabulate(release.shape, counts);
  const suppressed = table.grid.map((row) => row.map(() => false));
  for (const entry of release.suppressed) {
    const [r, c] = entry.split(',').map(Number) as [number, number];
    if (suppressed[r]?.[c] !== undefined) suppressed[r][c] = true;
  }
  return { table, suppressed, k: release.k };
}

function viewOf(computed: Computed, published: PublishedTable): StatsTableView {
  const { shape, rowKeys } = computed.table;
  return {
    unit: shape.periodUnit,
    rows: rowKeys.map((key) => ({ key, label: key })),
    columns: shape.columnKeys.map((key) => ({
      key,
      label: publishedColumnName(shape.columns, key, computed.k),
    })),
    ...published,
  };
}

function riskOf(
  computed: Computed,
  published: PublishedTable,
  settings: StatsSettings,
): RiskSummary {
  const cells = published.cells.flat();
  const totals = [...published.rowTotals, ...published.columnTotals, published.grandTotal];
  const publishedCells = cells.filter((value): value is number => value !== null);
  const nonZero = publishedCells.filter((value) => value > 0);
  return {
    k: computed.k,
    roundingBase: computed.roundingBase,
    epsilon: computed.epsilon,
    cellsPublished: publishedCells.length,
    cellsSuppressed: cells.length - publishedCells.length,
    totalsSuppressed: totals.filter((value) => value === null).length,
    smallestPublished: nonZero.length > 0 ? Math.min(...nonZero) : null,
    casesCounted: published.grandTotal,
    earlierReleasesConsidered: computed.linkedReleases,
    epsilonSpent: round2(computed.epsilonSpent),
    epsilonBudget: settings.epsilonBudget,
    budgetExceeded: computed.epsilon !== null && computed.epsilonSpent > settings.epsilonBudget,
  };
}

/**
 * What the preview showed and the release will publish, bar the noise drawn at release: rows,
 * columns, values as previewed (already rounded and suppressed: no exact count is hashed, so the
 * digest cannot be searched for them), suppressed cells, linked releases and the protection.
 */
function digestOf(computed: Computed, published: PublishedTable): string {
  const canonical = JSON.stringify([
    computed.table.shape.columns,
    computed.table.shape.columnKeys,
    computed.table.rowKeys,
    published,
    computed.suppressed,
    computed.knownReleases,
    computed.k,
    computed.roundingBase,
    computed.epsilon,
    round2(computed.epsilonSpent),
    computed.partner?.id ?? null,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
