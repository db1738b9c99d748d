/** The administration routes of the staff API (docs/staff-api.md), typed and read defensively. */
import type { ApiOutcome, StaffApiClient } from '../session/api-client';
import { ROLES, type Role } from '../session/session-api';

export interface CreatedInvite {
  readonly token: string;
  readonly expiresAt: string;
}

export interface StaffUser {
  readonly id: string;
  readonly username: string;
  readonly role: Role;
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

type Outcome<T> = Promise<ApiOutcome<T>>;

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function list(body: unknown, name: string): unknown[] {
  const value = record(body)[name];
  return Array.isArray(value) ? value : [];
}

function readInvite(body: unknown): CreatedInvite | null {
  const invite = record(body);
  if (typeof invite['token'] !== 'string' || invite['token'] === '') return null;
  return { token: invite['token'], expiresAt: text(invite['expiresAt']) };
}

export function readUsers(body: unknown): StaffUser[] {
  return list(body, 'users').flatMap((item) => {
    const user = record(item);
    const role = ROLES.find((candidate) => candidate === user['role']);
    if (typeof user['id'] !== 'string' || typeof user['username'] !== 'string' || !role) return [];
    const factors = record(user['factors']);
    return [
      {
        id: user['id'],
        username: user['username'],
        role,
        status: text(user['status']),
        factors: {
          totp: factors['totp'] === true,
          webauthn: typeof factors['webauthn'] === 'number' ? factors['webauthn'] : 0,
        },
      },
    ];
  });
}

export function readKeys(body: unknown): StaffKey[] {
  return list(body, 'keys').flatMap((item) => {
    const key = record(item);
    if (typeof key['fingerprint'] !== 'string') return [];
    return [
      {
        fingerprint: key['fingerprint'].toLowerCase(),
        label: text(key['label']),
        status: text(key['status']),
        owner: typeof key['owner'] === 'string' ? key['owner'] : null,
        addedOn: text(key['addedOn']),
      },
    ];
  });
}

export class AdminApi {
  constructor(private readonly client: StaffApiClient) {}

  async createInvite(username: string, role: Role): Outcome<CreatedInvite> {
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
}

/** The link an admin sends: the token in the fragment, never in a query string. */
export function invitationLink(origin: string, token: string): string {
  return `${origin}/staff/#invite=${encodeURIComponent(token)}`;
}
