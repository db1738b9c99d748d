import { DURABLE_WRITE, repositoryOver } from '../../platform/db';
import { webhookAllowListModel, type WebhookHost } from './webhook-allow-list.model';

const ALLOW_LIST_ID = 'webhook-hosts';

export class WebhookAllowListRepository extends repositoryOver(webhookAllowListModel) {
  async read(): Promise<WebhookHost[]> {
    const document = await this.collection().findOne({ _id: ALLOW_LIST_ID });
    return (document?.hosts ?? []).map(({ host, allowPrivate }) => ({ host, allowPrivate }));
  }

  async replace(hosts: readonly WebhookHost[]): Promise<void> {
    await this.collection().updateOne(
      { _id: ALLOW_LIST_ID },
      { $set: { hosts: hosts.map(({ host, allowPrivate }) => ({ host, allowPrivate })) } },
      { upsert: true, writeConcern: DURABLE_WRITE },
    );
  }
}
