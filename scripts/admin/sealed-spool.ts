/**
 * A restore reads its backup twice: once to check all of it while writing nothing, then again to
 * restore it. What it read the first time is kept for the second in a temporary file sealed with
 * a key that exists only in this process (AES-256-GCM, one nonce and tag per chunk). So a
 * decrypted archive piped in from `gpg --decrypt` never lies on this machine's disk in plaintext,
 * an encrypted one is decrypted once, and a copy changed on disk between the passes fails its
 * authentication before a byte of it is restored. A process killed mid-restore leaves only
 * ciphertext whose key died with it.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CIPHER = 'aes-256-gcm';
const TAG_BYTES = 16;

export class SpoolDamagedError extends Error {
  override readonly name = 'SpoolDamagedError';
}

export class SealedSpool {
  private readonly key = randomBytes(32);
  /** Sealed length of each chunk, in order: the file holds nothing but ciphertext and tags. */
  private readonly sealedLengths: number[] = [];
  private complete = false;

  private constructor(
    private readonly dir: string,
    private readonly file: FileHandle,
  ) {}

  /** A new, empty spool under `parent` (a directory of its own, mode 0700; the file 0600). */
  static async create(parent = tmpdir()): Promise<SealedSpool> {
    const dir = await mkdtemp(join(parent, 'amanat-restore-'));
    try {
      return new SealedSpool(dir, await open(join(dir, 'sealed'), 'wx+', 0o600));
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
  }

  /** Hands on every chunk of `source` unchanged, keeping each one sealed; complete at its end. */
  async *record(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    let position = 0;
    for await (const chunk of source) {
      const sealed = this.seal(chunk, this.sealedLengths.length);
      await this.file.write(sealed, 0, sealed.length, position);
      position += sealed.length;
      this.sealedLengths.push(sealed.length);
      yield chunk;
    }
    this.complete = true;
  }

  /** The recorded chunks again, each authenticated before it is handed out. */
  async *replay(): AsyncGenerator<Uint8Array> {
    if (!this.complete)
      throw new SpoolDamagedError('The restore copy was not recorded to its end.');
    let position = 0;
    for (const [index, length] of this.sealedLengths.entries()) {
      const sealed = Buffer.alloc(length);
      const { bytesRead } = await this.file.read(sealed, 0, length, position);
      position += length;
      yield this.unseal(sealed.subarray(0, bytesRead), index);
    }
  }

  async dispose(): Promise<void> {
    await this.file.close().catch(() => {});
    await rm(this.dir, { recursive: true, force: true });
  }

  private seal(chunk: Uint8Array, index: number): Buffer {
    const cipher = createCipheriv(CIPHER, this.key, nonce(index));
    return Buffer.concat([cipher.update(chunk), cipher.final(), cipher.getAuthTag()]);
  }

  private unseal(sealed: Buffer, index: number): Buffer {
    const decipher = createDecipheriv(CIPHER, this.key, nonce(index));
    if (sealed.length < TAG_BYTES) throw damagedSpool();
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    const plain = decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES));
    try {
      return Buffer.concat([plain, decipher.final()]);
    } catch {
      throw damagedSpool();
    }
  }
}

/** The chunk's index: unique under this spool's key, and a reordered chunk fails to open. */
function nonce(index: number): Buffer {
  const bytes = Buffer.alloc(12);
  bytes.writeBigUInt64BE(BigInt(index), 4);
  return bytes;
}

function damagedSpool(): SpoolDamagedError {
  return new SpoolDamagedError(
    'The restore copy in TMPDIR was changed while the restore ran (it failed its authentication).',
  );
}
