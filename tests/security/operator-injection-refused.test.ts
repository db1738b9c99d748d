/** Attack: MongoDB operators or extra fields in the JSON body, aimed at the queries behind intake. */
import { useTestApp } from '../helpers/use-test-app';
import { buildSubmission } from '../helpers/reports';
import { expectRefusedAndNothingStored } from '../helpers/refusals';
import request from 'supertest';

describe('operator injection and unknown fields are refused', () => {
  const t = useTestApp({ label: 'sec-injection' });
  let stored: { submissionId: string };
  beforeAll(async () => {
    const { body } = await buildSubmission(t.directory);
    await request(t.app).post('/api/reports').send(body).expect(201);
    stored = body;
  });

  test('when submissionId is a $ne operator (to match an existing report) then it is refused', async () => {
    const { body } = await buildSubmission(t.directory);
    await expectRefusedAndNothingStored(
      t,
      { ...body, submissionId: { $ne: null } },
      { status: 400, code: 'invalid_field' },
    );
  });

  test('when submissionId is a $gt operator then it is refused', async () => {
    const { body } = await buildSubmission(t.directory);
    await expectRefusedAndNothingStored(
      t,
      { ...body, submissionId: { $gt: '' } },
      { status: 400, code: 'invalid_field' },
    );
  });

  test('when receiptVerifier carries $where then it is refused', async () => {
    const { body } = await buildSubmission(t.directory);
    await expectRefusedAndNothingStored(
      t,
      { ...body, receiptVerifier: { $where: 'sleep(1000)' } },
      { status: 400, code: 'invalid_field' },
    );
  });

  test('when an extra field is sent (e.g. a caseId to overwrite) then it is refused', async () => {
    const { body } = await buildSubmission(t.directory);
    await expectRefusedAndNothingStored(
      t,
      { ...body, _id: 'x', caseId: 'x' },
      { status: 400, code: 'unknown_field' },
    );
  });

  test('when a top-level $set is sent then it is refused', async () => {
    const { body } = await buildSubmission(t.directory);
    await expectRefusedAndNothingStored(
      t,
      { ...body, $set: { status: 'closed' } },
      { status: 400, code: 'unknown_field' },
    );
  });

  test('when the body is an array then it is refused', async () => {
    const { body } = await buildSubmission(t.directory);
    await expectRefusedAndNothingStored(t, [body], { status: 400, code: 'invalid_request' });
  });

  test('when the stored report is looked for with an operator id then the stored one is untouched', async () => {
    const found = await t.connection
      .db!.collection('reports')
      .countDocuments({ submissionId: stored.submissionId });
    expect(found).toBe(1);
  });
});
