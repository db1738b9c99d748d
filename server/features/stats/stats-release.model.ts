import { Schema } from 'mongoose';
import { collectionSchema, modelOn } from '../../platform/db';
import type { TableShape } from './stats-table';

/**
 * The ledger of releases (collection `stats_releases`): what each release published (its shape
 * and which values it suppressed, never the true counts), under which rules and ε, by whom and
 * the SHA-256 of its files. Later releases are audited against these shapes.
 */
export interface StatsReleaseDocument {
  _id: string; // random, 32 hex
  createdAt: Date;
  actor: string; // account:<id> or admin-cli
  audience: 'public' | 'partner';
  /**
   * The registered partner (stats-partners.ts) of a partner release; null for public releases
   * and for legacy partner releases made before the registry, which named the partner by free
   * text only (audited as their own audiences: see release-audiences.ts).
   */
  partnerId: string | null;
  /** The partner's display name when released (legacy rows: the free text typed then). */
  partner: string | null;
  shape: TableShape;
  k: number;
  roundingBase: number;
  epsilon: number | null;
  /**
   * "row,column" of each suppressed value in the (rows + 1) × (columns + 1) grid. Strings, not
   * pairs: FerretDB v1 does not store nested arrays.
   */
  suppressed: string[];
  sha256: { csv: string; json: string; svg: string; timelineSvg: string };
}

const statsReleaseSchema = collectionSchema<StatsReleaseDocument>('stats_releases', {
  _id: { type: String, required: true },
  createdAt: { type: Date, required: true },
  actor: { type: String, required: true },
  audience: { type: String, required: true, enum: ['public', 'partner'] },
  partnerId: { type: String, default: null },
  partner: { type: String, default: null },
  shape: { type: Schema.Types.Mixed, required: true },
  k: { type: Number, required: true },
  roundingBase: { type: Number, required: true },
  epsilon: { type: Number, default: null },
  suppressed: { type: [String], required: true },
  sha256: { type: Schema.Types.Mixed, required: true },
});

export const statsReleaseModel = modelOn<StatsReleaseDocument>('StatsRelease', statsReleaseSchema);
