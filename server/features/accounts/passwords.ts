/**
 * Staff passwords: 15-256 characters, not in a bundled list of ~49 000 common passwords
 * (@zxcvbn-ts/language-common), hashed with argon2id (64 MiB, t=3). Hashing runs on libuv's
 * thread pool (@node-rs/argon2), so a login never blocks other requests.
 */
import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import { UnprocessableError } from '../../platform/errors';

export const PASSWORD_MIN_LENGTH = 15;
export const PASSWORD_MAX_LENGTH = 256;

const ARGON2_OPTIONS = {
  algorithm: 2, // Algorithm.Argon2id (a const enum, which isolatedModules cannot inline)
  memoryCost: 64 * 1024, // KiB
  timeCost: 3,
  parallelism: 1,
} as const;

let commonPasswords: ReadonlySet<string> | undefined;

function isCommonPassword(password: string): boolean {
  commonPasswords ??= new Set(
    (dictionary['passwords-common'] as readonly string[]).map((entry) => entry.toLowerCase()),
  );
  const lower = password.toLowerCase();
  // Also catches a common password padded to length with repeats or digits ("password12345678").
  return commonPasswords.has(lower) || commonPasswords.has(lower.replace(/[\d\s!.]+$/, ''));
}

/** Throws a 422 naming the rule a new password breaks. */
export function checkNewPassword(password: string, username: string): void {
  const length = [...password.normalize('NFC')].length;
  if (length < PASSWORD_MIN_LENGTH) {
    throw new UnprocessableError(
      'password_too_short',
      `The password must be at least ${PASSWORD_MIN_LENGTH} characters long.`,
    );
  }
  if (length > PASSWORD_MAX_LENGTH) {
    throw new UnprocessableError(
      'password_too_long',
      `The password must be at most ${PASSWORD_MAX_LENGTH} characters long.`,
    );
  }
  if (isCommonPassword(password) || password.toLowerCase().includes(username.toLowerCase())) {
    throw new UnprocessableError(
      'password_common',
      'This password is too common or contains the username. Choose another one.',
    );
  }
}

export async function hashPassword(password: string): Promise<string> {
  return await hash(password.normalize('NFC'), ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password.normalize('NFC'));
  } catch {
    return false;
  }
}

let decoyHash: Promise<string> | undefined;

/**
 * Costs the same as checking a real password, for logins with an unknown username: the answer
 * time must not tell an attacker which usernames exist.
 */
export async function verifyAgainstDecoy(password: string): Promise<false> {
  decoyHash ??= hash('decoy password that is never accepted', ARGON2_OPTIONS);
  await verifyPassword(await decoyHash, password);
  return false;
}
