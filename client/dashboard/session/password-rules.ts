/**
 * The login-password rules the server enforces (docs/http-api.md: 15–256 characters, not a
 * common password), checked early so people are told before a round trip. The server decides.
 */
export const MIN_PASSWORD_LENGTH = 15;
export const MAX_PASSWORD_LENGTH = 256;

export type PasswordRefusal = 'password_too_short' | 'password_too_long' | 'mismatch';

export function checkNewPassword(password: string, repeated: string): PasswordRefusal | null {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return 'password_too_short';
  if (length > MAX_PASSWORD_LENGTH) return 'password_too_long';
  if (password !== repeated) return 'mismatch';
  return null;
}
