import { createHmac, randomBytes } from 'node:crypto';
import * as libphonenumber from 'libphonenumber-js';
import { identifierRules } from '../../../../../client/dashboard/linking/identifiers';
import {
  importLinkingKey,
  linkToken,
  LINK_TOKEN_PATTERN,
} from '../../../../../client/dashboard/linking/link-token';

describe('the link token of an identifier', () => {
  const raw = randomBytes(32);

  test('when computed then it is HMAC-SHA-256 over the domain, the type and the value, base64url', async () => {
    const key = await importLinkingKey(raw);
    const token = await linkToken(key, { type: 'phone', value: '+905325550177' });
    const expected = createHmac('sha256', raw)
      .update('amanat-link-v1\u0000phone\u0000+905325550177')
      .digest('base64url');
    expect(token).toBe(expected);
    expect(token).toMatch(LINK_TOKEN_PATTERN);
  });

  test('when the same number is written two ways then the tokens are equal; another type, value or key differs', async () => {
    const key = await importLinkingKey(raw);
    const a = identifierRules(libphonenumber).normalise('phone', '+90 532 555 01 77', null)!;
    const b = identifierRules(libphonenumber).normalise('phone', '0532-555-0177', 'TR')!;
    expect(await linkToken(key, a)).toBe(await linkToken(key, b));
    const handle = await linkToken(key, { type: 'telegram', value: 'same' });
    expect(handle).not.toBe(await linkToken(key, { type: 'wechat', value: 'same' }));
    expect(handle).not.toBe(await linkToken(key, { type: 'telegram', value: 'same2' }));
    const otherKey = await importLinkingKey(randomBytes(32));
    expect(await linkToken(otherKey, a)).not.toBe(await linkToken(key, a));
  });

  test('when the key is not 32 bytes then it is refused', async () => {
    await expect(importLinkingKey(randomBytes(16))).rejects.toThrow('32 bytes');
  });
});
