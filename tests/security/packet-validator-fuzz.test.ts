/**
 * Attack: OpenPGP input crafted to get past the packet validator or to hurt the server that runs
 * it — flipped bytes, truncation, inflated length fields, duplicated or reordered packets,
 * compressed and nested compressed packets, decompression ("zip") bombs, stray packets — so that
 * something other than ciphertext for exactly the caseworkers is stored, or the validator throws,
 * hangs or expands a bomb. Defence: the validator intake, follow-ups, notes, replies and parts
 * share (server/features/intake/encrypted-messages.ts over
 * server/platform/openpgp/encrypted-message.ts): a strict framing reader that refuses every
 * packet but PKESK and SEIPD (compressed ones included) before OpenPGP.js's strict parser ever
 * sees the bytes — so the server never decompresses anything — then the library's own parse, then
 * the recipient policy. Every refusal is a typed 4xx error with a stable code.
 *
 * The committed corpus (tests/fixtures/packet-corpus/, made by its generate.ts) holds valid
 * messages from OpenPGP.js and GnuPG and invalid ones with their codes. fast-check mutates the
 * valid ones; an independent oracle (tests/helpers/packet-oracle.ts) decides whether a mutant is
 * still a valid encrypted message. Properties: the validator answers only with acceptance or a
 * typed refusal; it accepts nothing the oracle rejects; it answers fast; and mutations that keep a
 * message valid (reordered recipients, changed ciphertext) are still accepted.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  validateEncryptedBytes,
  validateEncryptedMessage,
  type RecipientPolicy,
} from '../../server/features/intake/encrypted-messages';
import { AppError } from '../../server/platform/errors';
import { armorMessage } from '../../server/platform/openpgp';
import {
  duplicatePacket,
  framePackets,
  inflateLength,
  insertPacket,
  isValidEncryptedMessage,
  reorderPackets,
  wrapInCompression,
} from '../helpers/packet-oracle';

interface CorpusEntry {
  readonly file: string;
  readonly description: string;
  readonly expected:
    { readonly accepted: true } | { readonly accepted: false; readonly code: string };
}

const CORPUS_DIR = join(__dirname, '..', 'fixtures', 'packet-corpus');
const manifest = JSON.parse(readFileSync(join(CORPUS_DIR, 'manifest.json'), 'utf8')) as {
  recipients: string[][];
  entries: CorpusEntry[];
};
const corpus = manifest.entries.map((entry) => ({
  ...entry,
  bytes: new Uint8Array(readFileSync(join(CORPUS_DIR, entry.file))),
}));
const validMessages = corpus.filter((entry) => entry.expected.accepted);

/** What a directory of the corpus's two recipients looks like to the validator. */
const POLICY: RecipientPolicy = {
  holderByKeyId: new Map(
    manifest.recipients.flatMap((keyIds, holder) =>
      keyIds.map((keyId) => [keyId, `holder-${holder}`]),
    ),
  ),
  holderCount: manifest.recipients.length,
  directoryVersion: 1,
};

/** Every code the validator may refuse a message with (README "Intake refusal codes"). */
const REFUSAL_CODES = new Set([
  'empty_message',
  'truncated',
  'malformed_packet',
  'not_encrypted',
  'compressed_data',
  'password_encrypted',
  'no_recipients',
  'unsupported_recipient_packet',
  'wildcard_recipient',
  'no_integrity_protection',
  'unsupported_encryption',
  'concatenated_messages',
  'duplicate_recipient',
  'unknown_recipient',
  'recipient_missing',
  'invalid_armor',
  'armor_headers_not_allowed',
  'armor_checksum_mismatch',
]);

/** Each validation must answer within this (ms); generous for a loaded 2-core machine. */
const FAST_MS = 250;

type Verdict =
  | { readonly accepted: true; readonly bytes: Uint8Array; readonly ms: number }
  | { readonly accepted: false; readonly code: string; readonly ms: number }
  | { readonly accepted: false; readonly untyped: string; readonly ms: number };

async function judge(run: () => Promise<{ bytes: Uint8Array }>): Promise<Verdict> {
  const started = performance.now();
  try {
    const { bytes } = await run();
    return { accepted: true, bytes, ms: performance.now() - started };
  } catch (error) {
    const ms = performance.now() - started;
    if (
      error instanceof AppError &&
      error.status >= 400 &&
      error.status < 500 &&
      REFUSAL_CODES.has(error.code)
    ) {
      return { accepted: false, code: error.code, ms };
    }
    return { accepted: false, untyped: String(error), ms };
  }
}

const judgeBytes = (bytes: Uint8Array) => judge(() => validateEncryptedBytes(bytes, POLICY));

