/**
 * BENCH ONLY coded triage records for the statistics benches, written straight into `cases` with
 * unordered insertMany, the app's indexes created first. Drawn from a seeded PRNG, so every run
 * has the same distribution (case ids differ): incident months 2023-01..2025-12, a little more
 * recent than old; the ten incident categories, unevenly; 40 host countries, Zipf-like (s = 1.5),
 * so the last are small; older cases more often closed (60% overall, with one of the case
 * outcomes; the rest open, in_progress); 5% not coded yet (incidentCategory null).
 */
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { CASE_OUTCOMES, CASE_PRIORITIES, INCIDENT_CATEGORIES } from '../../server/features/cases';
import {
  inboxFieldsOf,
  type CaseDocument,
  type InboxFields,
} from '../../server/features/cases/case.model';
import { buildCoreServices } from '../../server/services';
import { seededRandom, weightedIndex, type Random } from './kit/random';
import { secondsSince } from './kit/stats';

/** Fixed, so every run seeds the same distribution of codes. */
const SEED = 20_260_606;
export const SETTINGS = { publicK: 10, partnerK: 5, roundingBase: 5, epsilonBudget: 2 } as const;
/** After the last seeded month, so every table asked for covers months that have ended. */
export const NOW = new Date('2026-06-15T00:00:00Z');
export const FROM = '2023-01';
export const TO = '2025-12';

/** 40 ISO 3166-1 codes, most reported first (Zipf rank = index + 1). */
// prettier-ignore
export const COUNTRIES = [
  'DE', 'TR', 'FR', 'NL', 'GB', 'SE', 'US', 'BE', 'AT', 'CH',
  'NO', 'DK', 'FI', 'PL', 'CZ', 'IT', 'ES', 'CA', 'AU', 'GR',
  'IE', 'PT', 'HU', 'RO', 'BG', 'LT', 'LV', 'EE', 'SK', 'SI',
  'HR', 'RS', 'GE', 'AM', 'KZ', 'UA', 'AE', 'JP', 'KR', 'NZ',
] as const;
/** Rank 20 of 40, so some of the cells of a table filtered on it are small. */
export const MID_COUNTRY = COUNTRIES[19];
const ZIPF_EXPONENT = 1.5;
const UNCODED_SHARE = 0.05;
/** Share of closed cases: from the oldest month to the newest, 60% on average. */
const CLOSED_SHARE_OLDEST = 0.75;
const CLOSED_SHARE_NEWEST = 0.45;

export function monthsFrom(first: string, count: number): string[] {
  const [year, month] = first.split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const index = year * 12 + month - 1 + i;
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
}

const MONTHS = monthsFrom(FROM, 36);

/**
 * Writes `cases` triage records in batches; the next batch is generated while the previous one is
 * written, so the time is the database's, not the generator's.
 */
export async function seedCodedCases(
  connection: Connection,
  cases: number,
  batch: number,
  log: (line: string) => void,
) {
  let started = performance.now();
  // As the app's start-up does (app.ts prepare): inserts maintain the inbox's index.
  await buildCoreServices({ connection }).repositories.cases.prepare();
  const indexSeconds = secondsSince(started);
  const collection = connection.db!.collection<CaseDocument>('cases');
  const random = seededRandom(SEED);
  const tally = { coded: 0, uncoded: 0, closed: 0, perCountry: COUNTRIES.map(() => 0) };
  started = performance.now();
  let lastReport = started;
  let pending: Promise<unknown> = Promise.resolve();
  for (let written = 0; written < cases; written += batch) {
    const documents = planBatch(random, Math.min(batch, cases - written), tally);
    await pending;
    pending = collection.insertMany(documents, { ordered: false });
    if (performance.now() - lastReport > 15_000) {
      lastReport = performance.now();
      const seconds = secondsSince(started);
      log(
        `inserted ${written} of ${cases} in ${seconds.toFixed(0)} s (${Math.round(written / seconds)} cases/s)`,
      );
    }
  }
  await pending;
  const insertSeconds = secondsSince(started);
  log(`inserted in ${insertSeconds.toFixed(1)} s; reading the collection's size`);
  const country = (index: number) => ({ code: COUNTRIES[index]!, cases: tally.perCountry[index]! });
  return {
    cases,
    coded: tally.coded,
    uncoded: tally.uncoded,
    closed: tally.closed,
    /** Coded cases of the largest, the middle (MID_COUNTRY) and the smallest country. */
    countries: [country(0), country(COUNTRIES.indexOf(MID_COUNTRY)), country(COUNTRIES.length - 1)],
    batch,
    indexSeconds,
    insertSeconds,
    collectionMiB: await collectionMiB(connection),
  };
}

/** The triage records of one batch, as the app stores them (case.model.ts). */
function planBatch(
  random: Random,
  size: number,
  tally: { coded: number; uncoded: number; closed: number; perCountry: number[] },
): CaseDocument[] {
  const pickMonth = weightedIndex(MONTHS.map((_, i) => 1 + i / MONTHS.length));
  const pickCountry = weightedIndex(COUNTRIES.map((_, i) => 1 / (i + 1) ** ZIPF_EXPONENT));
  const pickCategory = weightedIndex([20, 12, 18, 10, 8, 10, 6, 8, 5, 3]);
  const pickOutcome = weightedIndex([35, 25, 15, 10, 10, 5]);
  const pickPriority = weightedIndex([5, 20, 60, 15]);
  const ids = randomBytes(16 * size).toString('hex');
  return Array.from({ length: size }, (_, i) => {
    const monthIndex = pickMonth(random);
    const month = MONTHS[monthIndex]!;
    const country = pickCountry(random);
    const isCoded = random() >= UNCODED_SHARE;
    const closedShare =
      CLOSED_SHARE_OLDEST +
      ((CLOSED_SHARE_NEWEST - CLOSED_SHARE_OLDEST) * monthIndex) / (MONTHS.length - 1);
    const isClosed = random() < closedShare;
    const priorityRank = pickPriority(random);
    const day = String(1 + Math.floor(random() * 28)).padStart(2, '0');
    const closedMonth = monthsFrom(month, 2 + Math.floor(random() * 4)).at(-1)!;
    tally[isCoded ? 'coded' : 'uncoded'] += 1;
    if (isCoded) tally.perCountry[country]! += 1;
    if (isClosed) tally.closed += 1;
    const triage: Omit<CaseDocument, '_id' | keyof InboxFields> = {
      receivedOn: `${month}-${day}`,
      status: isClosed ? 'closed' : 'in_progress',
      outcome: isClosed ? CASE_OUTCOMES[pickOutcome(random)]! : null,
      priority: CASE_PRIORITIES[priorityRank]!,
      deadline: null,
      assigneeId: null,
      labels: [],
      incidentCategory: isCoded ? INCIDENT_CATEGORIES[pickCategory(random)]! : null,
      hostCountry: COUNTRIES[country]!,
      incidentMonth: month,
      legalHold: false,
      closedOn: isClosed ? `${closedMonth}-${day}` : null,
    };
    return { _id: ids.slice(32 * i, 32 * (i + 1)), ...triage, ...inboxFieldsOf(triage) };
  });
}

/** Data size as the server reports it (information only; FerretDB's figure is approximate). */
async function collectionMiB(connection: Connection): Promise<number | null> {
  try {
    const { size } = (await connection.db!.command({ collStats: 'cases' })) as { size?: unknown };
    return typeof size === 'number' ? Math.round((size / 1024 ** 2) * 10) / 10 : null;
  } catch {
    return null;
  }
}
