/**
 * Answers whose body is kept exactly as it came over the wire: supertest would decode it, and
 * what a test of the served encodings (or of their sizes, or of a binary download) needs is the
 * bytes sent. getRaw for a plain GET, rawResponseOf for any node:http(s) answer, keepBytes for
 * supertest.
 */
import { get, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Stream } from 'node:stream';

export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** The body as it came over the wire: still compressed if Content-Encoding says so. */
  readonly body: Buffer;
}

/** Every byte a stream (an answer's body) sends, as it came. */
function bytesOf(stream: Stream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/** Reads a whole answer of node:http or node:https, its body left as it came. */
export async function rawResponseOf(response: IncomingMessage): Promise<RawResponse> {
  const body = await bytesOf(response);
  return { status: response.statusCode ?? 0, headers: response.headers, body };
}

/** A body parser for supertest (`.buffer(true).parse(keepBytes)`): the body as bytes, undecoded. */
export function keepBytes(
  response: Stream,
  callback: (error: Error | null, body: Buffer) => void,
): void {
  bytesOf(response).then(
    (body) => callback(null, body),
    (error: Error) => callback(error, Buffer.alloc(0)),
  );
}

export async function getRaw(
  server: Server,
  path: string,
  headers: Readonly<Record<string, string>>,
): Promise<RawResponse> {
  const { port } = server.address() as AddressInfo;
  return await new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path, headers }, (response) => {
      rawResponseOf(response).then(resolve, reject);
    }).on('error', reject);
  });
}
