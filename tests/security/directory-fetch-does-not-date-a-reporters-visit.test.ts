/**
 * Attack: reading the server's logs to date a reporter's visit. The reporter page fetches the
 * recipient directory (GET /api/recipients) on every load, before anything is sent; a log line
 * per fetch, or per 503 while the directory is missing or expired, carries the second it was
 * written. Defence (server/platform/reporter-requests.ts): /api/recipients is a reporter route
 * like intake, receipts and attachments, so its answers write no line of their own; its
 * refusals and failures reach the log only as the day's counts, by code.
 */
import request from 'supertest';
import { captureLog } from '../helpers/log-capture';
import { useTestApp } from '../helpers/use-test-app';

describe('fetching the recipient directory writes no log line of its own', () => {
  const log = captureLog();
  const logLines = log.lines;
  const t = useTestApp({
    label: 'sec-directory-fetch',
    caseworkers: 1,
    logDestination: log.destination,
  });

  test('when the page fetches the directory, answered 200 and then 503 while none is published, then no line is written until the day is counted', async () => {
    const before = logLines.length;
    await request(t.app).get('/api/recipients').expect(200);
    await request(t.app).get('/api/recipients').expect(200);
    // The directory goes missing (a restore without it, a database writer): reporters get 503.
    await t.connection.collection('recipient_directories').deleteMany({});
    const refused = await request(t.app).get('/api/recipients').expect(503);
    expect(refused.body.error.code).toBe('no_directory');
    await request(t.app).get('/api/recipients').expect(503);
    await request(t.app).get('/api/recipients/anything').expect(404);
    // A staff-side request still logs, so the capture is live at the level that would show them.
    await request(t.app).get('/api/nowhere').expect(404);

    const written = logLines
      .slice(before)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(written).toEqual([
      expect.objectContaining({ level: 'debug', event: 'request.refused', code: 'not_found' }),
    ]);

    t.writeReporterCounts(); // what UTC midnight does
    const counted = logLines
      .slice(before + written.length)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(counted).toEqual([
      expect.objectContaining({
        event: 'reporter.requests_failed',
        code: 'no_directory',
        count: 2,
      }),
      expect.objectContaining({ event: 'reporter.requests_refused', code: 'not_found', count: 1 }),
    ]);
    for (const line of counted) expect(line).not.toHaveProperty('requestId');
  });
});
