/**
 * The admin CLI's staff commands, run as separate processes against the real database: the first
 * admin's invitation, key vetting, disabling an account, and offboarding a caseworker whose key
 * came from the dashboard (their account and sessions end with it).
 */
import { generateCaseworkerKey } from '../../client/crypto';
import { NEXT_DIRECTORY_STEP } from '../../scripts/admin/directory-commands';
import { runCli } from '../helpers/admin-cli';
import { useTestApp } from '../helpers/use-test-app';
import {
  acceptInvite,
  enrolStaff,
  reauthenticate,
  signInStaff,
  StaffClient,
  uploadOwnKey,
} from '../helpers/staff';

describe('admin CLI: staff', () => {
  const t = useTestApp({ label: 'staff-cli', caseworkers: 1 });
  let env: Record<string, string>;
  beforeAll(() => {
    env = { MONGODB_URI: t.config.mongodbUri };
  });

  test('when staff:invite creates the first admin then the printed link signs them up as admin', async () => {
    const run = runCli(['staff:invite', 'First.Admin', '--role', 'admin'], env);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const token = /#invite=([A-Za-z0-9_-]+)/.exec(run.stdout)?.[1];
    expect(token).toBeDefined();
    const client = new StaffClient(t.app, t.config.publicOrigin);
    const accepted = await acceptInvite(client, token);
    expect(accepted.status).toBe(201);
    expect(accepted.body.user).toMatchObject({ username: 'first.admin', role: 'admin' });
    const listed = runCli(['staff:list'], env);
    expect(listed.stdout).toMatch(/active\s+admin\s+first\.admin/);
  });

  test.each([
    [
      ['staff:invite', 'someone', '--role', 'root'],
      /role must be one of admin, caseworker, analyst/,
    ],
    [['staff:invite', 'x', '--role', 'caseworker'], /username is 3-64/],
    [['staff:invite', 'first.admin', '--role', 'caseworker'], /already in use/],
    [['staff:disable', 'nobody-here'], /No staff account named nobody-here/],
    [['caseworker:vet-key', 'ab'.repeat(20)], /No pending key/],
  ])('when %j is wrong then it exits non-zero with a clear message', (args, message) => {
    const run = runCli(args, env);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(message);
  });

  test('when retention:run finds nothing expired then it deletes nothing and says so', () => {
    const run = runCli(['retention:run', '--closed-days', '30'], env);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Deleted 0 case(s) closed more than 30 days ago');
    const refused = runCli(['retention:run', '--closed-days', '0'], env);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('--closed-days must be a whole number from 1 to 3650');
  });

  test('when caseworker:vet-key vets a dashboard key then it is active for the next directory', async () => {
    const caseworker = await enrolStaff(t, 'kerim');
    await reauthenticate(t, caseworker.client, caseworker);
    const key = await generateCaseworkerKey('kerim key passphrase');
    await uploadOwnKey(caseworker.client, key);
    const run = runCli(['caseworker:vet-key', key.fingerprint.toUpperCase()], env);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`NEXT: ${NEXT_DIRECTORY_STEP}`);
    expect(run.stdout).not.toContain('directory:sign ');
    expect((await caseworker.client.get('/api/me/key')).body.key.status).toBe('active');
  });

  test('when staff:disable runs then the person is signed out everywhere and cannot sign in', async () => {
    const leaving = await enrolStaff(t, 'leyla');
    const run = runCli(['staff:disable', 'leyla'], env);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('1 session(s) ended');
    expect((await leaving.client.get('/api/me/key')).status).toBe(401);
    await expect(signInStaff(t, leaving)).rejects.toThrow(/login: 401/);
  });

  test('when a caseworker with a dashboard key is offboarded then their account, factors and sessions end too', async () => {
    const caseworker = await enrolStaff(t, 'murat');
    await reauthenticate(t, caseworker.client, caseworker);
    const key = await generateCaseworkerKey('murat key passphrase');
    await uploadOwnKey(caseworker.client, key);
    expect(runCli(['caseworker:vet-key', key.fingerprint], env).status).toBe(0);
    const run = runCli(['caseworker:offboard', key.fingerprint], env);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect((await caseworker.client.get('/api/me/key')).status).toBe(401);
    await expect(signInStaff(t, caseworker)).rejects.toThrow(/login: 401/);
    const account = await t.connection.db!.collection('accounts').findOne({ username: 'murat' });
    expect(account).toMatchObject({
      status: 'disabled',
      passwordHash: null,
      totpSecretSealed: null,
    });
    const events = (await t.connection.db!.collection('audit_log').find({}).toArray()).map(
      (entry) => entry['event'],
    );
    expect(events).toEqual(
      expect.arrayContaining([
        'account.invited',
        'caseworker_key.vetted',
        'account.disabled',
        'caseworker.offboarded',
      ]),
    );
  });
});
