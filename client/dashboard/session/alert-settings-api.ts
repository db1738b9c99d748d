/**
 * The signed-in person's own alert settings (GET/PUT /api/me/alerts), read with the contract's
 * schema. A malformed answer is a failure, never half-trusted.
 */
import {
  alertSettingsAnswerSchema,
  type AlertSettingsAnswer,
  type AlertSettingsRequest,
} from '../../../contract/api/alerts';
import type { ApiOutcome, StaffApiClient } from './api-client';
import { readAs, shaped } from './answer-reading';

export type { AlertKind, AlertSettingsAnswer } from '../../../contract/api/alerts';

const readSettings = (body: unknown): AlertSettingsAnswer | null =>
  readAs(alertSettingsAnswerSchema, body);

export class AlertSettingsApi {
  constructor(private readonly client: StaffApiClient) {}

  async load(): Promise<ApiOutcome<AlertSettingsAnswer>> {
    return shaped(await this.client.get('/api/me/alerts'), readSettings);
  }

  async save(request: AlertSettingsRequest): Promise<ApiOutcome<AlertSettingsAnswer>> {
    return shaped(await this.client.put('/api/me/alerts', request), readSettings);
  }
}
