/**
 * Attack: use one WebAuthn ceremony's challenge for the other. With one challenge slot per
 * session, whoever holds a copied session cookie can start a re-authentication (which needs only
 * the cookie) and so void the owner's security key registration under way; and a challenge issued
 * for registering a key could be answered by a signed assertion, or the reverse. Defence
 * (sessions: registrationChallenge and authenticationChallenge): each ceremony keeps its own
 * challenge, answered once, and only by a response of its own kind.
 */
import { addSoftwareKey } from '../helpers/own-factors';
import { SoftwareAuthenticator } from '../helpers/software-authenticator';
import { enrolStaff, type EnrolledStaff } from '../helpers/staff';
import { useTestApp } from '../helpers/use-test-app';

type Challenge = { challenge: string };

describe('WebAuthn challenges bound to their ceremony', () => {
  const t = useTestApp({ label: 'webauthn-ceremonies', caseworkers: 1 });

  async function staffWithKey(
    name: string,
  ): Promise<{ staff: EnrolledStaff; key: SoftwareAuthenticator }> {
    const staff = await enrolStaff(t, name);
    return { staff, key: await addSoftwareKey(t, staff) };
  }

  const registrationOptions = async (staff: EnrolledStaff) =>
    (await staff.client.post('/api/auth/factors/webauthn/options')).body as Challenge;
  const authenticationOptions = async (staff: EnrolledStaff) =>
    (await staff.client.post('/api/auth/reauth/webauthn/options')).body as Challenge;
  const reauthWith = async (staff: EnrolledStaff, response: unknown) =>
    await staff.client.post('/api/auth/reauth', { password: staff.password, webauthn: response });
  const registerWith = async (staff: EnrolledStaff, response: unknown) =>
    await staff.client.post('/api/auth/factors/webauthn', { response, name: 'TEST ONLY new key' });
  const keyCount = async (staff: EnrolledStaff) =>
    ((await staff.client.get('/api/auth/factors')).body.factors as unknown[]).length - 1;

  test('when a registration challenge is answered by a signed assertion then the re-authentication is refused', async () => {
    const { staff, key } = await staffWithKey('ceremony.one');
    const registration = await registrationOptions(staff);
    const refused = await reauthWith(staff, key.authenticate(registration));
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('second_factor_failed');
  });

  test('when a re-authentication challenge is answered by a registration then no key is added', async () => {
    const { staff } = await staffWithKey('ceremony.two');
    const authentication = await authenticationOptions(staff);
    const refused = await registerWith(
      staff,
      new SoftwareAuthenticator(t.config.publicOrigin).register(authentication),
    );
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('security_key_refused');
    expect(await keyCount(staff)).toBe(1);
  });

  test('when a re-authentication is started during a key registration then the registration still completes', async () => {
    const { staff } = await staffWithKey('ceremony.three');
    const registration = await registrationOptions(staff);
    // What a copied session cookie can do at any time: it needs no key release token.
    expect((await staff.client.post('/api/auth/reauth/webauthn/options')).status).toBe(200);
    const added = await registerWith(
      staff,
      new SoftwareAuthenticator(t.config.publicOrigin).register(registration),
    );
    expect(added.status).toBe(200);
    expect(await keyCount(staff)).toBe(2);
  });

  test('when a key registration is started during a re-authentication then the re-authentication still completes', async () => {
    const { staff, key } = await staffWithKey('ceremony.four');
    const authentication = await authenticationOptions(staff);
    expect((await staff.client.post('/api/auth/factors/webauthn/options')).status).toBe(200);
    expect((await reauthWith(staff, key.authenticate(authentication))).status).toBe(200);
  });
});