/** The invariant every mutant must keep; returns what is wrong, for a readable counterexample. */
function problemsWith(bytes: Uint8Array, verdict: Verdict): string[] {
  const problems: string[] = [];
  if ('untyped' in verdict) problems.push(`threw something untyped: ${verdict.untyped}`);
  if (verdict.accepted && !isValidEncryptedMessage(verdict.bytes, manifest.recipients)) {
    problems.push('accepted a message the oracle calls invalid');
  }
  if (verdict.accepted && !Buffer.from(verdict.bytes).equals(Buffer.from(bytes))) {
    problems.push('would store other bytes than it received');
  }
  if (verdict.ms > FAST_MS) problems.push(`took ${Math.round(verdict.ms)} ms`);
  return problems;
}

/** Judges `bytes` and checks the verdict keeps the invariant (problemsWith finds nothing). */
async function soundVerdictOn(bytes: Uint8Array): Promise<Verdict> {
  const verdict = await judgeBytes(bytes);
  expect(problemsWith(bytes, verdict)).toEqual([]);
  return verdict;
}

/** A sound verdict that refuses `bytes`. */
async function expectRefused(bytes: Uint8Array): Promise<void> {
  expect((await soundVerdictOn(bytes)).accepted).toBe(false);
}

const validMessage = fc.constantFrom(...validMessages.map((entry) => entry.bytes));
const RUNS = { numRuns: 300 };

describe('the committed corpus', () => {
  test('has valid messages from OpenPGP.js and GnuPG, and every class of refusal', () => {
    expect(validMessages.map((entry) => entry.file)).toEqual(
      expect.arrayContaining(['valid-openpgpjs.pgp', 'valid-gnupg.pgp']),
    );
    // GnuPG frames its encrypted packet with partial lengths: the fuzz covers both framings.
    expect(
      framePackets(corpus.find((entry) => entry.file === 'valid-gnupg.pgp')!.bytes)!.at(-1)!
        .partial,
    ).toBe(true);
    expect(corpus.length).toBeGreaterThanOrEqual(20);
  });

  test.each(corpus.map((entry) => [entry.file, entry] as const))(
    'when %s is validated (binary and armored) then the verdict is the one the corpus states, and the oracle agrees',
    async (_file, entry) => {
      const binary = await judgeBytes(entry.bytes);
      const armored = await judge(() =>
        validateEncryptedMessage(armorMessage(entry.bytes), POLICY),
      );
      for (const verdict of [binary, armored]) {
        const outcome = verdict.accepted
          ? { accepted: true }
          : { accepted: false, code: 'code' in verdict ? verdict.code : verdict.untyped };
        expect(outcome).toEqual(entry.expected);
        expect(verdict.ms).toBeLessThan(FAST_MS);
      }
      expect(isValidEncryptedMessage(entry.bytes, manifest.recipients)).toBe(
        entry.expected.accepted,
      );
    },
  );

  test('when a decompression bomb is validated then it is refused at once and nothing is expanded', async () => {
    const bombs = corpus.filter((entry) => entry.file.startsWith('bomb-'));
    expect(bombs.length).toBeGreaterThanOrEqual(3);
    const before = process.memoryUsage().arrayBuffers;
    for (const bomb of bombs) {
      for (let i = 0; i < 20; i++) {
        const verdict = await judgeBytes(bomb.bytes);
        expect([bomb.file, verdict.accepted, 'code' in verdict && verdict.code]).toEqual([
          bomb.file,
          false,
          'compressed_data',
        ]);
        // Inflating 64 MiB would take hundreds of ms; the refusal reads headers only.
        expect([bomb.file, verdict.ms < 50]).toEqual([bomb.file, true]);
      }
    }
    // Sixty refusals of bombs that expand to 64 MiB each left no expanded data behind.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 1024 * 1024);
  });
});

