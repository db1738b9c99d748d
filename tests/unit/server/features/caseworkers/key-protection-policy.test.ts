import { refuseWeakProtection } from '../../../../../server/features/caseworkers/key-protection-policy';
import type { SecretPartProtection } from '../../../../../server/platform/openpgp/secret-key-protection';

/** What the dashboard writes: iterated and salted, SHA-256, count octet 255, AES-256. */
const DASHBOARD: SecretPartProtection = {
  index: 0,
  usage: 254,
  s2kType: 'iterated',
  hash: 'sha256',
  countByte: 255,
  countOctets: 65_011_712,
  cipher: 'aes256',
};

function refusalOf(change: Partial<SecretPartProtection>): string | null {
  try {
    refuseWeakProtection([DASHBOARD, { ...DASHBOARD, index: 1, ...change }]);
    return null;
  } catch (error) {
    expect(error).toMatchObject({ status: 422, code: 'key_protection_weak' });
    return (error as Error).message;
  }
}

describe('the protection a stored caseworker key needs', () => {
  test.each<[string, Partial<SecretPartProtection>]>([
    ['the dashboard', {}],
    ['a GnuPG 2.2 export (SHA-1, AES-128)', { hash: 'sha1', cipher: 'aes128' }],
    ['OpenPGP.js defaults (count octet 224)', { countByte: 224, countOctets: 16_777_216 }],
    ['the lowest accepted count (octet 192)', { countByte: 192, countOctets: 4_194_304 }],
    ['SHA-512 and AES-192', { hash: 'sha512', cipher: 'aes192' }],
    ['an unprotected part (left to checkProtectedSecretKey)', { usage: 0, s2kType: null }],
  ])('when it is %s then it is accepted', (_name, change) => {
    expect(refusalOf(change)).toBeNull();
  });

  test.each<[string, Partial<SecretPartProtection>, string]>([
    [
      'count octet 191',
      { countByte: 191, countOctets: 4_063_232 },
      'subkey 1: 4,063,232 octets hashed per guess (count octet 191; at least 4,194,304, octet 192)',
    ],
    [
      'salted S2K',
      { s2kType: 'salted', countByte: null, countOctets: null },
      'salted S2K, not iterated',
    ],
    [
      'simple S2K',
      { s2kType: 'simple', countByte: null, countOctets: null },
      'simple S2K, not iterated',
    ],
    ['MD5', { hash: 'md5' }, 'hash md5 (SHA-1, SHA-2 or SHA-3 needed)'],
    ['RIPEMD-160', { hash: 'ripemd' }, 'hash ripemd'],
    ['CAST5', { cipher: 'cast5' }, 'cipher cast5 (AES-128, AES-192 or AES-256 needed)'],
    ['Triple DES', { cipher: 'tripledes' }, 'cipher tripledes'],
    ['the two-octet checksum', { usage: 255 }, 'a two-octet checksum instead of a SHA-1 check'],
    ['AEAD protection', { usage: 253 }, 'AEAD protection, which GnuPG 2.2 cannot import'],
    ['pre-RFC 4880 protection', { usage: 9, s2kType: null }, 'pre-RFC 4880 protection without S2K'],
    [
      'a GnuPG stub',
      { s2kType: 'gnu-dummy', hash: null, cipher: null },
      'holds no secret key material',
    ],
  ])(
    'when a part has %s then it is refused, naming the part and the weakness',
    (_name, change, named) => {
      const message = refusalOf(change);
      expect(message).toContain(`subkey 1: `);
      expect(message).toContain(named);
      expect(message).not.toContain('primary key');
    },
  );

  test('every weakness of every part is named in one refusal', () => {
    expect(() =>
      refuseWeakProtection([
        { ...DASHBOARD, hash: 'md5', cipher: 'cast5' },
        { ...DASHBOARD, index: 1, countByte: 96, countOctets: 65_536 },
      ]),
    ).toThrow(/primary key: hash md5 .*, cipher cast5 .*; subkey 1: 65,536 octets/);
  });
});
