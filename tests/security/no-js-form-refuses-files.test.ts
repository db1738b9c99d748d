/**
 * Attack: a file sent through the no-JavaScript form. The server would have to hold, and could
 * not clean, a file it sees in plaintext (photos carry their place and camera), and its name
 * would reach the server. Defence: the form takes text fields only
 * (server/features/no-js-forms/no-js-forms.routes.ts): a multipart upload is refused by name,
 * 415 `files_not_accepted`, before its body is read; a form field the form does not have (a file
 * name sent as text) is refused as `unknown_field`. Nothing is stored either way.
 */
import request from 'supertest';
import { countReports } from '../helpers/database';
import {
  postForm,
  reportFields,
  SAME_ORIGIN_FORM,
  useNoJsFormApp,
  refusalCode,
} from '../helpers/no-js-forms';

describe('the no-JavaScript form takes no files', () => {
  const t = useNoJsFormApp('sec-nojs-files', { caseworkers: 1 });

  test('when the report form is sent with a file (multipart) then it is refused by name and nothing is stored', async () => {
    let upload = request(t.app).post('/no-js/report').set(SAME_ORIGIN_FORM);
    for (const [name, value] of Object.entries(reportFields('TEST ONLY with a photo'))) {
      upload = upload.field(name, value);
    }
    const answer = await upload.attach('file', Buffer.from('\xff\xd8\xff TEST ONLY jpeg'), {
      filename: 'canary-photo-name.jpg',
      contentType: 'image/jpeg',
    });
    expect(answer.status).toBe(415);
    expect(refusalCode(answer)).toBe('files_not_accepted');
    expect(answer.text).not.toContain('canary-photo-name');
    expect(await countReports(t.connection)).toBe(0);
  });

  test('when a file name is sent as a field of its own then it is refused and nothing is stored', async () => {
    const answer = await postForm(
      t.app,
      '/no-js/report',
      reportFields('TEST ONLY with a file field', { file: 'canary-photo-name.jpg' }),
    );
    expect(answer.status).toBe(400);
    expect(refusalCode(answer)).toBe('unknown_field');
    expect(await countReports(t.connection)).toBe(0);
  });
});
