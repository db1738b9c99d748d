/**
 * Attack: flood POST /no-js/report to stall the whole server. Each post costs the server a key
 * pair and an encryption on its one event loop; the per-address rate limit does not bound that
 * across addresses (an IPv6 /48 is 256 buckets), so enough posts at once would hold the process
 * (staff included) for seconds at a time. Defences (server/features/no-js-forms,
 * server/platform/openpgp/report-encryption.ts): the reply key is protected at the lowest S2K
 * count (its passphrase is a receipt-derived secret, so stretching bought nothing and cost
 * hundreds of milliseconds of hashing per post), and at most NO_JS_CONCURRENT posts are
 * encrypted at once, a few more wait, and the rest are refused at once with 503 `no_js_busy`
 * before any key is made or anything stored.
 */
import { readSecretKeyProtection } from '../../server/platform/openpgp/secret-key-protection';
import { countReports } from '../helpers/database';
import {
  postAtOnceWhileEncrypting,
  postForm,
  refusalCode,
  reportFields,
  useNoJsFormApp,
} from '../helpers/no-js-forms';

/** NO_JS_CONCURRENT 1: one post encrypted at once, four waiting (encryption-slots.ts). */
const WAITING_PLACES = 4;
const BEYOND_THE_LINE = 6;

describe('a flood of no-JavaScript reports cannot stall the server', () => {
  const t = useNoJsFormApp('sec-nojs-flood', { caseworkers: 1, env: { NO_JS_CONCURRENT: '1' } });

  test('when the report form is posted then the reply key the server makes costs the lowest S2K count to protect', async () => {
    const answer = await postForm(t.app, '/no-js/report', reportFields('TEST ONLY one report'));
    expect(answer.status).toBe(201);
    const [stored] = await t.connection.db!.collection('reports').find({}).toArray();
    const parts = await readSecretKeyProtection(stored!['replySecretKey'] as string);
    expect(parts).toHaveLength(2);
    for (const part of parts) {
      // Still iterated S2K (intake requires it), at 1,024 octets hashed, not 65 million.
      expect(part).toMatchObject({ s2kType: 'iterated', countByte: 0, countOctets: 1024 });
    }
  });

  test('when more reports arrive at once than are encrypted and may wait then the rest are refused at once with no_js_busy and nothing is stored for them', async () => {
    const before = await countReports(t.connection);
    let storedWhileHeld = -1;
    const answers = await postAtOnceWhileEncrypting(
      t.app,
      t.services.noJsForms.slots,
      1,
      Array.from({ length: WAITING_PLACES + BEYOND_THE_LINE }, (_, post) =>
        reportFields(`TEST ONLY flood ${post}`),
      ),
      BEYOND_THE_LINE,
      async () => {
        storedWhileHeld = await countReports(t.connection);
      },
    );

    const refused = answers.filter(({ status }) => status === 503);
    expect(refused).toHaveLength(BEYOND_THE_LINE);
    for (const answer of refused) {
      expect(refusalCode(answer)).toBe('no_js_busy');
      expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
    }
    // Those that waited were taken once the slot came free; nothing was stored while it was held.
    expect(storedWhileHeld).toBe(before);
    expect(answers.filter(({ status }) => status === 201)).toHaveLength(WAITING_PLACES);
    expect(await countReports(t.connection)).toBe(before + WAITING_PLACES);
  });
});
