/**
 * Attack: holding an instance's memory with attachment uploads the server would refuse anyway.
 * An 8 MiB part may take over twenty minutes at the minimum rate, and its body is held in memory
 * while it arrives; if the checks ran only after the body, anyone could hold that memory with a
 * made-up receipt, and any number of slow uploads that pass the checks could do it together.
 * Defences (server/features/attachments/attachments.routes.ts): every check the headers allow —
 * the receipt verifier, the attachment id and index, the report, the attachment's owner, the
 * report's room for the announced size, the storage watermark — is made before a byte of the
 * body is read, and the answer comes while the client still holds the body; and each instance
 * reads at most ATTACHMENT_UPLOADS_MAX_CONCURRENT bodies at once, at most
 * ATTACHMENT_UPLOADS_MAX_PER_REPORT for one report (503 attachments_busy with Retry-After).
 *
 * The clients here send the headers and never the body: a server that read the body first would
 * answer only when the upload stalls (408 upload_stalled), not with the refusal.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type RequestListener, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import {
  encryptedPart,
  newAttachmentId,
  openCase,
  putPart,
  storedPartsOf,
} from '../helpers/attachments';
import { setUpValue } from '../helpers/set-up-value';
import { instanceWithStorageLimits } from '../helpers/storage';
import type { TestApp } from '../helpers/test-app';
import { useTestApp } from '../helpers/use-test-app';

interface RawAnswer {
  readonly status: number;
  readonly code: string | undefined;
  readonly retryAfter: string | undefined;
}

/** A server on a free loopback port for `listener`. */
async function listen(listener: RequestListener): Promise<{ server: Server; port: number }> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { server, port: address.port };
}

/**
 * For the calling block: a test app with `env`, also served on a loopback port (the raw clients
 * here talk to it over a socket), the server and the app closed after the block.
 */
