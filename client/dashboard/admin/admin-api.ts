/** The administration routes of the staff API (docs/http-api.md), read with the contract. */
import * as z from 'zod/mini';
import { directoryExpirySchema } from '../../../contract/api/health';
import { createdInviteSchema, staffKeySchema, staffUserSchema } from '../../../contract/api/staff';
import type { StaffRole } from '../../../contract/vocabulary';
import type { ApiOutcome, StaffApiClient } from '../session/api-client';
import { anyValue, readableItems, readAs, withFallbacks } from '../session/answer-reading';

export interface CreatedInvite {
  readonly token: string;
  readonly expiresAt: string;
}

export interface StaffUser {
  readonly id: string;
  readonly username: string;
  readonly role: StaffRole;
  readonly status: string;
  readonly factors: { readonly totp: boolean; readonly webauthn: number };
}

export interface StaffKey {
  readonly fingerprint: string;
  readonly label: string;
  readonly status: string;
  readonly owner: string | null;
  readonly addedOn: string;
}

/** The recipient directory's days left, as /readyz reports them (contract/api/health.ts). */
export type DirectoryExpiry = z.output<typeof directoryExpirySchema>;

type Outcome<T> = Promise<ApiOutcome<T>>;

const inviteReading = withFallbacks(createdInviteSchema, { expiresAt: '', path: '' });

function readInvite(body: unknown): CreatedInvite | null {
  const invite = readAs(inviteReading, body);
  return invite && { token: invite.token, expiresAt: invite.expiresAt };
}

/** Accounts with an unknown role are left out; an unknown status or factor reads as empty. */
const userReading = withFallbacks(
  z.extend(staffUserSchema, {
    id: z.string(),
    status: z.string(),
    factors: withFallbacks(staffUserSchema.def.shape.factors, { totp: false, webauthn: 0 }),
  }),
  { status: '', factors: { totp: false, webauthn: 0 } },
);

export function readUsers(body: unknown): StaffUser[] {
  return readableItems(userReading, readAs(z.object({ users: anyValue }), body)?.users);
}

const keyReading = withFallbacks(
  z.extend(staffKeySchema, { fingerprint: z.string(), status: z.string(), addedOn: z.string() }),
  { label: '', status: '', owner: null, addedOn: '' },
);

export function readKeys(body: unknown): StaffKey[] {
  return readableItems(keyReading, readAs(z.object({ keys: anyValue }), body)?.keys).map((key) => ({
    ...key,
    fingerprint: key.fingerprint.toLowerCase(),
  }));
}

export class AdminApi {
  constructor(private readonly client: StaffApiClient) {}

  async createInvite(username: string, role: StaffRole): Outcome<CreatedInvite> {
    const result = await this.client.post('/api/admin/invites', { username, role });
    if (!result.ok) return result;
    const invite = readInvite(result.body);
    return invite
      ? { ok: true, status: result.status, body: invite }
      : { ok: false, status: result.status, code: 'unknown' };
  }

  async users(): Outcome<StaffUser[]> {
    const result = await this.client.get('/api/admin/users');
    return result.ok ? { ok: true, status: result.status, body: readUsers(result.body) } : result;
  }

  /** Resets the account's factors; the server answers with a new invitation for them (or 204). */
  async resetFactors(userId: string): Outcome<CreatedInvite | null> {
    const result = await this.client.post(
      `/api/admin/users/${encodeURIComponent(userId)}/reset-factors`,
    );
    return result.ok ? { ok: true, status: result.status, body: readInvite(result.body) } : result;
  }

  async keys(): Outcome<StaffKey[]> {
    const result = await this.client.get('/api/admin/keys');
    return result.ok ? { ok: true, status: result.status, body: readKeys(result.body) } : result;
  }

  async vetKey(fingerprint: string): Outcome<unknown> {
    return await this.client.post(`/api/admin/keys/${encodeURIComponent(fingerprint)}/vet`);
  }

  /** The directory's standing from readiness; null when this instance could not say. */
  async directoryExpiry(): Outcome<DirectoryExpiry | null> {
    const result = await this.client.get('/readyz');
    if (!result.ok) return result;
    const read = readAs(z.object({ directory: directoryExpirySchema }), result.body);
    return { ok: true, status: result.status, body: read?.directory ?? null };
  }
}

/** The link an admin sends: the token in the fragment, never in a query string. */
export function invitationLink(origin: string, token: string): string {
  return `${origin}/staff/#invite=${encodeURIComponent(token)}`;
}
