/**
 * A GET whose body is kept exactly as it came over the wire: supertest would decode it, and what
 * a test of the served encodings (or of their sizes) needs is the bytes sent.
 */
import { get, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export async function getRaw(
  server: Server,
  path: string,
  headers: Readonly<Record<string, string>>,
): Promise<RawResponse> {
  const { port } = server.address() as AddressInfo;
  return await new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path, headers }, (response) => {
      const parts: Buffer[] = [];
      response.on('data', (part: Buffer) => parts.push(part));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(parts),
        }),
      );
    }).on('error', reject);
  });
}
