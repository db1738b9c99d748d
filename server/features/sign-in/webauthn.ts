/**
 * WebAuthn security keys as a second factor, through @simplewebauthn/server. The relying party is
 * PUBLIC_ORIGIN's host; attestation is not requested (we vet people, not authenticator brands).
 */
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { WebauthnCredential } from './factors.repository';

export interface RelyingParty {
  readonly origin: string;
  readonly id: string;
  readonly name: string;
}

export function relyingPartyFor(publicOrigin: string): RelyingParty {
  return { origin: publicOrigin, id: new URL(publicOrigin).hostname, name: 'Amanat' };
}

export async function registrationOptions(
  rp: RelyingParty,
  account: { id: string; username: string },
  existing: readonly WebauthnCredential[],
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  return await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: account.username,
    userID: new TextEncoder().encode(account.id),
    attestationType: 'none',
    excludeCredentials: existing.map((credential) => ({
      id: credential.id,
      transports: [...credential.transports],
    })),
    authenticatorSelection: { residentKey: 'discouraged', userVerification: 'preferred' },
    timeout: 120_000,
  });
}

/** The new credential, or null when the response does not verify. */
/** The WebAuthn minimum length of a credential id. */
const MIN_CREDENTIAL_ID_BYTES = 16;

export async function verifyRegistration(
  rp: RelyingParty,
  response: unknown,
  expectedChallenge: string,
): Promise<{ id: string; publicKey: Uint8Array; counter: number; transports: string[] } | null> {
  try {
    const verdict = await verifyRegistrationResponse({
      response: response as RegistrationResponseJSON,
      ...boundTo(rp, expectedChallenge),
      requireUserVerification: false,
    });
    if (!verdict.verified) return null;
    const { credential } = verdict.registrationInfo;
    // WebAuthn credential ids are at least 16 bytes; a shorter one could pass for the
    // authenticator app's factor id ('totp') in the own-factors routes.
    if (Buffer.from(credential.id, 'base64url').length < MIN_CREDENTIAL_ID_BYTES) return null;
    return {
      id: credential.id,
      publicKey: credential.publicKey,
      counter: credential.counter,
      transports: credential.transports ?? [],
    };
  } catch {
    return null;
  }
}

export async function authenticationOptions(
  rp: RelyingParty,
  credentials: readonly WebauthnCredential[],
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return await generateAuthenticationOptions({
    rpID: rp.id,
    allowCredentials: credentials.map((credential) => ({
      id: credential.id,
      transports: [...credential.transports],
    })),
    userVerification: 'preferred',
    timeout: 120_000,
  });
}

/** The credential used and its new counter, or null when the assertion does not verify. */
export async function verifyAuthentication(
  rp: RelyingParty,
  response: unknown,
  expectedChallenge: string,
  credentials: readonly WebauthnCredential[],
): Promise<{ credential: WebauthnCredential; newCounter: number } | null> {
  const id = (response as { id?: unknown } | null)?.id;
  const credential = credentials.find((candidate) => candidate.id === id);
  if (!credential) return null;
  try {
    const verdict = await verifyAuthenticationResponse({
      response: response as AuthenticationResponseJSON,
      ...boundTo(rp, expectedChallenge),
      credential: {
        id: credential.id,
        publicKey: new Uint8Array(credential.publicKey),
        counter: credential.counter,
        transports: [...credential.transports],
      },
      requireUserVerification: false,
    });
    if (!verdict.verified) return null;
    return { credential, newCounter: verdict.authenticationInfo.newCounter };
  } catch {
    return null;
  }
}

/** What a ceremony's response must be bound to: the challenge we issued, our origin and RP ID. */
function boundTo(rp: RelyingParty, expectedChallenge: string) {
  return { expectedChallenge, expectedOrigin: rp.origin, expectedRPID: rp.id };
}
