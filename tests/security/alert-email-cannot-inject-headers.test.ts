/**
 * Attack: a staff session stores an "e-mail address" that carries a line break, a second
 * recipient or a Bcc header, so that every alert also goes to the attacker. Defence: PUT
 * /api/me/alerts accepts one plain address only (EMAIL_ADDRESS in
 * server/features/alerts/alert-settings.service.ts); nothing stored changes.
 */
import { enrolStaff, type EnrolledStaff } from '../helpers/staff';
import { useTestApp } from '../helpers/use-test-app';

const KINDS = { reports: true, followUps: false, deadlines: false, operations: false };

describe('an alert e-mail address cannot inject headers or recipients', () => {
  const t = useTestApp({ label: 'alert-email-injection', caseworkers: 1 });
  let caseworker: EnrolledStaff;

  beforeAll(async () => {
    caseworker = await enrolStaff(t, 'alert-email-caseworker', 'caseworker');
  });

  test.each([
    ['a line break and a Bcc header', 'me@amanat.test\r\nBcc: thief@attacker.test'],
    ['a bare line feed', 'me@amanat.test\nBcc: thief@attacker.test'],
    ['a second recipient after a comma', 'me@amanat.test,thief@attacker.test'],
    ['a second recipient after a semicolon', 'me@amanat.test;thief@attacker.test'],
    ['a display name with an address', 'Me <thief@attacker.test>'],
  ])('when the address holds %s then it is refused 422 and nothing is stored', async (_, email) => {
    const refused = await caseworker.client.put('/api/me/alerts', {
      kinds: KINDS,
      email,
      webhookUrl: null,
    });
    expect([refused.status, refused.body.error?.code]).toEqual([422, 'alert_email_malformed']);
    const account = (await t.services.accounts.findByUsername('alert-email-caseworker'))!;
    expect(
      await t.connection.db!.collection('alert_settings').findOne({ _id: account.id as never }),
    ).toBeNull();
  });
});
