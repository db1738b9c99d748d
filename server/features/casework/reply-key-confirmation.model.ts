import { collectionSchema, modelOn } from '../../platform/db';
import { required } from '../../platform/schema-fields';

/**
 * A caseworker's confirmation of the reply key of a report sent before reports named their reply
 * key (SECURITY.md "Authenticated replies"): one per case. `confirmation` is a statement signed
 * with the caseworker's key that dashboards verify against the directory; the server cannot
 * verify it and vouches for nothing.
 */
export interface ReplyKeyConfirmationDocument {
  _id: string; // the case id: one confirmation per case
  fingerprint: string; // lower-case hex v4 fingerprint of the confirmed reply key
  confirmation: string; // armored OpenPGP signed statement
  confirmedBy: string; // account id
  confirmedOn: string; // YYYY-MM-DD
}

const replyKeyConfirmationSchema = collectionSchema<ReplyKeyConfirmationDocument>(
  'reply_key_confirmations',
  {
    _id: required(String),
    fingerprint: required(String),
    confirmation: required(String),
    confirmedBy: required(String),
    confirmedOn: required(String),
  },
);

export const replyKeyConfirmationModel = modelOn<ReplyKeyConfirmationDocument>(
  'ReplyKeyConfirmation',
  replyKeyConfirmationSchema,
);
