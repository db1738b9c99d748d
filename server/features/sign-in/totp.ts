/**
 * TOTP (RFC 6238: SHA-1, 6 digits, 30 s — what every authenticator app supports). A code is
 * accepted for the current step and one step either side (clock drift), and each step only once:
 * the account records the last step used (accounts.repository claimTotpStep).
 */
import { Secret, TOTP } from 'otpauth';

const PERIOD_SECONDS = 30;

export function createTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function totpUri(secretBase32: string, username: string, issuer: string): string {
  return totpFor(secretBase32, username, issuer).toString();
}

/** The time step a code belongs to, or null when it matches none of the accepted steps. */
export function matchTotpStep(secretBase32: string, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpFor(secretBase32, 'x', 'x').validate({
    token: code,
    timestamp: now.getTime(),
    window: 1,
  });
  if (delta === null) return null;
  return Math.floor(now.getTime() / 1000 / PERIOD_SECONDS) + delta;
}

/** For tests and the demo: the code an authenticator app would show at `now`. */
export function generateTotpCode(secretBase32: string, now: Date): string {
  return totpFor(secretBase32, 'x', 'x').generate({ timestamp: now.getTime() });
}

function totpFor(secretBase32: string, label: string, issuer: string): TOTP {
  return new TOTP({
    issuer,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD_SECONDS,
    secret: Secret.fromBase32(secretBase32),
  });
}
