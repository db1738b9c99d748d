/**
 * Every failure shown to staff goes through the i18n layer: a known `error.code` (from the
 * server or from client/crypto) has its own message; anything else gets a generic one. The
 * server's own `message` text is never shown: it is English-only and not ours to render.
 */
import type { DashboardMessageKey, DashboardTranslate } from '../i18n';

const MESSAGE_BY_CODE = {
  network: 'error.network',
  linking_key_version: 'error.linking_key_version',
  linking_key_retired: 'error.linking_key_retired',
  rotation_incomplete: 'error.rotation_incomplete',
  linking_recipient_removed: 'error.linking_recipient_removed',
  links_changed_meanwhile: 'error.links_changed_meanwhile',
  linking_key_vanished: 'error.linking_key_vanished',
  linking_key_untrusted: 'error.linking_key_untrusted',
  linking_key_not_shared: 'error.linking_key_not_shared',
  linking_identifiers_untrusted: 'error.linking_identifiers_untrusted',
  linking_identifiers_not_shared: 'error.linking_identifiers_not_shared',
  rotation_superseded: 'error.rotation_superseded',
  login_failed: 'error.login_failed',
  login_throttled: 'error.login_throttled',
  invite_invalid: 'error.invite_invalid',
  invite_revoked: 'error.invite_revoked',
  key_protection_weak: 'error.key_protection_weak',
  audit_busy: 'error.audit_busy',
  internal_error: 'error.internal_error',
  password_too_short: 'error.password_too_short',
  password_too_long: 'error.password_too_long',
  password_common: 'error.password_common',
  second_factor_failed: 'error.second_factor_failed',
  session_expired: 'error.session_expired',
  csrf_failed: 'error.csrf_failed',
  reauth_required: 'error.reauth_required',
  forbidden: 'error.forbidden',
  not_found: 'error.not_found',
  key_exists: 'error.key_exists',
  wrong_passphrase: 'error.wrong_passphrase',
  decryption_failed: 'error.decryption_failed',
  passphrase_too_short: 'error.passphrase_too_short',
  key_unreadable: 'error.key_unreadable',
  one_key_expected: 'error.one_key_expected',
  secret_key_given: 'error.secret_key_given',
  key_unprotected: 'error.key_unprotected',
  key_incomplete: 'error.key_incomplete',
  key_version_unsupported: 'error.key_version_unsupported',
  key_algorithm_unsupported: 'error.key_algorithm_unsupported',
  key_too_weak: 'error.key_too_weak',
  key_revoked: 'error.key_revoked',
  key_expired: 'error.key_expired',
  key_invalid: 'error.key_invalid',
  no_encryption_key: 'error.no_encryption_key',
  key_mismatch: 'error.key_mismatch',
  key_locked: 'error.key_locked',
  invalid_request: 'error.invalid_request',
  wrong_stage: 'error.wrong_stage',
  account_disabled: 'error.account_disabled',
  account_not_found: 'error.account_not_found',
  username_taken: 'error.username_taken',
  invalid_username: 'error.invalid_username',
  invalid_role: 'error.invalid_role',
  role_forbidden: 'error.role_forbidden',
  code_wrong: 'error.code_wrong',
  factor_exists: 'error.factor_exists',
  no_pending_factor: 'error.no_pending_factor',
  no_security_key: 'error.no_security_key',
  security_key_refused: 'error.security_key_refused',
  too_many_security_keys: 'error.too_many_security_keys',
  last_factor: 'error.last_factor',
  factors_busy: 'error.factors_busy',
  reauth_factor_required: 'error.reauth_factor_required',
  factor_not_found: 'error.factor_not_found',
  key_not_found: 'error.key_not_found',
  key_not_pending: 'error.key_not_pending',
  key_already_added: 'error.key_already_added',
  case_not_found: 'error.case_not_found',
  case_changed: 'error.case_changed',
  part_not_found: 'error.part_not_found',
  message_not_found: 'error.message_not_found',
  invalid_query: 'error.invalid_query',
  outcome_required: 'error.outcome_required',
  outcome_only_when_closed: 'error.outcome_only_when_closed',
  assignee_invalid: 'error.assignee_invalid',
  not_a_caseworker: 'error.not_a_caseworker',
  invalid_key_packet: 'error.invalid_key_packet',
  already_a_recipient: 'error.already_a_recipient',
  share_conflict: 'error.share_conflict',
  message_id_reused: 'error.message_id_reused',
  recipient_missing: 'error.recipient_missing',
  unknown_recipient: 'error.unknown_recipient',
  directory_signature_invalid: 'error.directory_signature_invalid',
  directory_wrong_organisation: 'error.directory_wrong_organisation',
  directory_expired: 'error.directory_expired',
  directory_outdated: 'error.directory_outdated',
  directory_malformed: 'error.directory_malformed',
  recipient_key_invalid: 'error.recipient_key_invalid',
  reply_key_invalid: 'error.reply_key_invalid',
  reply_key_mismatch: 'error.reply_key_mismatch',
  reply_key_unconfirmed: 'error.reply_key_unconfirmed',
  signer_not_in_directory: 'error.signer_not_in_directory',
  reply_key_changed: 'error.reply_key_changed',
  reply_key_already_confirmed: 'error.reply_key_already_confirmed',
  share_key_invalid: 'error.share_key_invalid',
  key_packets_malformed: 'error.key_packets_malformed',
  message_empty: 'error.message_empty',
  invalid_stats_request: 'error.invalid_stats_request',
  too_few_cases: 'error.too_few_cases',
  epsilon_budget_spent: 'error.epsilon_budget_spent',
  rounding_below_minimum: 'error.rounding_below_minimum',
  partner_unknown: 'error.partner_unknown',
  alert_kind_not_allowed: 'error.alert_kind_not_allowed',
  alert_email_malformed: 'error.alert_email_malformed',
  webhook_url_malformed: 'error.webhook_url_malformed',
  webhook_host_not_allowed: 'error.webhook_host_not_allowed',
  webhook_url_not_https: 'error.webhook_url_not_https',
  webhook_host_malformed: 'error.webhook_host_malformed',
} as const satisfies Readonly<Record<string, DashboardMessageKey>>;

export type KnownErrorCode = keyof typeof MESSAGE_BY_CODE;

/** A code is shown in the generic message only if it looks like one of ours (no free text). */
const DISPLAYABLE_CODE = /^[a-z0-9_]{1,64}$/;

export interface Failure {
  readonly code: string;
  readonly retryAfterSeconds?: number;
}

export function isKnownErrorCode(code: string): code is KnownErrorCode {
  return Object.prototype.hasOwnProperty.call(MESSAGE_BY_CODE, code);
}

/** The message for a failed API call or a refused crypto operation, in the person's language. */
export function describeFailure(t: DashboardTranslate, failure: Failure): string {
  const { code } = failure;
  if (!isKnownErrorCode(code)) {
    return t('error.generic', { code: DISPLAYABLE_CODE.test(code) ? code : 'unknown' });
  }
  if (code === 'login_throttled') {
    const minutes = Math.max(1, Math.ceil((failure.retryAfterSeconds ?? 60) / 60));
    return t('error.login_throttled', { count: minutes });
  }
  return t(MESSAGE_BY_CODE[code]);
}

/** For thrown errors (CryptoError, CaseworkerKeyError, anything else): by code, else generic. */
export function describeError(t: DashboardTranslate, error: unknown): string {
  const code =
    typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return describeFailure(t, { code: typeof code === 'string' ? code : 'unknown' });
}
