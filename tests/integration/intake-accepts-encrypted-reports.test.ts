import request from 'supertest';
import { createHash } from 'node:crypto';
import { dearmorMessage } from '../../server/platform/openpgp';
import { createTestApp } from '../helpers/test-app';
import { useTestApp } from '../helpers/use-test-app';
import { buildSubmission, openReportAs } from '../helpers/reports';

describe('a reporter submits a report encrypted in the browser (OpenPGP.js)', () => {
  const t = useTestApp({ label: 'intake-accepts' });

  test('when the report is encrypted to every caseworker then it is stored with a 201', async () => {
    const { body, report } = await buildSubmission(t.directory, { ownReplyKey: true });
    const response = await request(t.app).post('/api/reports').send(body).expect(201);

    expect(response.body).toEqual({
      caseId: expect.stringMatching(/^[0-9a-f]{32}$/),
      receivedOn: expect.any(String),
    });
    expect(response.body.receivedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const stored = await t.connection
      .db!.collection('reports')
      .findOne({ _id: response.body.caseId });
    expect(stored).not.toBeNull();
    // Exactly the bytes the browser produced, and every caseworker can open them.
    const storedBytes = new Uint8Array(stored!['message'].buffer);
    expect(Buffer.from(storedBytes).equals(Buffer.from(dearmorMessage(body.message)))).toBe(true);
    for (const caseworker of t.caseworkers) {
      expect(await openReportAs(caseworker, storedBytes)).toEqual(report);
    }
  });

  test('when a report is stored then only the allow-listed plaintext fields exist, and no time finer than the day', async () => {
    const { body } = await buildSubmission(t.directory);
    const response = await request(t.app).post('/api/reports').send(body).expect(201);
    const stored = await t.connection
      .db!.collection('reports')
      .findOne({ _id: response.body.caseId });
    expect(Object.keys(stored!).sort()).toEqual(
      [
        '_id',
        'caseOpened',
        'directoryVersion',
        'message',
        'receiptVerifierHash',
        'receivedOn',
        'recipientKeyIds',
        'replyKey',
        'replyKeyIds',
        'requestDigest',
        'submissionId',
      ].sort(),
    );
    expect(typeof stored!['_id']).toBe('string'); // not an ObjectId, which embeds a timestamp
    // The server never stores the verifier itself, only its hash.
    expect(JSON.stringify(stored)).not.toContain(body.receiptVerifier);
    const expectedHash = createHash('sha256')
      .update(Buffer.from(body.receiptVerifier, 'base64url'))
      .digest('base64url');
    expect(stored!['receiptVerifierHash']).toBe(expectedHash);
  });

  test('when the directory has not been published then intake answers 503 with a clear code', async () => {
    const empty = await createTestApp({ label: 'no-directory', caseworkers: 1 });
    try {
      await empty.connection.db!.collection('recipient_directories').deleteMany({});
      const { body } = await buildSubmission(empty.directory);
      const response = await request(empty.app).post('/api/reports').send(body).expect(503);
      expect(response.body.error.code).toBe('no_directory');
      await request(empty.app).get('/api/recipients').expect(503);
    } finally {
      await empty.close();
    }
  });
});
