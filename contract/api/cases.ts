/**
 * /api/cases/* (docs/http-api.md "Cases"): the inbox, a case with its thread, triage changes,
 * notes and replies, sharing. The server hands out ciphertext (base64) and plaintext triage
 * fields only; decryption happens in the caseworker's browser.
 */
import * as z from 'zod/mini';
import {
  ATTACHMENT_ID_PATTERN,
  BASE64_PATTERN,
  CASE_OUTCOMES,
  CASE_PRIORITIES,
  CASE_STATUSES,
  COUNTRY_PATTERN,
  DAY_PATTERN,
  HEX_ID_PATTERN,
  INCIDENT_CATEGORIES,
  KEY_PACKET_TARGETS,
  LABEL_PATTERN,
  MONTH_PATTERN,
  REPLY_KEY_CONFIRMATION_TYPE,
  THREAD_KINDS,
} from '../vocabulary';
import {
  anyCaseFingerprintSchema,
  base64Schema,
  daySchema,
  fingerprintSchema,
  hexIdSchema,
  MAX_ARMORED_MESSAGE_CHARS,
  messageIdSchema,
  timestampSchema,
} from './common';

const day = z.string().check(z.regex(DAY_PATTERN));
const month = z.string().check(z.regex(MONTH_PATTERN));
const country = z.string().check(z.regex(COUNTRY_PATTERN));

/** PATCH /api/cases/:caseId: every field optional, `null` clears; unknown fields refused. */
export const triageChangeSchema = z.strictObject({
  status: z.optional(z.enum(CASE_STATUSES)),
  outcome: z.optional(z.nullable(z.enum(CASE_OUTCOMES))),
  priority: z.optional(z.enum(CASE_PRIORITIES)),
  deadline: z.optional(z.nullable(day)),
  assigneeId: z.optional(z.nullable(hexIdSchema)),
  labels: z.optional(
    z.array(z.string().check(z.trim(), z.regex(LABEL_PATTERN))).check(z.maxLength(20)),
  ),
  incidentCategory: z.optional(z.nullable(z.enum(INCIDENT_CATEGORIES))),
  hostCountry: z.optional(z.nullable(country)),
  incidentMonth: z.optional(z.nullable(month)),
  legalHold: z.optional(z.boolean()),
});
export type TriageChange = z.infer<typeof triageChangeSchema>;

/** A comma-separated list of known codes (Express's simple query parser gives strings only). */
function codeList<T extends string>(values: readonly [T, ...T[]]) {
  return z.pipe(
    z.pipe(
      z.string().check(z.maxLength(200)),
      z.transform((text: string) => text.split(',').filter(Boolean)),
    ),
    z.array(z.enum(values)),
  );
}

/** GET /api/cases query: strings only, each checked. */
/** The highest inbox page a list query may ask for (beyond any real inbox). */
export const MAX_CASE_LIST_PAGE = 100_000;

export const caseListQuerySchema = z.strictObject({
  status: z.optional(codeList(CASE_STATUSES)),
  priority: z.optional(z.enum(CASE_PRIORITIES)),
  assignee: z.optional(
    z.union([z.literal('me'), z.literal('none'), z.string().check(z.regex(HEX_ID_PATTERN))]),
  ),
  label: z.optional(z.string().check(z.regex(LABEL_PATTERN))),
  overdue: z.optional(z.enum(['1', 'true'])),
  /** Only cases whose latest message the reporter sees is the reporter's (no reply since). */
  needsReply: z.optional(z.enum(['1', 'true'])),
  receivedFrom: z.optional(day),
  receivedTo: z.optional(day),
  sort: z.optional(z.enum(['urgency', 'deadline', 'received'])),
  page: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(MAX_CASE_LIST_PAGE))),
  pageSize: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100))),
});
export type CaseListQuery = z.infer<typeof caseListQuerySchema>;

/** A note or a reply: one armored message, bounded like a report body. */
export const caseMessageRequestSchema = z.strictObject({
  messageId: messageIdSchema,
  message: z.string().check(z.minLength(1), z.maxLength(MAX_ARMORED_MESSAGE_CHARS)),
});

export const caseMessageStoredSchema = z.object({ seq: z.int(), sentOn: daySchema });

/**
 * PUT /api/cases/:caseId/seen: the caller was shown the case up to this message `seq` (0: the
 * report alone). Only the caller's own mark; it only ever moves forward.
 */
export const caseSeenRequestSchema = z.strictObject({
  seq: z.int().check(z.nonnegative(), z.maximum(1_000_000)),
});
export const caseSeenAnswerSchema = z.object({ seenSeq: z.int().check(z.nonnegative()) });

/** A legacy report's reply key, confirmed: its fingerprint and the dashboard's signed statement. */
// An armored message; the armor line is written -{5}… so that the published document carries no
// armor header that log and leak canaries would flag.
export const replyKeyConfirmationRequestSchema = z.strictObject({
  fingerprint: anyCaseFingerprintSchema,
  confirmation: z
    .string()
    .check(z.maxLength(16 * 1024), z.regex(/^-{5}BEGIN PGP MESSAGE-{5}\r?\n/)),
});
/**
 * The statement a confirmation signs, as JSON in its literal data: this case's reply key is this
 * fingerprint. The server verifies it before storing (the signer must be the caseworker sending
 * it); dashboards verify it again against the directory.
 */
export const replyKeyConfirmationStatementSchema = z.strictObject({
  type: z.literal(REPLY_KEY_CONFIRMATION_TYPE),
  caseId: hexIdSchema,
  replyKeyFingerprint: fingerprintSchema,
});
export const replyKeyConfirmedSchema = z.object({
  replyKeyConfirmation: z.object({ fingerprint: fingerprintSchema, confirmedOn: daySchema }),
});

