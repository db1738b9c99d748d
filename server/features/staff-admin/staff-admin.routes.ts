/**
 * /api/admin/*: invitations, accounts, factor resets and key vetting, for admins with a fresh
 * re-authentication. Every change is audited with the admin as actor, before it takes effect
 * (audited-staff-actions.ts; factor resets: sign-in.service.ts).
 */
import {
  createdInviteSchema,
  staffKeysAnswerSchema,
  staffUsersAnswerSchema,
  vettedKeyAnswerSchema,
} from '../../../contract/api/staff';
import type { AnswerOf } from '../../../contract/api/common';
import { Router } from 'express';
import { inviteRequestSchema } from '../../../contract/api/staff';
import { emptyRequestSchema } from '../../../contract/api/sign-in';
import { NotFoundError } from '../../platform/errors';
import type { AccountsService } from '../accounts';
import type { AuditLogService } from '../audit';
import type { CaseworkerKeysService } from '../caseworkers';
import { actorOf, parseBody, signedInAccountOf, staffGuards, type StaffDeps } from '../sign-in';
import { inviteStaffMember, vetCaseworkerKey } from './audited-staff-actions';

const ID_PATTERN = /^[0-9a-f]{32}$/;
const FINGERPRINT_PATTERN = /^[0-9a-fA-F]{40}$/;

export interface StaffAdminRoutesDeps extends StaffDeps {
  readonly accounts: AccountsService;
  readonly keys: CaseworkerKeysService;
  readonly audit: AuditLogService;
}

export function staffAdminRoutes(deps: StaffAdminRoutesDeps): Router {
  const router = Router();
  const { signedIn: admin, sensitive } = staffGuards(deps, ['admin']);

  router.post('/api/admin/invites', ...sensitive({ byFactor: true }), async (req, res) => {
    const actor = signedInAccountOf(res);
    const { username, role } = parseBody(inviteRequestSchema, req);
    const invite = await inviteStaffMember(deps, actorOf(actor), username, role);
    res.status(201).json(inviteAnswer(invite));
  });

  router.get('/api/admin/users', admin, async (_req, res) => {
    const accounts = await deps.accounts.listAccounts();
    const users = [];
    for (const account of accounts) {
      const factors = await deps.signIn.factorSummary(account);
      users.push({
        id: account.id,
        username: account.username,
        role: account.role,
        status: account.status,
        factors: { totp: factors.totp, webauthn: factors.webauthn },
      });
    }
    res.json({ users } satisfies AnswerOf<typeof staffUsersAnswerSchema>);
  });

  router.post(
    '/api/admin/users/:id/reset-factors',
    ...sensitive({ byFactor: true }),
    async (req, res) => {
      parseBody(emptyRequestSchema, req);
      const id = String(req.params['id']);
      if (!ID_PATTERN.test(id)) throw new NotFoundError('account_not_found', 'No such account.');
      const invite = await deps.signIn.resetFactors(signedInAccountOf(res), id);
      res.json(inviteAnswer(invite));
    },
  );

  router.get('/api/admin/keys', admin, async (_req, res) => {
    const keys = await deps.keys.listAllKeys();
    const usernames = new Map(
      (await deps.accounts.listAccounts()).map((account) => [account.id, account.username]),
    );
    res.json({
      keys: keys.map((key) => ({
        fingerprint: key.fingerprint,
        label: key.label,
        status: key.status,
        owner: key.ownerId ? (usernames.get(key.ownerId) ?? null) : null,
        addedOn: key.addedOn,
      })),
    } satisfies AnswerOf<typeof staffKeysAnswerSchema>);
  });

  router.post(
    '/api/admin/keys/:fingerprint/vet',
    ...sensitive({ byFactor: true }),
    async (req, res) => {
      parseBody(emptyRequestSchema, req);
      const fingerprint = String(req.params['fingerprint']);
      if (!FINGERPRINT_PATTERN.test(fingerprint)) {
        throw new NotFoundError('key_not_pending', 'No pending key with that fingerprint.');
      }
      const key = await vetCaseworkerKey(deps, actorOf(signedInAccountOf(res)), fingerprint);
      res.json({
        key: {
          fingerprint: key.fingerprint,
          label: key.label,
          status: key.status,
          addedOn: key.addedOn,
        },
      } satisfies AnswerOf<typeof vettedKeyAnswerSchema>);
    },
  );
  return router;
}

/** An invitation link, shown once: its token, expiry and the dashboard path that opens it. */
function inviteAnswer(invite: {
  readonly token: string;
  readonly expiresAt: Date;
}): AnswerOf<typeof createdInviteSchema> {
  return {
    token: invite.token,
    expiresAt: invite.expiresAt.toISOString(),
    path: `/staff/#invite=${invite.token}`,
  };
}
