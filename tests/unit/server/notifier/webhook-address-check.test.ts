/**
 * The address check a webhook connection must pass (server/notifier/webhook-channel.ts): public
 * addresses pass; private, loopback, link-local and addresses that embed or translate to IPv4 do
 * not; an allow-list entry marked allowPrivate never unlocks "this network" or link-local (cloud
 * metadata).
 */
import { isPublicAddress, isReachableAddress } from '../../../../server/notifier/webhook-channel';

const PUBLIC = ['8.8.8.8', '1.1.1.1', '93.184.216.34', '2606:4700:4700::1111'];
const NOT_PUBLIC = [
  '10.0.0.1',
  '10.255.255.255',
  '172.16.0.1',
  '172.31.255.254',
  '192.168.1.1',
  '127.0.0.1',
  '127.9.9.9',
  '169.254.169.254',
  '100.64.0.1',
  '0.0.0.0',
  '0.1.2.3',
  '::1',
  '::',
  'fe80::1',
  'febf::1',
  'fc00::1',
  'fd12:3456::1',
  'fec0::1',
  '::ffff:127.0.0.1',
  '::ffff:10.0.0.1',
  '::ffff:169.254.169.254',
  '0:0:0:0:0:ffff:7f00:1',
  '::127.0.0.1',
  '64:ff9b::a00:1',
  '64:ff9b:1::a00:1',
  '2002:a00:1::1',
  '2001:0:4136:e378::1',
  'not-an-address',
];
const NEVER_EVEN_WHEN_PRIVATE_ALLOWED = [
  '169.254.169.254',
  '0.0.0.0',
  '::',
  '::ffff:169.254.169.254',
  'fe80::1',
];

describe('the webhook address check', () => {
  test.each(PUBLIC)('%s is public', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  test.each(NOT_PUBLIC)('%s is not public', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  test('an IPv4-mapped public address is judged as the IPv4 address it carries', () => {
    expect(isPublicAddress('::ffff:8.8.8.8')).toBe(true);
  });

  test.each(NEVER_EVEN_WHEN_PRIVATE_ALLOWED)(
    '%s is refused even for a host allowed to be private',
    (address) => {
      expect(isReachableAddress(address, true)).toBe(false);
    },
  );

  test('a host allowed to be private reaches loopback and private networks', () => {
    for (const address of ['127.0.0.1', '::1', '10.0.0.1', '192.168.1.1', '::ffff:10.0.0.1']) {
      expect(isReachableAddress(address, true)).toBe(true);
    }
  });
});
