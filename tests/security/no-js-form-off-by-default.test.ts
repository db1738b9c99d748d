/**
 * Attack: a deployment that never chose to let its server see report text is made to, by
 * posting the no-JavaScript forms to it directly. Defence: NO_JS_FORM is off unless set to
 * `on` (server/config.ts), and while it is off both forms answer 404 `no_js_form_off` before
 * anything else, from any origin, storing nothing and looking nothing up.
 */
import { rmSync } from 'node:fs';
import { countReports } from '../helpers/database';
import { postForm, reportFields, siteWithAnswerPages } from '../helpers/no-js-forms';
import { useTestApp } from '../helpers/use-test-app';

describe('the no-JavaScript forms are off by default', () => {
  const siteDir = siteWithAnswerPages();
  // No NO_JS_FORM at all: the default.
  const t = useTestApp({ label: 'sec-nojs-off', caseworkers: 1, env: { PUBLIC_DIR: siteDir } });
  afterAll(() => rmSync(siteDir, { recursive: true, force: true }));

  test('when NO_JS_FORM is unset then a report posted from the site itself is refused and nothing is stored', async () => {
    expect(t.config.noJsForm).toBe(false);
    const answer = await postForm(t.app, '/no-js/report', reportFields('TEST ONLY not taken'));
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('no_js_form_off');
    expect(await countReports(t.connection)).toBe(0);
  });

  test('when NO_JS_FORM is unset then a receipt posted to the status form is refused unread', async () => {
    const answer = await postForm(t.app, '/no-js/status', {
      lang: 'en',
      receipt: 'ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-6789',
    });
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('no_js_form_off');
  });
});
