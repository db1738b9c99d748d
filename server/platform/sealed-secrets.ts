/**
 * Seals small secrets the server must be able to read back (TOTP seeds) with AES-256-GCM under a
 * key derived from FACTOR_ENCRYPTION_KEY. A database dump alone (backup, breach) then reveals no
 * second-factor seed. `context` (e.g. the account id) is bound as associated data, so a sealed
 * value copied to another account does not open.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

export class SecretSealer {
  private readonly key: Buffer;

  constructor(masterKey: Buffer, purpose: string) {
    this.key = Buffer.from(
      hkdfSync('sha256', masterKey, Buffer.alloc(0), `amanat/${purpose}/v1`, 32),
    );
  }

  seal(secret: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return `${VERSION}.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')}`;
  }

  /** Throws if the value was changed, sealed for another context, or under another key. */
  open(sealed: string, context: string): string {
    const [version, encoded] = sealed.split('.');
    if (version !== VERSION || !encoded) throw new Error('sealed secret: unknown format');
    const bytes = Buffer.from(encoded, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, 12));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    return Buffer.concat([
      decipher.update(bytes.subarray(12, bytes.length - 16)),
      decipher.final(),
    ]).toString('utf8');
  }
}
