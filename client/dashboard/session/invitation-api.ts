/** POST /api/auth/invites/look-up: whom an invitation link is for, read with the contract. */
import { invitationAnswerSchema } from '../../../contract/api/sign-in';
import type { StaffRole } from '../../../contract/vocabulary';
import type { ApiOutcome, StaffApiClient } from './api-client';
import { readAs, shaped } from './answer-reading';

export interface Invitation {
  readonly username: string;
  readonly role: StaffRole;
}

/** The invited account; an answer of another shape is the failure `unknown`. */
export async function lookUpInvitation(
  client: StaffApiClient,
  token: string,
): Promise<ApiOutcome<Invitation>> {
  return shaped(await client.post('/api/auth/invites/look-up', { token }), (body) =>
    readAs(invitationAnswerSchema, body),
  );
}
