/** The caseworker's own key routes of the staff API (docs/staff-api.md), typed. */
import type { ApiOutcome, StaffApiClient } from '../session/api-client';

export const KEY_STATUSES = ['pending', 'active', 'removed'] as const;
export type KeyStatus = (typeof KEY_STATUSES)[number];

export interface MyKey {
  readonly fingerprint: string;
  readonly status: KeyStatus;
  readonly armoredPublicKey: string;
  readonly protectedSecretKey: string;
}

/** `{key: …}` as the server sends it; anything malformed counts as no key. */
export function readMyKey(body: unknown): MyKey | null {
  if (typeof body !== 'object' || body === null || !('key' in body)) return null;
  const key = body.key;
  if (typeof key !== 'object' || key === null) return null;
  const record = key as Record<string, unknown>;
  const status = KEY_STATUSES.find((candidate) => candidate === record['status']);
  if (
    typeof record['fingerprint'] !== 'string' ||
    !status ||
    typeof record['armoredPublicKey'] !== 'string' ||
    typeof record['protectedSecretKey'] !== 'string'
  ) {
    return null;
  }
  return {
    fingerprint: record['fingerprint'].toLowerCase(),
    status,
    armoredPublicKey: record['armoredPublicKey'],
    protectedSecretKey: record['protectedSecretKey'],
  };
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
