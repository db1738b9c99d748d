import request from 'supertest';
import { useTestApp } from '../helpers/use-test-app';
import { buildSubmission } from '../helpers/reports';
import { countReports } from '../helpers/database';

describe('every accepted report is stored exactly once', () => {
  const t = useTestApp({ label: 'idempotency', caseworkers: 2 });

  /** Another report sent with `reused` (a value of one already stored): refused 409 `code`. */
  async function expectAnotherRefused(reused: Record<string, string>, code: string): Promise<void> {
    const { body: other } = await buildSubmission(t.directory);
    const response = await request(t.app)
      .post('/api/reports')
      .send({ ...other, ...reused })
      .expect(409);
    expect(response.body.error.code).toBe(code);
  }

  test('when the same submission is retried 5 times then one report is stored and every reply is the original', async () => {
    const before = await countReports(t.connection);
    const { body } = await buildSubmission(t.directory);
    const first = await request(t.app).post('/api/reports').send(body).expect(201);
    const retries = await Promise.all(
      Array.from({ length: 4 }, () => request(t.app).post('/api/reports').send(body)),
    );
    for (const retry of retries) {
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers['idempotent-replayed']).toBe('true');
    }
    expect(await countReports(t.connection)).toBe(before + 1);
  });

  test('when 5 identical submissions race concurrently then exactly one report is stored', async () => {
    const before = await countReports(t.connection);
    const { body } = await buildSubmission(t.directory);
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => request(t.app).post('/api/reports').send(body)),
    );
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(responses.map((r) => r.body.caseId)).size).toBe(1);
    expect(await countReports(t.connection)).toBe(before + 1);
  });

  test('when a submissionId is reused for a different report then it is refused with 409 and the first is unchanged', async () => {
    const { body } = await buildSubmission(t.directory);
    await request(t.app).post('/api/reports').send(body).expect(201);
    const stored = () =>
      t.connection.db!.collection('reports').findOne({ submissionId: body.submissionId });
    const storedBefore = await stored();
    await expectAnotherRefused({ submissionId: body.submissionId }, 'submission_id_reused');
    expect(await stored()).toEqual(storedBefore);
  });

  test('when a receipt verifier is reused by another submission then it is refused with 409', async () => {
    const { body } = await buildSubmission(t.directory);
    await request(t.app).post('/api/reports').send(body).expect(201);
    await expectAnotherRefused(
      { receiptVerifier: body.receiptVerifier },
      'receipt_verifier_in_use',
    );
  });

  test('when 200 distinct submissions arrive concurrently then exactly 200 reports are stored', async () => {
    const before = await countReports(t.connection);
    const submissions = await Promise.all(
      Array.from({ length: 200 }, () => buildSubmission(t.directory)),
    );
    const server = t.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const responses = await Promise.all(
        submissions.map(({ body }) => request(server).post('/api/reports').send(body)),
      );
      expect(responses.filter((r) => r.status === 201)).toHaveLength(200);
      expect(new Set(responses.map((r) => r.body.caseId)).size).toBe(200);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(await countReports(t.connection)).toBe(before + 200);
    const stored = await t.connection
      .db!.collection('reports')
      .find({ submissionId: { $in: submissions.map((s) => s.body.submissionId) } })
      .project({ submissionId: 1 })
      .toArray();
    expect(new Set(stored.map((d) => d['submissionId'])).size).toBe(200);
  });
});
