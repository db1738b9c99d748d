/**
 * The server as a process: refuses bad config before listening, and shuts down gracefully
 * (readiness fails, in-flight requests finish, the database disconnects, exit 0).
 */
import { request as httpRequest } from 'node:http';
import { useTestApp } from '../helpers/use-test-app';
import { buildSubmission } from '../helpers/reports';
import {
  serverProcessEnv,
  spawnServerProcess,
  startServerProcess,
} from '../helpers/server-process';

describe('the server process', () => {
  test('when a required variable is missing or malformed then it names it, hides the value and exits 78 without listening', async () => {
    const server = await spawnServerProcess({
      MONGODB_URI: 'mongodb://user:canary-password@127.0.0.1:1/x',
      ADDRESS_HASH_KEY: 'canary-not-hex',
    });
    const { code } = await server.exited;
    expect(code).toBe(78);
    expect(server.output()).toContain('ORG_FINGERPRINT is required');
    expect(server.output()).toContain('ADDRESS_HASH_KEY is malformed');
    expect(server.output()).not.toContain('canary');
  });

  describe('graceful shutdown', () => {
    const t = useTestApp({ label: 'lifecycle', caseworkers: 1 });

    test('when SIGTERM arrives during an upload then readiness fails, the upload completes with 201, and the process exits 0', async () => {
      const server = await startServerProcess({
        ...serverProcessEnv(t.config.mongodbUri, t.config.orgFingerprint),
        SHUTDOWN_DRAIN_MS: '1500',
        LOG_LEVEL: 'info',
      });
      expect((await fetch(`${server.baseUrl}/readyz`)).status).toBe(200);

      const { body } = await buildSubmission(t.directory);
      const payload = Buffer.from(JSON.stringify(body));
      const url = new URL(`${server.baseUrl}/api/reports`);
      // Start an upload and send only half of it before the signal.
      const upload = new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest(
          {
            host: url.hostname,
            port: url.port,
            path: url.pathname,
            method: 'POST',
            headers: { 'Content-Type': 'application/json', 'Content-Length': payload.length },
          },
          (res) => {
            let text = '';
            res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
          },
        );
        req.on('error', reject);
        req.write(payload.subarray(0, payload.length >> 1));
        setTimeout(() => {
          server.child.kill('SIGTERM');
          setTimeout(() => req.end(payload.subarray(payload.length >> 1)), 700);
        }, 200);
      });

      await new Promise((resolve) => setTimeout(resolve, 400));
      expect((await fetch(`${server.baseUrl}/readyz`)).status).toBe(503);
      const finished = await upload;
      expect(finished.status).toBe(201);
      expect(await server.exited).toEqual({ code: 0, signal: null });
      expect(server.output()).toContain('"event":"server.stopped"');
      const caseId = JSON.parse(finished.body).caseId as string;
      expect(
        await t.connection.db!.collection('reports').countDocuments({ _id: caseId } as object),
      ).toBe(1);
    });
  });
});
