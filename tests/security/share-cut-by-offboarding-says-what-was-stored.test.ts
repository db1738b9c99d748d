/**
 * A share writes the re-sealed cases first and the key's new wrapping last. An offboarding that
 * lands in between must not get its leaver into the key: the server checks again, just before
 * the key, that it is live and wrapped for no offboarded caseworker. Refused at that point, the
 * answer must not claim "nothing was stored" (cases were sealed again): it is 409
 * linking_share_incomplete, and the key's document is as before, retired.
 * The offboarding is made to land at that exact point by running it when the share asks for the
 * offboarded keys the second time; the database and the service are the app's own.
 */
import { ConflictError } from '../../server/platform/errors';
import { storedDocumentsOf } from '../helpers/database';
import { identifiersOf } from '../helpers/case-links';
import {
  caseLinksServiceListing,
  casesAsBytes,
  linkedUnderFirstKey,
  shareBody,
} from '../helpers/linking-desk';
import { useTestApp } from '../helpers/use-test-app';

describe('a share cut short by an offboarding', () => {
  const t = useTestApp({ label: 'share-cut-by-offboarding', caseworkers: 2 });

  test('when an offboarding lands after the cases were sealed again then the key is not stored and the answer says cases were', async () => {
    const desk = await linkedUnderFirstKey(
      t,
      'share-cut-holder',
      ['TR', 'TR'],
      identifiersOf([['phone', '+90 532 555 01 79']], 'TR'),
    );
    const body = await shareBody(t, desk, desk.linking);
    const keyBefore = await storedDocumentsOf(t.connection, ['linking_keys']);

    const { services } = t;
    let asked = 0;
    const service = caseLinksServiceListing(t, async () => {
      asked += 1;
      if (asked === 2) {
        await services.offboardingWith({}).removeCaseworker(t.caseworkers[1]!.fingerprint);
      }
      return await services.caseworkerKeys.listAllKeys();
    });
    const actor = (await services.repositories.accounts.findByUsername('share-cut-holder'))!;
    const answer = await service
      .storeKey(actor, body.version, Buffer.from(body.message, 'base64'), casesAsBytes(body.cases))
      .catch((error: unknown) => error);

    expect(answer).toBeInstanceOf(ConflictError);
    expect((answer as ConflictError).code).toBe('linking_share_incomplete');
    expect((answer as ConflictError).message).not.toMatch(/Nothing was stored/);
    expect(asked).toBe(2);
    expect(await storedDocumentsOf(t.connection, ['linking_keys'])).toBe(keyBefore);
    expect((await services.repositories.linkingKeys.findCurrent())?.retired).toBe(true);
  });
});
