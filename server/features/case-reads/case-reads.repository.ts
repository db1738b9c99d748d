import { DURABLE_WRITE, repositoryOver } from '../../platform/db';
import { engineOf } from '../../platform/engine';
import { caseReadIdOf, caseReadModel } from './case-read.model';

export class CaseReadsRepository extends repositoryOver(caseReadModel) {
  /**
   * Records that `caseworkerId` was shown `caseId` up to message `seq`. Only ever raised: a tab
   * opened earlier and saved later never un-sees what a newer one showed. (FerretDB v1 runs the
   * conditional update as a read then a write, so two tabs of one caseworker saving at the same
   * moment may keep the lower value there; the case is then marked again, never hidden.)
   * Answers the mark as stored.
   */
  async markSeen(caseId: string, caseworkerId: string, seq: number): Promise<number> {
    const _id = caseReadIdOf(caseId, caseworkerId);
    if (await this.raise(_id, seq)) return seq;
    if (await this.insertUnique({ _id, caseId, caseworkerId, seenSeq: seq })) return seq;
    // Already as high, or another save inserted it in between: raise that one if it is lower.
    await this.raise(_id, seq);
    return (await this.collection().findOne({ _id }))?.seenSeq ?? seq;
  }

  /**
   * The marks of one caseworker for the cases of an inbox page: one `_id: { $in }` read, or,
   * where the engine scans for `$in` (FerretDB v1, engine.ts), one read by `_id` each. A case
   * without an entry was never opened by this caseworker.
   */
  async seenOf(caseworkerId: string, caseIds: readonly string[]): Promise<Map<string, number>> {
    const ids = caseIds.map((caseId) => caseReadIdOf(caseId, caseworkerId));
    const projection = { projection: { caseId: 1, seenSeq: 1 } };
    const documents = (await engineOf(this.model.db)).readsIdListsByIndex
      ? await this.collection()
          .find({ _id: { $in: ids } }, projection)
          .toArray()
      : (
          await Promise.all(ids.map((_id) => this.collection().findOne({ _id }, projection)))
        ).filter((document) => document !== null);
    return new Map(documents.map((document) => [document.caseId, document.seenSeq]));
  }

  /** A mark written for a case that retention deleted meanwhile (casework.service.ts markSeen). */
  async forget(caseId: string, caseworkerId: string): Promise<void> {
    await this.deleteDurably({ _id: caseReadIdOf(caseId, caseworkerId) });
  }

  /** Retention: every caseworker's mark goes with the case. */
  async deleteAllOfCase(caseId: string): Promise<number> {
    return await this.deleteDurably({ caseId });
  }

  /** Disabling an account (offboarding): that caseworker's marks go with it. */
  async deleteAllOfCaseworker(caseworkerId: string): Promise<number> {
    return await this.deleteDurably({ caseworkerId });
  }

  private async raise(_id: string, seq: number): Promise<boolean> {
    const result = await this.collection().updateOne(
      { _id, seenSeq: { $lt: seq } },
      { $set: { seenSeq: seq } },
      { writeConcern: DURABLE_WRITE },
    );
    return result.matchedCount === 1;
  }
}