function useListeningApp(
  label: string,
  env: Record<string, string>,
): { readonly t: TestApp; readonly port: () => number } {
  const t = useTestApp({ label, caseworkers: 1, env });
  let listening: { server: Server; port: number } | undefined;
  beforeAll(async () => {
    listening = await listen(t.app);
  });
  afterAll(async () => {
    const server = listening?.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return { t, port: () => setUpValue(listening, `${label}: the listening server`).port };
}

interface PartHead {
  readonly attachmentId: string;
  readonly index?: number | string;
  readonly receiptVerifier: string;
  readonly length: number;
  readonly contentType?: string;
}

function headOf(part: PartHead): string {
  return (
    `PUT /api/attachments/${part.attachmentId}/parts/${part.index ?? 0} HTTP/1.1\r\n` +
    'Host: 127.0.0.1\r\n' +
    `Content-Type: ${part.contentType ?? 'application/octet-stream'}\r\n` +
    `Content-Length: ${part.length}\r\n` +
    `X-Receipt-Verifier: ${part.receiptVerifier}\r\n\r\n`
  );
}

interface HeldUpload {
  readonly socket: Socket;
  /** The server's answer, if it gives one while the body is held back. */
  readonly answer: Promise<RawAnswer>;
  /** Whether that answer (or the connection's end) has come. */
  answered: boolean;
}

/** An upload whose client sends the headers and holds the body back. */
function heldUpload(port: number, part: PartHead): HeldUpload {
  const socket = connect(port, '127.0.0.1');
  const answer = new Promise<RawAnswer>((resolve, reject) => {
    let text = '';
    const settle = (): void => {
      const match = /^HTTP\/1\.1 (\d{3})/.exec(text);
      const headEnd = text.indexOf('\r\n\r\n');
      if (!match || headEnd === -1) {
        reject(new Error('no HTTP answer'));
        return;
      }
      const body = text.slice(headEnd + 4);
      const json = body.startsWith('{') ? (JSON.parse(body) as { error?: { code?: string } }) : {};
      resolve({
        status: Number(match[1]),
        code: json.error?.code,
        retryAfter: /\r\nRetry-After: (\d+)\r\n/i.exec(text.slice(0, headEnd))?.[1],
      });
    };
    socket.on('data', (data: Buffer) => {
      text += data.toString('utf8');
      // The whole answer is in once its JSON body is: the server closes after a refusal.
      if (/\r\n\r\n\{.*\}$/s.test(text)) settle();
    });
    socket.on('end', settle);
    socket.on('error', settle);
  });
  socket.write(headOf(part));
  const held: HeldUpload = { socket, answer, answered: false };
  const settled = (): void => {
    held.answered = true;
  };
  answer.then(settled, settled);
  return held;
}

describe('a part upload is checked before its body is read', () => {
  const { t, port } = useListeningApp('sec-part-before-body', {
    // A server reading the body first would answer 408 upload_stalled after 2 s.
    UPLOAD_IDLE_TIMEOUT_SECONDS: '2',
    ATTACHMENT_RATE_LIMIT: '1000',
    ATTACHMENT_MAX_PART_BYTES: String(256 * 1024),
    ATTACHMENTS_MAX_BYTES_PER_REPORT: String(3 * 64 * 1024),
    ATTACHMENTS_MAX_PER_REPORT: '1',
  });

  test('when an upload would be refused for anything its headers say then it is refused while the client still holds the body, and nothing is stored', async () => {
    const reporter = await openCase(t);
    const neighbour = await openCase(t);
    const full = await openCase(t);
    // The neighbour's attachment, and the one attachment `full` may have.
    const taken = newAttachmentId();
    await putPart(t.app, neighbour.receiptVerifier, taken, 0, await encryptedPart(t, 1024)).expect(
      201,
    );
    await putPart(
      t.app,
      full.receiptVerifier,
      newAttachmentId(),
      0,
      await encryptedPart(t, 1024),
    ).expect(201);
    const fresh = { attachmentId: newAttachmentId(), receiptVerifier: reporter.receiptVerifier };
    const attempts: [string, PartHead][] = [
      ['a malformed verifier', { ...fresh, receiptVerifier: 'not a verifier', length: 4096 }],
      [
        'a made-up verifier',
        { ...fresh, receiptVerifier: randomBytes(32).toString('base64url'), length: 4096 },
      ],
      ['a malformed attachment id', { ...fresh, attachmentId: 'Z'.repeat(32), length: 4096 }],
      ['a part index past the last', { ...fresh, index: 9, length: 4096 }],
      ["another report's attachment", { ...fresh, attachmentId: taken, length: 4096 }],
      [
        'a new attachment when the report has its maximum',
        { attachmentId: newAttachmentId(), receiptVerifier: full.receiptVerifier, length: 4096 },
      ],
      ['more bytes than the report has room for', { ...fresh, length: 200 * 1024 }],
      ['more bytes than a part may have', { ...fresh, length: 300 * 1024 }],
      ['a body that is not bytes', { ...fresh, length: 4096, contentType: 'text/plain' }],
    ];
    const answers: string[] = [];
    for (const [name, part] of attempts) {
      const { socket, answer } = heldUpload(port(), part);
      const { status, code } = await answer;
      socket.destroy();
      answers.push(`${name}: ${status} ${code}`);
    }
    expect(answers).toEqual([
      'a malformed verifier: 400 invalid_receipt_verifier',
      'a made-up verifier: 404 receipt_not_found',
      'a malformed attachment id: 400 invalid_attachment_id',
      'a part index past the last: 400 invalid_part_index',
      "another report's attachment: 409 attachment_id_taken",
      'a new attachment when the report has its maximum: 409 too_many_attachments',
      'more bytes than the report has room for: 413 attachments_too_large',
      'more bytes than a part may have: 413 body_too_large',
      'a body that is not bytes: 415 unsupported_media_type',
    ]);
    expect(await storedPartsOf(t, reporter.caseId)).toEqual([]);

    // The storage watermark too: an instance whose database budget is spent.
    const filled = await instanceWithStorageLimits(t, {
      minFreePercent: 0,
      maxDatabaseBytes: 1,
      maxAttachmentBytes: 0,
    });
    const onFilled = await listen(filled.app);
    try {
      const { socket, answer } = heldUpload(onFilled.port, { ...fresh, length: 4096 });
      expect(await answer).toMatchObject({ status: 507, code: 'storage_full' });
      socket.destroy();
    } finally {
      await new Promise((resolve) => onFilled.server.close(resolve));
      await filled.close();
    }
    expect(await storedPartsOf(t, reporter.caseId)).toEqual([]);
  });
});

describe('an instance reads a bounded number of part bodies at once', () => {
  const { t, port } = useListeningApp('sec-part-concurrency', {
    // Held uploads must outlast the test: no idle cut for two minutes.
    UPLOAD_IDLE_TIMEOUT_SECONDS: '120',
    ATTACHMENT_RATE_LIMIT: '1000',
    ATTACHMENT_UPLOADS_MAX_CONCURRENT: '3',
    ATTACHMENT_UPLOADS_MAX_PER_REPORT: '2',
  });

  /**
   * Sends complete junk parts for `receiptVerifier` until one is answered busy (the held uploads
   * have reached their bodies by then); junk that gets through is refused as not ciphertext.
   * A probe runs beside the held uploads' own checks and may take a place first; the held upload
   * that then finds no place is answered busy and is replaced, so the held places end up full.
   * (Without the cap no held upload is answered, and every probe gets through.)
   */
  async function probeUntilBusy(receiptVerifier: string, held: HeldUpload[]): Promise<string[]> {
    const answers: string[] = [];
    for (let i = 0; i < 200 && answers.at(-1) !== '503 attachments_busy'; i++) {
      if (i > 0) await delay(50);
      held.forEach((upload, index) => {
        if (upload.answered) held[index] = hold(receiptVerifierOf.get(upload)!);
      });
      const response = await putPart(t.app, receiptVerifier, newAttachmentId(), 0, randomBytes(64));
      answers.push(`${response.status} ${response.body.error?.code}`);
      if (response.status === 503) expect(response.headers['retry-after']).toMatch(/^\d+$/);
    }
    return answers;
  }

  const receiptVerifierOf = new WeakMap<HeldUpload, string>();
  const hold = (receiptVerifier: string): HeldUpload => {
    const upload = heldUpload(port(), {
      attachmentId: newAttachmentId(),
      receiptVerifier,
      length: 64 * 1024,
    });
    receiptVerifierOf.set(upload, receiptVerifier);
    return upload;
  };

  test('when a report has its uploads in progress then its next one is answered busy until one ends, and other reports still upload', async () => {
    const reporter = await openCase(t);
    const held = [hold(reporter.receiptVerifier), hold(reporter.receiptVerifier)];
    const probes = await probeUntilBusy(reporter.receiptVerifier, held);
    expect(probes.at(-1)).toBe('503 attachments_busy');
    // Any probe let through before the held uploads reached their bodies: refused as junk.
    expect(probes.slice(0, -1).filter((answer) => !answer.startsWith('422'))).toEqual([]);

    // Another report is not held up by this one.
    const other = await openCase(t);
    await putPart(
      t.app,
      other.receiptVerifier,
      newAttachmentId(),
      0,
      await encryptedPart(t, 1024),
    ).expect(201);

    // One held upload goes away: its place is given back.
    held[0]!.socket.destroy();
    const part = await encryptedPart(t, 1024);
    let stored = 0;
    for (let i = 0; i < 40 && stored !== 201; i++) {
      stored = (await putPart(t.app, reporter.receiptVerifier, newAttachmentId(), 0, part)).status;
    }
    expect(stored).toBe(201);
    held[1]!.socket.destroy();
  });

  test('when the instance has its uploads in progress then every report is answered busy', async () => {
    const reporters = [await openCase(t), await openCase(t), await openCase(t), await openCase(t)];
    const held = reporters.slice(0, 3).map(({ receiptVerifier }) => hold(receiptVerifier));
    const probes = await probeUntilBusy(reporters[3]!.receiptVerifier, held);
    expect(probes.at(-1)).toBe('503 attachments_busy');
    for (const { socket } of held) socket.destroy();
  });
});
