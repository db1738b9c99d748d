/** POST /api/auth/invites/look-up: whom an invitation link is for, read with the contract. */
import type { output } from 'zod/v4/core';
import { invitationAnswerSchema } from '../../../contract/api/sign-in';
import type { ApiOutcome, StaffApiClient } from './api-client';
import { readAs, shaped } from './answer-reading';

export type Invitation = output<typeof invitationAnswerSchema>;

/** The invited account; an answer of another shape is the failure `unknown`. */
export async function lookUpInvitation(
  client: StaffApiClient,
  token: string,
): Promise<ApiOutcome<Invitation>> {
  return shaped(await client.post('/api/auth/invites/look-up', { token }), (body) =>
    readAs(invitationAnswerSchema, body),
  );
}
