/**
 * A holder's share seals a case's identifiers again while a colleague may be saving that case's
 * links. On FerretDB v1 a conditional update runs as read-then-write, so the share's "only if
 * unchanged since read" used to write the old tokens back over a save that had already answered
 * success. Every write of a case's links now claims what it read by a unique insert: raced on the
 * real database, a save that answered success is what stays stored, and one of the two lands.
 */
import { CaseLinksRepository } from '../../server/features/case-links';
import { useTestApp } from '../helpers/use-test-app';

const ROUNDS = 40;
const token = (round: number, label: string) => `${label}${round}`.padEnd(43, 'A');

describe('a share racing a colleague`s save', () => {
  const t = useTestApp({ label: 'share-racing-a-save', caseworkers: 1 });

  test('when a re-seal races a save of the same case then a save answered with success is never overwritten', async () => {
    const links = new CaseLinksRepository(t.connection);
    const lost: number[] = [];
    const neither: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const caseId = round.toString(16).padStart(32, '0');
      const old = {
        caseId,
        keyVersion: 1,
        tokens: [token(round, 'old')],
        identifiers: new Uint8Array([1, round]),
      };
      await links.writeIfUnchanged(caseId, null, old);
      const read = (await links.findOfCase(caseId))!;
      const saved = {
        caseId,
        keyVersion: 1,
        tokens: [token(round, 'new')],
        identifiers: new Uint8Array([9, round]),
      };
      const [resealed, save] = await Promise.all([
        links.writeIfUnchanged(caseId, read, { ...read, identifiers: new Uint8Array([5, round]) }),
        // The colleague's save, as link() makes it: what is stored now, replaced.
        links.findOfCase(caseId).then((now) => links.writeIfUnchanged(caseId, now, saved)),
      ]);
      const after = (await links.findOfCase(caseId))!;
      if (save && after.tokens[0] !== saved.tokens[0]) lost.push(round);
      if (!save && !resealed) neither.push(round);
    }
    expect({ lost, neither }).toEqual({ lost: [], neither: [] });
  });
});
