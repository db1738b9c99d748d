import { readSessionView } from '../../../../../client/dashboard/session/session-api';

describe('reading a session view', () => {
  test('when the server sends a full view then every field is kept', () => {
    expect(
      readSessionView({
        stage: 'full',
        csrfToken: 'c',
        user: { id: 'u1', username: 'case.worker', role: 'caseworker' },
        factors: { totp: true, webauthn: 2, recoveryCodesLeft: 9 },
        idleTimeoutSeconds: 600,
      }),
    ).toEqual({
      stage: 'full',
      csrfToken: 'c',
      user: { id: 'u1', username: 'case.worker', role: 'caseworker' },
      factors: { totp: true, webauthn: 2, recoveryCodesLeft: 9 },
      idleTimeoutSeconds: 600,
    });
  });

  test('when there is no session then stage none with the default idle timeout', () => {
    expect(readSessionView({ stage: 'none' })).toEqual({
      stage: 'none',
      csrfToken: null,
      user: null,
      factors: null,
      idleTimeoutSeconds: 900,
    });
  });

  test('when the view is malformed then nothing unknown is trusted', () => {
    const view = readSessionView({
      stage: 'root',
      csrfToken: 5,
      user: { id: 'u1', username: 'x', role: 'superuser' },
      idleTimeoutSeconds: -1,
    });
    expect(view).toMatchObject({
      stage: 'none',
      csrfToken: null,
      user: null,
      idleTimeoutSeconds: 900,
    });
    expect(readSessionView(null).stage).toBe('none');
    expect(readSessionView([]).stage).toBe('none');
  });
});
