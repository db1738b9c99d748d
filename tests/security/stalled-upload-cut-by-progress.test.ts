/**
 * Attack and counter-case, against the real server process (server/main.ts): a client that holds
 * a socket by sending an upload slowly, or not at all, is cut off; a reporter on a slow link whose
 * part arrives steadily is not, however long it takes. The limits are scaled down to seconds:
 * a fixed total of 2 s for other requests, 2 s without progress, at least 1 KiB/s on average.
 */
import { connect } from 'node:net';
import { encryptedPart, newAttachmentId, openCase, storedPartsOf } from '../helpers/attachments';
import { buildSubmission } from '../helpers/reports';
import {
  serverProcessEnv,
  startServerProcess,
  type ServerProcess,
} from '../helpers/server-process';
import { createTestApp, type TestApp } from '../helpers/test-app';

interface RawResponse {
  readonly status: number;
  readonly body: { error?: { code?: string } };
}

/**
 * Sends `head` and then each chunk `intervalMs` after the last, over a raw socket, and resolves
 * with the server's answer. The body stops after `chunks`: a stalled client sends fewer bytes
 * than its Content-Length announced.
 */
function sendSlowly(
  port: number,
  head: string,
  chunks: readonly Buffer[],
  intervalMs: number,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    let timer: NodeJS.Timeout | undefined;
    const finish = (error?: Error): void => {
      clearTimeout(timer);
      const match = /^HTTP\/1\.1 (\d{3})/.exec(answer);
      if (!match) {
        reject(new Error(`no HTTP answer (${error?.message ?? 'connection closed'})`));
        return;
      }
      const body = answer.slice(answer.indexOf('\r\n\r\n') + 4);
      resolve({ status: Number(match[1]), body: body ? JSON.parse(body) : {} });
    };
    socket.on('data', (data: Buffer) => (answer += data.toString('utf8')));
    socket.on('end', finish);
    // Writing after the server cut the request off fails; its answer has arrived by then.
    socket.on('error', finish);
    socket.write(head);
    let next = 0;
    const sendNext = (): void => {
      if (next >= chunks.length) return;
      socket.write(chunks[next++]!);
      timer = setTimeout(sendNext, intervalMs);
    };
    timer = setTimeout(sendNext, intervalMs);
  });
}

function slices(bytes: Uint8Array, count: number): Buffer[] {
  const size = Math.ceil(bytes.length / count);
  return Array.from({ length: count }, (_, i) =>
    Buffer.from(bytes.subarray(i * size, (i + 1) * size)),
  );
}

describe('uploads are timed by their progress, other requests by a fixed total', () => {
  let t: TestApp;
  let server: ServerProcess;
  let port: number;
  let receiptVerifier: string;
  let caseId: string;
  beforeAll(async () => {
    t = await createTestApp({ label: 'sec-slow-upload', caseworkers: 1 });
    server = await startServerProcess({
      ...serverProcessEnv(t.config.mongodbUri, t.config.orgFingerprint),
      REQUEST_TIMEOUT_SECONDS: '2',
      UPLOAD_IDLE_TIMEOUT_SECONDS: '2',
      UPLOAD_MIN_BYTES_PER_SECOND: '1024',
    });
    port = Number(new URL(server.baseUrl).port);
    ({ caseId, receiptVerifier } = await openCase(t));
  });
  afterAll(async () => {
    server.child.kill('SIGTERM');
    await server.exited;
    await t.close();
  });

  function partHead(attachmentId: string, length: number): string {
    return (
      `PUT /api/attachments/${attachmentId}/parts/0 HTTP/1.1\r\n` +
      'Host: 127.0.0.1\r\n' +
      'Content-Type: application/octet-stream\r\n' +
      `Content-Length: ${length}\r\n` +
      `X-Receipt-Verifier: ${receiptVerifier}\r\n` +
      'Connection: close\r\n\r\n'
    );
  }

  test('when a part arrives slowly but steadily for longer than the fixed total then it is stored', async () => {
    const part = await encryptedPart(t, 40 * 1024);
    const attachmentId = newAttachmentId();
    // About 9 KiB/s over 4.5 s: more than twice the fixed total of 2 s.
    const response = await sendSlowly(
      port,
      partHead(attachmentId, part.length),
      slices(part, 15),
      300,
    );
    expect(response.status).toBe(201);
    const stored = (await storedPartsOf(t, caseId)).filter((p) => p.attachmentId === attachmentId);
    expect(stored.map((p) => p.size)).toEqual([part.length]);
  });

  test('when a part stops arriving halfway then it is cut off as stalled and nothing is stored', async () => {
    const part = await encryptedPart(t, 40 * 1024);
    const attachmentId = newAttachmentId();
    const [firstHalf] = slices(part, 2);
    const response = await sendSlowly(port, partHead(attachmentId, part.length), [firstHalf!], 50);
    expect({ status: response.status, code: response.body.error?.code }).toEqual({
      status: 408,
      code: 'upload_stalled',
    });
    expect((await storedPartsOf(t, caseId)).map((p) => p.attachmentId)).not.toContain(attachmentId);
  });

  test('when a part trickles in a byte at a time, never idle for long, then it is cut off as too slow', async () => {
    const part = await encryptedPart(t, 40 * 1024);
    const attachmentId = newAttachmentId();
    // One byte every 0.5 s: never 2 s without progress, far below 1 KiB/s. Eight bytes, then
    // silence: a server without the rate rule would answer upload_stalled instead.
    const bytes = Array.from({ length: 8 }, (_, i) => Buffer.from(part.subarray(i, i + 1)));
    const response = await sendSlowly(port, partHead(attachmentId, part.length), bytes, 500);
    expect({ status: response.status, code: response.body.error?.code }).toEqual({
      status: 408,
      code: 'upload_too_slow',
    });
  });

  test('when another request arrives slowly but steadily for longer than the fixed total then it is cut off', async () => {
    const { body } = await buildSubmission(t.directory);
    const json = Buffer.from(JSON.stringify(body));
    const head =
      'POST /api/reports HTTP/1.1\r\n' +
      'Host: 127.0.0.1\r\n' +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${json.length}\r\n` +
      'Connection: close\r\n\r\n';
    const response = await sendSlowly(port, head, slices(json, 15), 300);
    expect({ status: response.status, code: response.body.error?.code }).toEqual({
      status: 408,
      code: 'request_timeout',
    });
    expect(
      await t.connection.db!.collection('reports').countDocuments({
        submissionId: body.submissionId,
      }),
    ).toBe(0);
  });
});
