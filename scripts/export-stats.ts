/**
 * `npm run admin -- stats:export`: the same release the analyst's dashboard makes, for scheduled
 * releases. Writes the CSV, JSON and SVG files, records the release in the ledger and the audit
 * log (actor `admin-cli`) and prints the SHA-256 of each file. `--preview` prints the protected
 * table without releasing (no noise, nothing recorded but the preview's audit entry).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadAdminConfig } from '../server/config';
import { releaseRequestSchema } from '../server/features/stats';
import { connectDb } from '../server/platform/db';
import { buildCoreServices } from '../server/services';
import { CliError } from './admin/passphrase';
import { CLI_ACTOR } from './admin/cli-actor';
import type { Print } from './admin/commands';

/** The request's fields by the options that set them, for error messages. */
const OPTION_OF_FIELD: Readonly<Record<string, string>> = {
  columns: '--columns',
  periodUnit: '--unit',
  from: '--from',
  to: '--to',
  'filter.country': '--country',
  audience: '--audience',
  partnerId: '--partner (a partner id from partner:list)',
  k: '--k',
  roundingBase: '--rounding',
  epsilon: '--epsilon',
};

export interface StatsExportOptions {
  columns: string;
  unit: string;
  from: string;
  to: string;
  country?: string;
  audience: string;
  /** The registered partner's id (partner:list). */
  partner?: string;
  k?: string;
  rounding?: string;
  epsilon?: string;
  confirmBudgetOverrun?: boolean;
  out?: string;
  preview?: boolean;
}

export async function exportStats(options: StatsExportOptions, print: Print): Promise<void> {
  const parsed = releaseRequestSchema.safeParse({
    columns: options.columns,
    periodUnit: options.unit,
    from: options.from,
    to: options.to,
    ...(options.country ? { filter: { country: options.country.toUpperCase() } } : {}),
    audience: options.audience,
    ...(options.partner ? { partnerId: options.partner.trim().toLowerCase() } : {}),
    ...(options.k ? { k: Number(options.k) } : {}),
    ...(options.rounding ? { roundingBase: Number(options.rounding) } : {}),
    ...(options.epsilon ? { epsilon: Number(options.epsilon) } : {}),
    ...(options.confirmBudgetOverrun ? { confirmBudgetOverrun: true } : {}),
  });
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join('.') ?? 'options';
    throw new CliError(
      `The option ${OPTION_OF_FIELD[field] ?? `for "${field}"`} is not valid (see --help).`,
    );
  }
  if (!options.preview && !options.out) throw new CliError('Give --out <dir> (or --preview).');

  const config = loadAdminConfig();
  const connection = await connectDb(config.mongodbUri);
  try {
    // The same rules the server applies (config.stats).
    const stats = buildCoreServices({ connection }).statsWith(config.stats);
    if (options.preview) {
      const { confirmBudgetOverrun: _unused, ...request } = parsed.data;
      const { table, risk } = await stats.preview(CLI_ACTOR, request);
      print(['period', ...table.columns.map((c) => c.key), 'total'].join('\t'));
      table.rows.forEach((row, r) =>
        print([row.key, ...table.cells[r]!.map(show), show(table.rowTotals[r]!)].join('\t')),
      );
      print(['total', ...table.columnTotals.map(show), show(table.grandTotal)].join('\t'));
      print(
        `Suppressed: ${risk.cellsSuppressed} cell(s), ${risk.totalsSuppressed} total(s); smallest published ${risk.smallestPublished ?? '-'}; k ${risk.k}; rounding ${risk.roundingBase}; ε spent ${risk.epsilonSpent} of ${risk.epsilonBudget}${risk.budgetExceeded ? ' (OVER BUDGET)' : ''}. Documented reports, not prevalence.`,
      );
      return;
    }
    const release = await stats.release(CLI_ACTOR, parsed.data);
    const out = options.out!;
    await mkdir(out, { recursive: true });
    const base = join(out, `amanat-stats-${release.id}`);
    const files: [string, string, string][] = [
      [`${base}.csv`, release.files.csv, release.sha256.csv],
      [`${base}.json`, release.files.json, release.sha256.json],
      [`${base}.svg`, release.files.svg, release.sha256.svg],
      [`${base}-timeline.svg`, release.files.timelineSvg, release.sha256.timelineSvg],
    ];
    for (const [path, text] of files) await writeFile(path, text, { flag: 'wx' });
    print(
      `Released ${release.id} (ε ${release.risk.epsilon ?? 'none'}, ε spent ${release.risk.epsilonSpent}).`,
    );
    for (const [path, , digest] of files) print(`${digest}  ${path}`);
  } finally {
    await connection.close();
  }
}

function show(value: number | null): string {
  return value === null ? 'x' : String(value);
}
