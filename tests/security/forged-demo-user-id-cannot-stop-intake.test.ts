/**
 * Attack: stopping intake by making the real organisation key look like a throwaway DEMO key.
 * Whatever a DEMO key signs must be marked demo, and production refuses demo directories; a
 * user id can be appended to a public key without changing its fingerprint. So a database
 * writer (or whoever alters org.asc.pub on its way) appends "… DEMO … (not for real reports)",
 * certified by a key of their own, to the organisation key stored with the directory: every
 * directory the real key signed would then fail verification (503 for reporters), and the next
 * draft would be marked demo. Defence (server/platform/openpgp/signed-directory.ts, isDemoKey):
 * only user ids the key itself certifies count.
 */
import request from 'supertest';
import { generateProtectedKeyPair } from '../../client/crypto';
import { draftDirectory } from '../../scripts/admin/publish-directory';
import { inspectOrganisationKey, inspectPublicKey } from '../../server/platform/openpgp';
import { withForeignUserId } from '../helpers/forge';
import { TEST_PASSPHRASE } from '../helpers/keys';
import { buildSubmission } from '../helpers/reports';
import { useTestApp } from '../helpers/use-test-app';

const DEMO_NAME = 'Amanat DEMO organisation (not for real reports)';

describe('a forged DEMO user id on the organisation key', () => {
  const t = useTestApp({ label: 'sec-forged-demo', caseworkers: 1 });

  test('when a DEMO user id certified by another key is appended to the stored organisation key then the directory is still served, reports are accepted and the next draft is not demo', async () => {
    const forged = await withForeignUserId(t.organisation.armoredPublicKey, DEMO_NAME);
    // The forgery as the attacker made it: the same key, now also "named" DEMO.
    expect(await inspectOrganisationKey(forged, t.organisation.fingerprint)).toEqual({
      fingerprint: t.organisation.fingerprint.toLowerCase(),
      isDemo: false,
    });
    expect((await inspectPublicKey(forged)).userIds).toContain(DEMO_NAME);
    await t.connection
      .collection('recipient_directories')
      .updateOne({ _id: 1 as never }, { $set: { organisationKey: forged } });

    const served = await request(t.app).get('/api/recipients').expect(200);
    expect(served.body.organisationKey).toBe(forged);
    const { body } = await buildSubmission(t.directory);
    await request(t.app).post('/api/reports').send(body).expect(201);
    const draft = await draftDirectory(t.connection, {
      orgFingerprint: t.config.orgFingerprint,
      validDays: 30,
      demo: false,
    });
    expect(draft.demo).toBe(false);
  });

  test('when a key certifies its own DEMO user id then it is a DEMO key', async () => {
    const demo = await generateProtectedKeyPair(DEMO_NAME, TEST_PASSPHRASE);
    expect((await inspectOrganisationKey(demo.armoredPublicKey, null)).isDemo).toBe(true);
  });
});
