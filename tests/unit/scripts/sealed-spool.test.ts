/**
 * The restore's copy of its backup between the two passes (scripts/admin/sealed-spool.ts): what
 * comes back is exactly what went in, the file on disk holds none of the plaintext, a copy changed
 * on disk is refused before any of it is handed out, and nothing is left behind.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { SealedSpool, SpoolDamagedError } from '../../../scripts/admin/sealed-spool';

async function drain(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const out: Uint8Array[] = [];
  for await (const chunk of chunks) out.push(chunk);
  return Buffer.concat(out);
}

/** The parts as a stream yields them, one chunk each (the empty one included). */
const from = (parts: readonly Buffer[]): AsyncIterable<Uint8Array> => Readable.from(parts);

describe('the sealed spool a restore keeps between its passes', () => {
  let spoolParent: string;
  const parts = [randomBytes(70_000), Buffer.alloc(0), randomBytes(5), randomBytes(200_000)];
  const plaintext = Buffer.concat(parts);

  // A parent of its own, so the test can find (and tamper with) the spool's file.
  beforeEach(() => {
    spoolParent = mkdtempSync(join(tmpdir(), 'amanat-spool-test-'));
  });
  afterEach(() => rmSync(spoolParent, { recursive: true, force: true }));
  const spoolFile = (): string => {
    const [dir] = readdirSync(spoolParent);
    return join(spoolParent, dir!, 'sealed');
  };

  test('when chunks are recorded then they pass through unchanged, come back the same, and the file holds none of them', async () => {
    const spool = await SealedSpool.create(spoolParent);
    try {
      expect((await drain(spool.record(from(parts)))).equals(plaintext)).toBe(true);
      const onDisk = readFileSync(spoolFile());
      for (const part of parts.filter((p) => p.length >= 16)) {
        expect(onDisk.includes(part.subarray(0, 16))).toBe(false);
      }
      expect((await drain(spool.replay())).equals(plaintext)).toBe(true);
      expect((await drain(spool.replay())).equals(plaintext)).toBe(true);
    } finally {
      await spool.dispose();
    }
    expect(readdirSync(spoolParent)).toEqual([]);
  });

  test('when the file is changed between the passes then the replay refuses it before handing out a byte of the changed chunk', async () => {
    const spool = await SealedSpool.create(spoolParent);
    try {
      await drain(spool.record(from(parts)));
      const file = spoolFile();
      const sealed = readFileSync(file);
      sealed[100]! ^= 0x01; // inside the first chunk
      writeFileSync(file, sealed);
      const handedOut: Uint8Array[] = [];
      await expect(
        (async () => {
          for await (const chunk of spool.replay()) handedOut.push(chunk);
        })(),
      ).rejects.toThrow(SpoolDamagedError);
      expect(handedOut).toEqual([]);
    } finally {
      await spool.dispose();
    }
  });

  test('when the file is cut short then the replay refuses it', async () => {
    const spool = await SealedSpool.create(spoolParent);
    try {
      await drain(spool.record(from(parts)));
      const file = spoolFile();
      writeFileSync(file, readFileSync(file).subarray(0, 70_000 + 16 + 10));
      await expect(drain(spool.replay())).rejects.toThrow(SpoolDamagedError);
    } finally {
      await spool.dispose();
    }
  });

  test('when the source did not reach its end then there is nothing to replay', async () => {
    const spool = await SealedSpool.create(spoolParent);
    try {
      await spool.record(from(parts)).next();
      await expect(drain(spool.replay())).rejects.toThrow('not recorded to its end');
    } finally {
      await spool.dispose();
    }
    expect(existsSync(spoolParent)).toBe(true);
    expect(readdirSync(spoolParent)).toEqual([]);
  });
});
