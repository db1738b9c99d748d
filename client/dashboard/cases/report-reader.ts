/**
 * Reads a decrypted report or follow-up (contract/documents.ts) defensively. The
 * plaintext is attacker-controlled: only the known answers are taken, each only if it has the
 * expected type, and text is kept as text (never HTML, never a link). Unknown fields are ignored.
 */
import { INCIDENT_CATEGORIES } from '../../../contract/vocabulary';

export interface ManifestEntry {
  readonly attachmentId: string;
  readonly name: string;
  readonly type: string;
  readonly size: number;
  /** Lower-case hex SHA-256 of the file as sent. */
  readonly sha256: string;
  readonly parts: number;
  readonly cleaned: boolean;
  readonly removedMetadata: readonly string[];
}

export interface ReadReport {
  readonly locale: string | null;
  readonly incidentType: string | null;
  readonly month: string | null;
  readonly country: string | null;
  readonly city: string | null;
  readonly whatHappened: string;
  readonly involved: string | null;
  /** Who contacted or threatened the reporter; null in reports from before the form asked. */
  readonly contactedBy: string | null;
  readonly relativesAffected: 'yes' | 'no' | 'unsaid' | null;
  readonly deadlineDate: string | null;
  readonly deadlineDetails: string | null;
  readonly contactMethod: 'site' | 'other' | null;
  readonly contactDetails: string | null;
  readonly consentRead: boolean | null;
  readonly consentStatistics: boolean | null;
  readonly attachments: readonly ManifestEntry[];
}

/** A decrypted report: its answers, and the reply key it names. */
export interface ReadReportDocument {
  /** Null when the plaintext is not a report in our format: shown as text, nothing else. */
  readonly report: ReadReport | null;
  /**
   * The reply key the reporter's browser made for this report (lower-case hex fingerprint), or
   * null for a report from before reports named it: replies go to no other key.
   * prepareReportSubmission adds it to whatever document it encrypts, so it is read from any
   * JSON object, our report format or not.
   */
  readonly replyKeyFingerprint: string | null;
}

export interface ReadFollowUp {
  readonly text: string;
  readonly attachments: readonly ManifestEntry[];
}

/** Longest text kept from one answer: far more than any form allows, short of a memory attack. */
const MAX_ANSWER_CHARS = 200_000;
const MAX_ATTACHMENTS = 100;

type Loose = Readonly<Record<string, unknown>>;

function record(value: unknown): Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Loose)
    : {};
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.slice(0, MAX_ANSWER_CHARS) : null;
}

function flag(value: unknown): boolean | null {
  return typeof value === 'boolean' ? value : null;
}

/** UTF-8 bytes to text; invalid sequences become U+FFFD rather than failing. */
export function decodeUtf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

function parseJson(plaintext: string): unknown {
  try {
    return JSON.parse(plaintext) as unknown;
  } catch {
    return undefined;
  }
}

export function readManifest(value: unknown): ManifestEntry[] {
  if (!Array.isArray(value)) return [];
  return value.slice(0, MAX_ATTACHMENTS).flatMap((item) => {
    const entry = record(item);
    const size = entry['size'];
    const parts = entry['parts'];
    const sha256 = entry['sha256'];
    if (
      typeof entry['attachmentId'] !== 'string' ||
      !/^[A-Za-z0-9_-]{22,64}$/.test(entry['attachmentId']) ||
      typeof size !== 'number' ||
      !Number.isSafeInteger(size) ||
      size < 0 ||
      typeof parts !== 'number' ||
      !Number.isInteger(parts) ||
      parts < 1 ||
      parts > 10_000 ||
      typeof sha256 !== 'string' ||
      !/^[0-9a-fA-F]{64}$/.test(sha256)
    ) {
      return [];
    }
    return [
      {
        attachmentId: entry['attachmentId'],
        name: typeof entry['name'] === 'string' ? entry['name'].slice(0, 1000) : '',
        type: typeof entry['type'] === 'string' ? entry['type'].slice(0, 200) : '',
        size,
        sha256: sha256.toLowerCase(),
        parts,
        cleaned: entry['cleaned'] === true,
        removedMetadata: Array.isArray(entry['removedMetadata'])
          ? entry['removedMetadata']
              .filter((name): name is string => typeof name === 'string')
              .slice(0, 20)
          : [],
      },
    ];
  });
}

/** The report's answers and the reply key it names, from one parse of the plaintext. */
export function readReportDocument(plaintext: string): ReadReportDocument {
  const document = record(parseJson(plaintext));
  const fingerprint = document['replyKeyFingerprint'];
  return {
    report: reportOf(document),
    replyKeyFingerprint:
      typeof fingerprint === 'string' && /^[0-9a-f]{40}$/i.test(fingerprint)
        ? fingerprint.toLowerCase()
        : null,
  };
}

/**
 * The report document, or null when the plaintext is not a report (not JSON, wrong schema):
 * the caller then shows the plaintext as text, nothing else.
 */
export function readReport(plaintext: string): ReadReport | null {
  return reportOf(record(parseJson(plaintext)));
}

function reportOf(document: Loose): ReadReport | null {
  if (document['schema'] !== 'amanat-report/v1') return null;
  const answers = record(document['answers']);
  const deadline = record(answers['deadline']);
  const contact = record(answers['contact']);
  const consents = record(answers['consents']);
  const relatives = answers['relativesAffected'];
  const method = contact['method'];
  return {
    locale: text(document['locale']),
    incidentType: text(answers['incidentType']),
    month: text(answers['month']),
    country: text(answers['country']),
    city: text(answers['city']),
    whatHappened: text(answers['whatHappened']) ?? '',
    involved: text(answers['involved']),
    contactedBy: text(answers['contactedBy']),
    relativesAffected:
      relatives === 'yes' || relatives === 'no' || relatives === 'unsaid' ? relatives : null,
    deadlineDate: text(deadline['date']),
    deadlineDetails: text(deadline['details']),
    contactMethod: method === 'site' || method === 'other' ? method : null,
    contactDetails: text(contact['details']),
    consentRead: flag(consents['caseworkersMayRead']),
    consentStatistics: flag(consents['statistics']),
    attachments: readManifest(document['attachments']),
  };
}

/** A follow-up (`amanat-follow-up/v1`); any other plaintext is kept whole as its text. */
export function readFollowUp(plaintext: string): ReadFollowUp {
  const document = record(parseJson(plaintext));
  if (document['schema'] !== 'amanat-follow-up/v1') {
    return { text: plaintext.slice(0, MAX_ANSWER_CHARS), attachments: [] };
  }
  return {
    text: typeof document['text'] === 'string' ? document['text'].slice(0, MAX_ANSWER_CHARS) : '',
    attachments: readManifest(document['attachments']),
  };
}

/** The incident type if it is one of the reporter form's, else null (free text is never a code). */
export function knownIncidentType(
  value: string | null,
): (typeof INCIDENT_CATEGORIES)[number] | null {
  return INCIDENT_CATEGORIES.find((type) => type === value) ?? null;
}