/** New key packets for a colleague: one PKESK per message of the case, base64. */
export const shareRequestSchema = z.strictObject({
  fingerprint: anyCaseFingerprintSchema,
  packets: z
    .array(
      z.strictObject({
        target: z.enum(KEY_PACKET_TARGETS),
        id: z.string().check(z.minLength(1), z.maxLength(100)),
        pkesk: z.string().check(z.minLength(4), z.maxLength(2048), z.regex(BASE64_PATTERN)),
      }),
    )
    .check(z.minLength(1), z.maxLength(2000)),
});
export const shareOutcomeSchema = z.object({ added: z.int().check(z.nonnegative()) });

/**
 * The largest plaintext each kind of stored reporter message can hold in this deployment, sent
 * with every list and case: the dashboard decrypts no more than the service could have accepted
 * uncompressed (a compression bomb stops there), and only ever lowers its own bounds with it.
 */
export const plaintextLimitsSchema = z.object({
  /** Reports and follow-ups: the intake body limit (INTAKE_MAX_BODY_BYTES). */
  reportBytes: z.int().check(z.positive()),
  /** One attachment part: the part limit (ATTACHMENT_MAX_PART_BYTES). */
  attachmentPartBytes: z.int().check(z.positive()),
});
export type PlaintextLimits = z.infer<typeof plaintextLimitsSchema>;

export const caseSummarySchema = z.object({
  caseId: hexIdSchema,
  receivedOn: daySchema,
  status: z.enum(CASE_STATUSES),
  outcome: z.nullable(z.enum(CASE_OUTCOMES)),
  priority: z.enum(CASE_PRIORITIES),
  deadline: z.nullable(daySchema),
  overdue: z.boolean(),
  assignee: z.nullable(z.object({ id: hexIdSchema, username: z.string() })),
  labels: z.array(z.string()),
  codes: z.object({
    incidentCategory: z.nullable(z.string()),
    hostCountry: z.nullable(z.string()),
    month: z.nullable(month),
  }),
  legalHold: z.boolean(),
  closedOn: z.nullable(daySchema),
  /** The report's OpenPGP message, base64; null in the inbox while it cannot be read. */
  report: z.nullable(base64Schema),
});
export type CaseSummaryAnswer = z.infer<typeof caseSummarySchema>;

/**
 * What is new in a case for the caseworker asking: `report` if they never opened it, `follow-up`
 * if the reporter wrote after the last message they were shown, else null.
 */
export const UNSEEN_KINDS = ['report', 'follow-up'] as const;

/** An inbox row: the summary, what is new for the caller, and whether it needs a reply. */
export const inboxCaseSchema = z.extend(caseSummarySchema, {
  unseen: z.nullable(z.enum(UNSEEN_KINDS)),
  /** The latest message the reporter sees is theirs (or nobody has replied yet). */
  needsReply: z.boolean(),
});

export const caseListAnswerSchema = z.object({
  cases: z.array(inboxCaseSchema),
  total: z.int().check(z.nonnegative()),
  page: z.int().check(z.positive()),
  pageSize: z.int().check(z.positive()),
  limits: plaintextLimitsSchema,
});

export const threadEntrySchema = z.object({
  messageId: z.string(),
  seq: z.int(),
  kind: z.enum(THREAD_KINDS),
  sentOn: daySchema,
  message: base64Schema,
});

export const storedAttachmentSchema = z.object({
  attachmentId: z.string().check(z.regex(ATTACHMENT_ID_PATTERN)),
  parts: z.array(
    z.object({ index: z.int().check(z.nonnegative()), size: z.int().check(z.nonnegative()) }),
  ),
});

/** One audit entry of the case: plain names and values, never a report's content. */
export const historyEntrySchema = z.object({
  at: timestampSchema,
  /** A username, or the system actor's name. */
  actor: z.string(),
  event: z.string(),
  details: z.record(z.string(), z.unknown()),
});

/**
 * A caseworker's confirmation of the reply key of a report from before reports named it: a
 * statement signed with their key, still to be verified against the directory (the server's
 * word proves nothing).
 */
export const replyKeyConfirmationSchema = z.object({
  fingerprint: fingerprintSchema,
  /** The armored signed statement (client/crypto verifyReplyKeyConfirmation). */
  confirmation: z.string(),
  confirmedOn: daySchema,
  confirmedBy: z.string(),
});

export const caseDetailAnswerSchema = z.object({
  case: z.extend(caseSummarySchema, {
    report: base64Schema,
    messageCount: z.int().check(z.nonnegative()),
    attachmentCount: z.int().check(z.nonnegative()),
  }),
  /** The reporter's per-report reply key (armored public key). */
  replyKey: z.string(),
  replyKeyConfirmation: z.nullable(replyKeyConfirmationSchema),
  thread: z.array(threadEntrySchema),
  attachments: z.array(storedAttachmentSchema),
  history: z.array(historyEntrySchema),
  limits: plaintextLimitsSchema,
});

/** After a triage change: the case's summary as it is now. */
export const triageChangedAnswerSchema = z.object({ case: caseSummarySchema });

/** The directory's caseworkers, and whether every message of the case already names them. */
export const caseAccessAnswerSchema = z.object({
  caseworkers: z.array(
    z.object({
      fingerprint: fingerprintSchema,
      label: z.string(),
      owner: z.nullable(z.string()),
      encryptionKeyIds: z.array(z.string()),
      publicKey: z.string(),
      canRead: z.boolean(),
    }),
  ),
});

/** Only the PKESK packets of every message of the case: enough to re-wrap, nothing more. */
export const keyPacketsAnswerSchema = z.object({
  items: z.array(
    z.object({ target: z.enum(KEY_PACKET_TARGETS), id: z.string(), pkesks: base64Schema }),
  ),
});
