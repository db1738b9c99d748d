/**
 * A rotation checks that its new key is wrapped for no offboarded caseworker, then the new key
 * waits beside the retired one while the cases are re-keyed. An offboarding that removes a
 * recipient after that check, and retires the key before the new one waits, retires only the
 * old version: the new key would become current still wrapped for whoever left. Defence: the
 * check runs again once the new key waits (from then on an offboarding retires it too). The
 * offboarding is made to land right after the first check read the offboarded keys; the
 * database and the service are the app's own.
 */
import { ConflictError } from '../../server/platform/errors';
import { identifiersOf } from '../helpers/case-links';
import {
  caseLinksServiceListing,
  casesAsBytes,
  linkedUnderFirstKey,
  rotationBody,
} from '../helpers/linking-desk';
import { useTestApp } from '../helpers/use-test-app';

describe('a rotation racing an offboarding', () => {
  const t = useTestApp({ label: 'rotation-racing-offboarding', caseworkers: 3 });

  test('when a recipient of the new key is offboarded during the rotation then the new key never becomes current', async () => {
    const identifiers = identifiersOf([['phone', '+90 532 555 01 81']], 'TR');
    const desk = await linkedUnderFirstKey(t, 'rotation-race-holder', ['TR'], identifiers);
    // A first offboarding retires the key; the rotation's new key is wrapped for the two who stay.
    await t.services.offboardingWith({}).removeCaseworker(t.caseworkers[2]!.fingerprint);
    await t.publishDirectory();
    const { body } = await rotationBody(t, desk.handle, desk.caseIds, identifiers, 2);

    const { services } = t;
    let asked = 0;
    // The first check reads the keys, then the offboarding lands, before the new key waits.
    const service = caseLinksServiceListing(t, async () => {
      asked += 1;
      const keys = await services.caseworkerKeys.listAllKeys();
      if (asked === 1) {
        await services.offboardingWith({}).removeCaseworker(t.caseworkers[1]!.fingerprint);
      }
      return keys;
    });
    const actor = (await services.repositories.accounts.findByUsername('rotation-race-holder'))!;
    const answer = await service
      .rotate(actor, body.version, Buffer.from(body.message, 'base64'), casesAsBytes(body.cases))
      .catch((error: unknown) => error);

    expect(answer).toBeInstanceOf(ConflictError);
    expect((answer as ConflictError).code).toBe('linking_recipient_removed');
    expect(asked).toBe(2);
    const key = await services.repositories.linkingKeys.findCurrent();
    expect({ version: key?.version, retired: key?.retired }).toEqual({ version: 1, retired: true });
  });
});
