import * as libphonenumber from 'libphonenumber-js';
import { identifierRules, MAX_PROPOSED } from '../../../../../client/dashboard/linking/identifiers';

// The rules as the dashboard's loadIdentifierRules makes them, with the library imported here.
const rules = identifierRules(libphonenumber);

const TR_MOBILE = '+905325550177';

describe('normalising an identifier a caseworker confirms or types', () => {
  test.each([
    ['+90 532 555 01 77', null],
    ['+90-532-555-0177', null],
    ['0090 532 555 01 77', null],
    ['0090-532-555-0177', 'US'],
    ['0532 555 01 77', 'TR'],
    ['(0532) 555-01-77', 'TR'],
    ['５３２ ５５５ ０１ ７７', 'TR'],
  ])('when the phone number is written %s (report country %s) then it is E.164', (raw, country) => {
    expect(rules.normalise('phone', raw, country)).toEqual({ type: 'phone', value: TR_MOBILE });
  });

  test('when a phone number is national and no country is known, or not a number at all, then it is refused', () => {
    expect(rules.normalise('phone', '0532 555 01 77', null)).toBeNull();
    expect(rules.normalise('phone', '0532 555 01 77', 'other')).toBeNull();
    expect(rules.normalise('phone', '+90 12', null)).toBeNull();
    expect(rules.normalise('phone', 'call me', 'TR')).toBeNull();
  });

  test('when handles differ only by case or a leading @ or t.me/ then they are one value, typed', () => {
    for (const raw of ['@Harasser_01', 'harasser_01', 'HARASSER_01', 'https://t.me/Harasser_01']) {
      expect(rules.normalise('telegram', raw, null)).toEqual({
        type: 'telegram',
        value: 'harasser_01',
      });
    }
    expect(rules.normalise('wechat', 'WXID_Ab12', null)).toEqual({
      type: 'wechat',
      value: 'wxid_ab12',
    });
    expect(rules.normalise('wechat', 'two words', null)).toBeNull();
  });

  test('when an e-mail address or a plate is written differently then it is one value', () => {
    expect(rules.normalise('email', ' Agent.X@Example.ORG ', null)).toEqual({
      type: 'email',
      value: 'agent.x@example.org',
    });
    expect(rules.normalise('email', 'no-at-sign.example.org', null)).toBeNull();
    for (const raw of ['34 abc 123', '34-ABC-123', '34ABC123']) {
      expect(rules.normalise('plate', raw, null)).toEqual({ type: 'plate', value: '34ABC123' });
    }
  });

  test('when a value holds a control character or is absurdly long then it is refused', () => {
    expect(rules.normalise('email', 'a\u0000b@example.org', null)).toBeNull();
    expect(rules.normalise('telegram', 'a'.repeat(300), null)).toBeNull();
  });
});

describe('proposing identifiers from the contacted-by answer', () => {
  test('when the answer mixes numbers, accounts, addresses, plates and names then each identifier is proposed once', () => {
    const answer = [
      'A man called from +90 532 555 01 77 and again from 0532-555-0177',
      'WhatsApp: 0090 532 555 0177',
      'WeChat: WXID_Ab12',
      'Telegram @Harasser_01, also t.me/harasser_01',
      'e-mail Agent.X@Example.org',
      'plate: 34 ABC 123 black car',
      'Stuttgart: someone named Alim',
    ].join('\n');
    expect(rules.propose(answer, 'TR')).toEqual(
      expect.arrayContaining([
        { type: 'phone', value: TR_MOBILE },
        { type: 'wechat', value: 'wxid_ab12' },
        { type: 'telegram', value: 'harasser_01' },
        { type: 'email', value: 'agent.x@example.org' },
        { type: 'plate', value: '34ABC123' },
      ]),
    );
    expect(rules.propose(answer, 'TR')).toHaveLength(5);
  });

  test('when the answer names nothing linkable then nothing is proposed', () => {
    expect(rules.propose('Two men from the consulate, names unknown.', 'DE')).toEqual([]);
  });

  test('when a hostile answer lists thousands of numbers then the proposals are bounded', () => {
    const answer = Array.from({ length: 500 }, (_, index) => `@handle_${index}`).join(' ');
    expect(rules.propose(answer, null)).toHaveLength(MAX_PROPOSED);
  });
});
