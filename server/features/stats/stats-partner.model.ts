import { Schema, type Connection } from 'mongoose';
import { DURABLE_WRITE } from '../../platform/db';

/**
 * The partner registry (collection `stats_partners`): the organisations an admin registered to
 * receive partner releases. A partner release names its partner by `_id`, so one organisation is
 * one audience whatever an analyst types; `key` (the name folded for case, width and spaces) is
 * unique, so "Partner A" and "partner a " cannot be registered as two.
 */
export interface StatsPartnerDocument {
  _id: string; // random, 32 hex
  name: string; // display name, as registered (spaces collapsed)
  key: string;
  createdOn: string; // YYYY-MM-DD
}

const statsPartnerSchema = new Schema<StatsPartnerDocument>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    key: { type: String, required: true },
    createdOn: { type: String, required: true },
  },
  {
    collection: 'stats_partners',
    versionKey: false,
    strict: 'throw',
    writeConcern: DURABLE_WRITE,
  },
);
statsPartnerSchema.index({ key: 1 }, { unique: true });

export function statsPartnerModel(connection: Connection) {
  return connection.model<StatsPartnerDocument>('StatsPartner', statsPartnerSchema, undefined, {
    overwriteModels: true,
  });
}
