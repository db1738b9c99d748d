/**
 * The signed-in person's own second factors (GET /api/auth/factors and the changes beside it),
 * typed and read with the contract's schemas. Every change carries this tab's key release token
 * (X-Key-Release, key-release.ts): the server changes factors only for the tab that proved
 * password and factor lately, never for a copy of the session cookie. The headers are read again
 * for the retry after the re-authentication dialog, which issues a new token.
 */
import {
  newRecoveryCodesSchema,
  ownFactorsSchema,
  type OwnFactors,
} from '../../../contract/api/sign-in';
import type { ApiOutcome, HeadersOfTry, StaffApiClient } from './api-client';
import { readAs } from './answer-reading';
import { keyReleaseToken } from './key-release';

export type { OwnFactor, OwnFactors } from '../../../contract/api/sign-in';

/** This tab's key release token as a request header, when it holds one. */
export const keyReleaseHeaders: HeadersOfTry = () => {
  const token = keyReleaseToken();
  return token === null ? {} : { 'X-Key-Release': token };
};

export class OwnFactorsApi {
  constructor(private readonly client: StaffApiClient) {}

  async list(): Promise<ApiOutcome<OwnFactors>> {
    return readFactors(await this.client.get('/api/auth/factors'));
  }

  async remove(factorId: string): Promise<ApiOutcome<OwnFactors>> {
    const path = `/api/auth/factors/${encodeURIComponent(factorId)}/remove`;
    return readFactors(await this.client.call('POST', path, {}, 'json', keyReleaseHeaders));
  }

  /** New recovery codes, to be shown once; the old ones stop working on the server at once. */
  async renewRecoveryCodes(): Promise<ApiOutcome<readonly string[]>> {
    const result = await this.client.call(
      'POST',
      '/api/auth/factors/recovery-codes',
      {},
      'json',
      keyReleaseHeaders,
    );
    if (!result.ok) return result;
    const read = readAs(newRecoveryCodesSchema, result.body);
    return read
      ? { ok: true, status: result.status, body: read.recoveryCodes }
      : { ok: false, status: result.status, code: 'invalid_answer' };
  }
}

/** A malformed answer is a failure, never half-trusted. */
function readFactors(result: ApiOutcome<unknown>): ApiOutcome<OwnFactors> {
  if (!result.ok) return result;
  const read = readAs(ownFactorsSchema, result.body);
  return read
    ? { ok: true, status: result.status, body: read }
    : { ok: false, status: result.status, code: 'invalid_answer' };
}
