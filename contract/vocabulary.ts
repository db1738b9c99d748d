/**
 * The words the server and both front ends share: case statuses, outcomes, priorities, the
 * incident categories of the reporter form and of triage, staff roles and sign-in stages, and
 * the patterns of the plaintext fields (SECURITY.md "What is stored or logged in plaintext"). One
 * list each: the server validates against it, the dashboard reads with it, the reporter's form
 * offers it. No zod here: the reporter page imports these without a schema library.
 */

/** The `schema` of each document a reporter's browser encrypts (contract/documents.ts). */
export const REPORT_SCHEMA = 'amanat-report/v1';
export const FOLLOW_UP_SCHEMA = 'amanat-follow-up/v1';
/** The `type` of the statement a caseworker signs to confirm a legacy report's reply key. */
export const REPLY_KEY_CONFIRMATION_TYPE = 'amanat-reply-key-confirmation/v1';

export const CASE_STATUSES = [
  'new',
  'acknowledged',
  'in_progress',
  'referred',
  'waiting_for_reporter',
  'closed',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_OUTCOMES = [
  'resolved',
  'referred_elsewhere',
  'no_contact',
  'withdrawn',
  'not_in_scope',
  'other',
] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

/** In urgency order: the index is the sort rank. */
export const CASE_PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export type CasePriority = (typeof CASE_PRIORITIES)[number];

/** The reporter form's incident types, which triage codes and statistics count. */
export const INCIDENT_CATEGORIES = [
  'threats_through_relatives',
  'coercion_to_inform',
  'online_harassment',
  'surveillance',
  'pressure_to_return',
  'document_problems',
  'detention_or_deportation_risk',
  'asylum_problems',
  'physical_intimidation',
  'other',
] as const;
export type IncidentCategory = (typeof INCIDENT_CATEGORIES)[number];

/**
 * The countries the reporter form offers (where the diaspora mostly lives or transits); names
 * come from CLDR in the reader's language (client/reporter/country-names.ts). Triage accepts any
 * ISO 3166-1 code.
 */
export const COUNTRY_CODES = [
  'TR',
  'KZ',
  'KG',
  'UZ',
  'TJ',
  'AF',
  'PK',
  'SA',
  'AE',
  'EG',
  'TH',
  'MY',
  'ID',
  'RU',
  'CN',
  'DE',
  'NL',
  'BE',
  'FR',
  'SE',
  'NO',
  'FI',
  'DK',
  'CH',
  'AT',
  'GB',
  'IE',
  'US',
  'CA',
  'AU',
  'JP',
] as const;
export type CountryCode = (typeof COUNTRY_CODES)[number];

/** Who wrote a thread entry of a case: the reporter, a caseworker to them, or staff only. */
export const THREAD_KINDS = ['follow-up', 'reply', 'note'] as const;
export type ThreadKind = (typeof THREAD_KINDS)[number];

/** What a key packet of a case belongs to when it is shared. */
export const KEY_PACKET_TARGETS = ['report', 'message', 'part'] as const;
export type KeyPacketTarget = (typeof KEY_PACKET_TARGETS)[number];

export const STAFF_ROLES = ['admin', 'caseworker', 'analyst'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const ACCOUNT_STATUSES = ['invited', 'active', 'disabled'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

/** How far a staff session got: none, password only, enrolling a first factor, signed in. */
export const SESSION_STAGES = ['none', 'second-factor', 'enrol-factor', 'full'] as const;
export type SessionStage = (typeof SESSION_STAGES)[number];

/** pending: uploaded, not yet vetted; active: in the next directory; removed: offboarded. */
export const KEY_STATUSES = ['pending', 'active', 'removed'] as const;
export type KeyStatus = (typeof KEY_STATUSES)[number];

export const STATS_COLUMNS = ['category', 'country', 'outcome'] as const;
export type StatsColumn = (typeof STATS_COLUMNS)[number];
export const PERIOD_UNITS = ['month', 'quarter'] as const;
export type PeriodUnit = (typeof PERIOD_UNITS)[number];
export const AUDIENCES = ['public', 'partner'] as const;
export type Audience = (typeof AUDIENCES)[number];

/** Ten years of months: enough for any advocacy period, small enough to audit. */
export const MAX_RANGE_MONTHS = 120;
export const MAX_PARTNER_NAME_LENGTH = 80;
/** A partner's display name: names only, no control or bidi characters in file headers. */
export const PARTNER_NAME_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} .,&()'-]*$/u;

export const DAY_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
/** ISO 3166-1 alpha-2; countries only, never a city (docs/design.md "Statistics"). */
export const COUNTRY_PATTERN = /^[A-Z]{2}$/;
/** Labels are short tags chosen by caseworkers, not free text about the reporter. */
export const LABEL_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} _-]{0,39}$/u;
/** Random ids the server makes (cases, accounts, partners) and client message ids: 128 bits. */
export const HEX_ID_PATTERN = /^[0-9a-f]{32}$/;
/** A v4 OpenPGP fingerprint as the server writes it: 40 lower-case hex digits. */
export const FINGERPRINT_PATTERN = /^[0-9a-f]{40}$/;
/** A fingerprint as a person may type it: either case. */
export const ANY_CASE_FINGERPRINT_PATTERN = /^[0-9a-fA-F]{40}$/;
/** base64url without padding, as the browser encodes random bytes. */
export const BASE64URL_PATTERN = /^[A-Za-z0-9_-]+$/;
/** Standard base64 with padding: binary OpenPGP packets in the staff API's JSON. */
export const BASE64_PATTERN = /^[A-Za-z0-9+/]+={0,2}$/;
/** An attachment id: random, 22 to 64 base64url characters. */
export const ATTACHMENT_ID_PATTERN = /^[A-Za-z0-9_-]{22,64}$/;
export const SHA256_HEX_PATTERN = /^[0-9a-f]{64}$/;
