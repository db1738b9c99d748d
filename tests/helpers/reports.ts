/** Builds report submissions the way the reporter's browser does (client/crypto), for tests. */
import {
  armorBinaryMessage,
  createReceipt,
  decryptMessage,
  encryptForDirectory,
  createSubmissionId,
  deriveReceiptVerifier,
  encryptReport,
  generateReplyKey,
  MAX_PLAINTEXT_BYTES,
  prepareReportSubmission,
  type ReportSubmissionBody,
  type VerifiedDirectory,
} from '../../client/crypto';
import { TEST_PASSPHRASE } from './keys';

export interface BuiltSubmission {
  readonly body: ReportSubmissionBody;
  readonly receipt: string;
  readonly report: object;
}

let sharedReplyKey: Promise<string> | undefined;

/**
 * A complete submission. Reply key generation is slow (iterated S2K), so by default one reply
 * key is shared between submissions of a test file; pass `ownReplyKey` for the real flow.
 */
export async function buildSubmission(
  directory: VerifiedDirectory,
  options: { report?: object; ownReplyKey?: boolean } = {},
): Promise<BuiltSubmission> {
  const report = options.report ?? {
    locale: 'ug',
    incidentType: 'pressure_through_relatives',
    whatHappened: 'TEST ONLY: police visited my parents and told them I must come back.',
  };
  if (options.ownReplyKey) {
    const { body, receipt, replyKeyFingerprint } = await prepareReportSubmission(report, directory);
    // The report as encrypted: it names its reply key.
    return { body, receipt, report: { ...report, replyKeyFingerprint } };
  }
  const receipt = createReceipt();
  const replyKey = await (sharedReplyKey ??= generateReplyKey('test-only shared reply key').then(
    (k) => k.armoredPublicKey,
  ));
  return {
    receipt,
    report,
    body: {
      submissionId: createSubmissionId(),
      message: await encryptReport(report, directory),
      replyKey,
      receiptVerifier: await deriveReceiptVerifier(receipt),
    },
  };
}

/**
 * A report document as the reporter page writes it (amanat-report/v1): ordinary answers, which
 * `answers` replaces one by one, and the manifest of its `attachments`.
 */
export function reportDocument(
  answers: Readonly<Record<string, unknown>>,
  attachments: readonly object[] = [],
): object {
  return {
    schema: 'amanat-report/v1',
    locale: 'en',
    attachments,
    answers: {
      incidentType: 'online_harassment',
      month: '2026-09',
      country: 'DE',
      city: null,
      whatHappened: 'TEST ONLY an ordinary report',
      involved: null,
      relativesAffected: 'no',
      contact: { method: 'site', details: null },
      consents: { caseworkersMayRead: true, statistics: false },
      ...answers,
    },
  };
}

/** An armored message to the directory's caseworkers and any extra keys (a reply key, say). */
export async function encryptToDirectory(
  directory: VerifiedDirectory,
  text: string,
  extraPublicKeys: readonly string[] = [],
): Promise<string> {
  const recipients = [
    ...directory.recipients,
    ...extraPublicKeys.map((publicKey, i) => ({
      fingerprint: `extra-${i}`,
      label: 'extra',
      publicKey,
      encryptionKeyIds: [],
    })),
  ];
  return armorBinaryMessage(
    await encryptForDirectory(new TextEncoder().encode(text), { ...directory, recipients }),
  );
}

/**
 * A report's ciphertext (binary or armored) as a test caseworker reads it: decrypted with the
 * caseworker's key (TEST_PASSPHRASE) within the report's plaintext bound, then parsed.
 */
export async function openReportAs<T = Record<string, unknown>>(
  caseworker: { readonly armoredSecretKey: string },
  message: Uint8Array | string,
): Promise<T> {
  const plaintext = await decryptMessage(
    message,
    caseworker.armoredSecretKey,
    TEST_PASSPHRASE,
    MAX_PLAINTEXT_BYTES.report,
  );
  return JSON.parse(new TextDecoder().decode(plaintext)) as T;
}
