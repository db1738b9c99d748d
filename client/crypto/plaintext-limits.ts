/*
 * Without openpgp imports, so the dashboard and the reporter page can name a bound without
 * loading OpenPGP.js.
 */
/**
 * The most plaintext each kind of stored message can hold: what the service accepts uncompressed
 * at the upper bounds its configuration allows, so a deployment's own limits always fit.
 */
export const MAX_PLAINTEXT_BYTES = Object.freeze({
  /** Reports and follow-ups: intake bodies are at most 16 MiB (INTAKE_MAX_BODY_BYTES). */
  report: 16 * 1024 * 1024,
  /** Notes and replies: a staff write is at most 768 KiB. */
  caseMessage: 768 * 1024,
  /** One attachment part: at most 15 MiB (ATTACHMENT_MAX_PART_BYTES). */
  attachmentPart: 15 * 1024 * 1024,
  /** The signed recipient directory: its keys are at most 64 KiB each. */
  directory: 4 * 1024 * 1024,
});
