/**
 * An offboarding retires the linking key: whoever left may hold it. On FerretDB v1 a share's
 * re-wrap (a conditional update, run there as read-then-write of the whole document) racing the
 * retirement used to write the key's document back as it read it, "live" again, so no dashboard
 * asked for a rotation and the leaver could reverse every later token. The retirement is now its
 * own uniquely inserted document that no write of the key undoes: raced against shares, on the
 * real database, the key always ends retired.
 */
import { LinkingKeysRepository } from '../../server/features/case-links';
import { useTestApp } from '../helpers/use-test-app';

const ROUNDS = 40;

describe('a share racing an offboarding', () => {
  const t = useTestApp({ label: 'share-racing-offboarding', caseworkers: 1 });

  test('when shares of the linking key race its retirement then the key always ends retired', async () => {
    const keys = new LinkingKeysRepository(t.connection);
    const db = t.connection.db!;
    const unretired: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      await db.collection('linking_keys').deleteMany({});
      await db.collection('linking_key_retirements').deleteMany({});
      await keys.insertFirst(new Uint8Array([1, round]));
      await Promise.all([
        keys.replaceWrapping(1, new Uint8Array([2, round])),
        keys.retireCurrent(),
        keys.replaceWrapping(1, new Uint8Array([3, round])),
      ]);
      if ((await keys.findCurrent())?.retired !== true) unretired.push(round);
    }
    expect(unretired).toEqual([]);
  });
});
