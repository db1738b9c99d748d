/** Attack: flooding memory or disk with huge bodies. The cap applies while reading, before parsing. */
import request from 'supertest';
import { connect, type AddressInfo } from 'node:net';
import { useTestApp } from '../helpers/use-test-app';
import { buildSubmission } from '../helpers/reports';
import { expectRefusedAndNothingStored } from '../helpers/refusals';

describe('oversize bodies are refused', () => {
  const t = useTestApp({
    label: 'sec-oversize',
    env: { INTAKE_MAX_BODY_BYTES: String(64 * 1024) },
  });

  test('when the body is larger than the configured limit then it is refused with 413', async () => {
    const { body } = await buildSubmission(t.directory);
    const padded = { ...body, message: body.message + ' '.repeat(80 * 1024) };
    await expectRefusedAndNothingStored(t, padded, { status: 413, code: 'body_too_large' });
  });

  test('when Content-Length announces more than the limit then the server answers 413 before the body arrives', async () => {
    const server = t.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      // Raw socket: announce 10 MiB, send only a few bytes, and read what the server says.
      const reply = await new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.write(
            'POST /api/reports HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
              `Content-Length: ${10 * 1024 * 1024}\r\n\r\n{"submissionId":`,
          );
        });
        let received = '';
        socket.on('data', (chunk) => {
          received += chunk.toString('utf8');
          if (received.includes('\r\n\r\n')) {
            socket.destroy();
            resolve(received);
          }
        });
        socket.on('error', reject);
        setTimeout(() => reject(new Error('no reply within 10 s')), 10_000).unref();
      });
      expect(reply.split('\r\n')[0]).toBe('HTTP/1.1 413 Payload Too Large');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    expect(await t.connection.db!.collection('reports').countDocuments()).toBe(0);
  });

  test('when a body just under the limit arrives then it is judged on its content, not refused for size', async () => {
    const { body } = await buildSubmission(t.directory);
    const response = await request(t.app).post('/api/reports').send(body);
    expect(response.status).toBe(201);
  });
});
