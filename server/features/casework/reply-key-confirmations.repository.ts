import { DURABLE_WRITE, repositoryOver } from '../../platform/db';
import { replyKeyConfirmationModel } from './reply-key-confirmation.model';
import { copyFields } from '../../platform/copy-fields';

export interface ReplyKeyConfirmation {
  readonly caseId: string;
  readonly fingerprint: string;
  readonly confirmation: string;
  readonly confirmedBy: string;
  readonly confirmedOn: string;
}

export class ReplyKeyConfirmationsRepository extends repositoryOver(replyKeyConfirmationModel) {
  /**
   * Stores the case's confirmation, durably, unless the case has one already: the case id is the
   * document id, so of two concurrent confirmations exactly one is stored ('exists' for the other).
   */
  async insert(confirmation: ReplyKeyConfirmation): Promise<'inserted' | 'exists'> {
    const inserted = await this.insertUnique({
      _id: confirmation.caseId,
      ...copyFields(confirmation, ['fingerprint', 'confirmation', 'confirmedBy', 'confirmedOn']),
    });
    return inserted ? 'inserted' : 'exists';
  }

  async findByCaseId(caseId: string): Promise<ReplyKeyConfirmation | null> {
    const document = await this.collection().findOne({ _id: caseId });
    return document
      ? {
          caseId: document._id,
          fingerprint: document.fingerprint,
          confirmation: document.confirmation,
          confirmedBy: document.confirmedBy,
          confirmedOn: document.confirmedOn,
        }
      : null;
  }

  /** Retention: the confirmation goes with its case. */
  async deleteOfCase(caseId: string): Promise<void> {
    await this.collection().deleteOne({ _id: caseId }, { writeConcern: DURABLE_WRITE });
  }
}
