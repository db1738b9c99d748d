/** The caseworker's own key routes of the staff API (docs/http-api.md), read with the contract. */
import * as z from 'zod/mini';
import { ownKeySchema, protectedSecretKeyAnswerSchema } from '../../../contract/api/staff';
import type { KeyStatus } from '../../../contract/vocabulary';
import type { ApiOutcome, StaffApiClient } from '../session/api-client';
import { readAs } from '../session/answer-reading';
import { keyReleaseToken } from '../session/key-release';

/** What the key panel shows. The protected secret key comes apart, only when needed. */
export interface MyKey {
  readonly fingerprint: string;
  readonly status: KeyStatus;
  readonly armoredPublicKey: string;
}

/** Fingerprints are compared lower-case: the server's case is not trusted. */
const ownKeyReading = z.object({
  key: z.extend(ownKeySchema, { fingerprint: z.string() }),
});

/** `{key: …}` as the server sends it; anything malformed counts as no key. */
export function readMyKey(body: unknown): MyKey | null {
  const key = readAs(ownKeyReading, body)?.key;
  return key ? { ...key, fingerprint: key.fingerprint.toLowerCase() } : null;
}

const protectedSecretKeyReading = z.extend(protectedSecretKeyAnswerSchema, {
  fingerprint: z.string(),
});

/** The armored protected secret key of `fingerprint` from `{fingerprint, protectedSecretKey}`. */
function readProtectedSecretKey(body: unknown, fingerprint: string): string | null {
  const answer = readAs(protectedSecretKeyReading, body);
  return answer?.fingerprint.toLowerCase() === fingerprint ? answer.protectedSecretKey : null;
}

type Outcome<T> = Promise<ApiOutcome<T>>;

export class KeyApi {
  constructor(private readonly client: StaffApiClient) {}

  private static shaped(result: ApiOutcome<unknown>): ApiOutcome<MyKey | null> {
    return result.ok ? { ok: true, status: result.status, body: readMyKey(result.body) } : result;
  }

  async myKey(): Outcome<MyKey | null> {
    return KeyApi.shaped(await this.client.get('/api/me/key'));
  }

  /**
   * The passphrase-protected secret key of `key`, for one use (unlock, passphrase change,
   * download); never kept. Sent with this tab's key release token (key-release.ts): a tab that
   * signed in or re-authenticated gets it at once, after a reload too; any other tab is
   * answered `reauth_required`, and the API client shows the re-authentication dialog (which
   * issues this tab a token), then asks again with it.
   */
  async protectedSecretKey(key: MyKey): Outcome<string> {
    const result = await this.client.get('/api/me/key/secret', () => {
      const token = keyReleaseToken();
      return token === null ? {} : { 'X-Key-Release': token };
    });
    if (!result.ok) return result;
    const armored = readProtectedSecretKey(result.body, key.fingerprint);
    // Another key than the one shown (replaced meanwhile): never unlock or save it by mistake.
    return armored === null
      ? { ok: false, status: result.status, code: 'key_mismatch' }
      : { ok: true, status: result.status, body: armored };
  }

  /** Uploads the public key and the passphrase-protected secret key (never an unprotected one). */
  async upload(armoredPublicKey: string, protectedSecretKey: string): Outcome<MyKey | null> {
    return KeyApi.shaped(
      await this.client.put('/api/me/key', { armoredPublicKey, protectedSecretKey }),
    );
  }

  /** Replaces the stored protected secret key after a passphrase change (same fingerprint). */
  async updateProtection(protectedSecretKey: string): Outcome<MyKey | null> {
    return KeyApi.shaped(await this.client.put('/api/me/key/protection', { protectedSecretKey }));
  }
}