describe('mutations of valid messages', () => {
  test('when random bytes are flipped then the validator accepts only what the oracle calls valid, and only refuses with a typed code', async () => {
    await fc.assert(
      fc.asyncProperty(
        validMessage,
        fc.array(fc.record({ at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }), {
          minLength: 1,
          maxLength: 4,
        }),
        async (message, flips) => {
          const mutant = Buffer.from(message);
          for (const { at, xor } of flips) {
            const index = at % mutant.length;
            mutant[index] = mutant[index]! ^ xor;
          }
          await soundVerdictOn(mutant);
        },
      ),
      RUNS,
    );
  });

  test('when only ciphertext octets change then the message is still accepted (the server cannot and does not judge ciphertext)', async () => {
    await fc.assert(
      fc.asyncProperty(
        validMessage,
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (message, at, xor) => {
          const packets = framePackets(message)!;
          const seipd = packets.at(-1)!;
          if (seipd.partial) return; // chunk headers sit inside; covered by the flips above
          // Past the packet header and the version octet.
          const firstCiphertext = seipd.end - seipd.body.length + 1;
          const mutant = Buffer.from(message);
          const index = firstCiphertext + (at % (seipd.end - firstCiphertext));
          mutant[index] = mutant[index]! ^ xor;
          expect((await soundVerdictOn(mutant)).accepted).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });

  test('when the message is cut anywhere then it is refused as truncated or malformed', async () => {
    await fc.assert(
      fc.asyncProperty(validMessage, fc.nat(), async (message, cut) => {
        const mutant = message.subarray(0, cut % message.length);
        await expectRefused(mutant);
      }),
      { numRuns: 200 },
    );
  });

  test('when a length field claims more octets than follow then the message is refused', async () => {
    await fc.assert(
      fc.asyncProperty(
        validMessage,
        fc.nat(),
        fc.integer({ min: 1, max: 2 ** 31 }),
        async (message, pick, delta) => {
          const fixed = framePackets(message)!.flatMap((packet, index) =>
            packet.partial ? [] : [index],
          );
          const mutant = inflateLength(message, fixed[pick % fixed.length]!, delta);
          await expectRefused(mutant);
        },
      ),
      { numRuns: 150 },
    );
  });

  test('when packets are duplicated then the message is refused; when only key packets are reordered it is still accepted', async () => {
    await fc.assert(
      fc.asyncProperty(validMessage, fc.nat(), async (message, pick) => {
        const count = framePackets(message)!.length;
        const duplicated = duplicatePacket(message, pick % count);
        await expectRefused(duplicated);
      }),
      { numRuns: 60 },
    );
    await fc.assert(
      fc.asyncProperty(
        validMessage,
        fc.array(fc.nat(), { minLength: 4, maxLength: 4 }),
        async (message, keys) => {
          const count = framePackets(message)!.length;
          const order = Array.from({ length: count }, (_, index) => index).sort(
            (a, b) => keys[a % 4]! - keys[b % 4]! || a - b,
          );
          const reordered = reorderPackets(message, order);
          const verdict = await soundVerdictOn(reordered);
          // Valid exactly when the encrypted packet stays last.
          expect(verdict.accepted).toBe(order[count - 1] === count - 1);
        },
      ),
      { numRuns: 100 },
    );
  });

  test('when the message or one of its packets is wrapped in (nested) compression then it is refused as compressed data, fast', async () => {
    await fc.assert(
      fc.asyncProperty(
        validMessage,
        fc.array(fc.constantFrom<0 | 1 | 2>(0, 1, 2), { minLength: 1, maxLength: 4 }),
        fc.option(fc.nat(), { nil: undefined }),
        async (message, layers, pick) => {
          let mutant: Buffer;
          if (pick === undefined) {
            mutant = wrapInCompression(message, layers);
          } else {
            // One packet compressed in place: the rest of the message around it stays valid.
            const packets = framePackets(message)!;
            const packet = packets[pick % packets.length]!;
            mutant = Buffer.concat([
              message.subarray(0, packet.start),
              wrapInCompression(message.subarray(packet.start, packet.end), layers),
              message.subarray(packet.end),
            ]);
          }
          const verdict = await soundVerdictOn(mutant);
          expect('code' in verdict && verdict.code).toBe('compressed_data');
        },
      ),
      { numRuns: 100 },
    );
  });

  test('when a stray packet of any tag is inserted anywhere then the validator stays typed and accepts only oracle-valid messages', async () => {
    await fc.assert(
      fc.asyncProperty(
        validMessage,
        fc.nat(),
        fc.integer({ min: 1, max: 63 }),
        fc.uint8Array({ minLength: 0, maxLength: 300 }),
        async (message, position, tag, body) => {
          const count = framePackets(message)!.length;
          const mutant = insertPacket(message, position % (count + 1), tag, body);
          await expectRefused(mutant);
        },
      ),
      { numRuns: 200 },
    );
  });

  test('when the armored form is damaged then the validator refuses with a typed code or accepts only an oracle-valid message', async () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-:\n \r\t';
    await fc.assert(
      fc.asyncProperty(
        validMessage,
        fc.array(
          fc.record({
            at: fc.nat(),
            remove: fc.nat({ max: 3 }),
            insert: fc.string({ unit: fc.constantFrom(...alphabet), maxLength: 4 }),
          }),
          { minLength: 1, maxLength: 3 },
        ),
        async (message, edits) => {
          let text = armorMessage(message);
          for (const { at, remove, insert } of edits) {
            const position = at % (text.length + 1);
            text = text.slice(0, position) + insert + text.slice(position + remove);
          }
          const verdict = await judge(() => validateEncryptedMessage(text, POLICY));
          const problems =
            'untyped' in verdict ? [`threw something untyped: ${verdict.untyped}`] : [];
          if (verdict.accepted && !isValidEncryptedMessage(verdict.bytes, manifest.recipients)) {
            problems.push('accepted a message the oracle calls invalid');
          }
          if (verdict.ms > FAST_MS) problems.push(`took ${Math.round(verdict.ms)} ms`);
          expect(problems).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });
});
