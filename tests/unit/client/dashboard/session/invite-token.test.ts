import {
  readInviteToken,
  takeInviteToken,
} from '../../../../../client/dashboard/session/invite-token';

describe('the invitation token in the URL fragment', () => {
  test('when the fragment is #invite=<token> then the token is read exactly', () => {
    expect(readInviteToken('#invite=abc_DEF-123')).toBe('abc_DEF-123');
    expect(readInviteToken('#invite=a%2Bb')).toBe('a+b');
    expect(readInviteToken('#invite=a+b')).toBe('a+b');
  });

  test('when the fragment is anything else then there is no token', () => {
    for (const hash of [
      '',
      '#',
      '#invite=',
      '#other=1',
      '#invite=a&x=1',
      '#invite=%E0%A4%A',
      '#invite=a%20b',
    ]) {
      expect(readInviteToken(hash)).toBeNull();
    }
    expect(readInviteToken(`#invite=${'a'.repeat(513)}`)).toBeNull();
  });

  test('when a token is taken then the address keeps its path and query but loses the fragment', () => {
    const replaceState = jest.fn();
    const token = takeInviteToken(
      { hash: '#invite=tok123', pathname: '/staff/', search: '?lang=ug' },
      { replaceState },
    );
    expect(token).toBe('tok123');
    expect(replaceState).toHaveBeenCalledWith(null, '', '/staff/?lang=ug');
  });

  test('when the fragment is malformed then it is removed all the same', () => {
    const replaceState = jest.fn();
    expect(
      takeInviteToken({ hash: '#invite=', pathname: '/staff/', search: '' }, { replaceState }),
    ).toBeNull();
    expect(replaceState).toHaveBeenCalledWith(null, '', '/staff/');
  });

  test('when there is no fragment then the history entry is left alone', () => {
    const replaceState = jest.fn();
    expect(
      takeInviteToken({ hash: '', pathname: '/staff/', search: '' }, { replaceState }),
    ).toBeNull();
    expect(replaceState).not.toHaveBeenCalled();
  });
});
