import { collectionSchema, modelOn } from '../../platform/db';

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

const statsPartnerSchema = collectionSchema<StatsPartnerDocument>('stats_partners', {
  _id: { type: String, required: true },
  name: { type: String, required: true },
  key: { type: String, required: true },
  createdOn: { type: String, required: true },
});
statsPartnerSchema.index({ key: 1 }, { unique: true });

export const statsPartnerModel = modelOn<StatsPartnerDocument>('StatsPartner', statsPartnerSchema);
