/**
 * The newest linking key this device has verified, pinned (SECURITY.md "Linked cases").
 *
 * Security: every dashboard checks the stored key's signature, so nobody with the database can
 * plant a key of their own. But a database writer can put back an older wrapping of a retired
 * key, validly signed for its own, older version (and served under it): a key a former
 * caseworker still holds, whose tokens they could then reverse. And a caseworker's dashboard
 * could store another key under the current version. Nothing else can tell the dashboard which
 * key is current: the server says what the writer wants, and the signed directory does not name
 * the linking key. So this device remembers the highest version it has verified and a check
 * value of that key (linking/link-token.ts: an HMAC under the key, which reveals nothing of it),
 * and refuses a lower version, or that version with another key. Both are no secret, so they are
 * kept in localStorage; the sign-out clears them with the rest of the site's storage, so the pin
 * guards a device from one verified key until its sign-out.
 */
import { keyCheckValue } from './link-token';

const STORAGE_KEY = 'amanat.linking-key.pin';

export type PinRefusal = 'linking_key_rolled_back' | 'linking_key_replaced';

interface Pin {
  readonly version: number;
  readonly check: string;
}

/**
 * Null when key `version` is the pinned one or newer (it is then pinned); else why it is refused.
 * A browser without storage pins nothing and refuses nothing.
 */
export async function checkLinkingKeyPin(
  version: number,
  key: CryptoKey,
): Promise<PinRefusal | null> {
  const check = await keyCheckValue(key);
  const pinned = readPin();
  if (pinned !== null && version < pinned.version) return 'linking_key_rolled_back';
  if (pinned !== null && version === pinned.version && check !== pinned.check) {
    return 'linking_key_replaced';
  }
  writePin({ version, check });
  return null;
}

/** The newest linking key version this device has verified; null when none. */
export function pinnedVersion(): number | null {
  return readPin()?.version ?? null;
}

function readPin(): Pin | null {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
    const pin = parsed as Partial<Pin> | null;
    return typeof pin?.version === 'number' && typeof pin.check === 'string'
      ? { version: pin.version, check: pin.check }
      : null;
  } catch {
    return null;
  }
}

function writePin(pin: Pin): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(pin));
  } catch {
    // Storage refused (private mode, full): this device pins nothing.
  }
}
