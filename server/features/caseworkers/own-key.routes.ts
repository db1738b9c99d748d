/**
 * /api/me/key: a caseworker's own key pair. The server keeps the public key and the secret key
 * protected by a passphrase it never sees; it cannot unlock it. The protected secret key is
 * handed out apart, at /api/me/key/secret, only with the key release token of a tab that proved
 * password and factor in this session (staff-guards requireKeyRelease): whoever steals a session
 * cookie does not also get the key to attack its passphrase offline.
 */
import {
  ownKeyAnswerSchema,
  protectedSecretKeyAnswerSchema,
  storedOwnKeyAnswerSchema,
} from '../../../contract/api/staff';
import type { AnswerOf } from '../../../contract/api/common';
import { Router } from 'express';
import { keyReprotectRequestSchema, keyUploadRequestSchema } from '../../../contract/api/staff';
import { NotFoundError } from '../../platform/errors';
import type { Account } from '../accounts';
import type { AuditLogService } from '../audit';
import { acceptedKeyReleaseOf, requireKeyRelease, sessionOf } from '../sessions';
import { actorOf, parseBody, signedInAccountOf, staffGuards, type StaffDeps } from '../sign-in';
import type { CaseworkerKey } from './caseworker-keys.repository';
import type { CaseworkerKeysService } from './caseworker-keys.service';

export interface OwnKeyRoutesDeps extends StaffDeps {
  readonly keys: CaseworkerKeysService;
  readonly audit: AuditLogService;
}

export function ownKeyRoutes(deps: OwnKeyRoutesDeps): Router {
  const router = Router();
  const { signedIn, sensitive } = staffGuards(deps, ['caseworker', 'admin']);
  /** Audited before the key is stored; the same upload sent again appends nothing. */
  const recordOnce = async (
    account: Account,
    event: 'caseworker_key.uploaded' | 'caseworker_key.reprotected',
    fingerprint: string,
    protectedSecretKey: string,
  ): Promise<void> => {
    await deps.audit.record(
      actorOf(account),
      event,
      { fingerprint },
      { key: [event, account.id, fingerprint, protectedSecretKey].join('\0') },
    );
  };

  router.get('/api/me/key', signedIn, async (_req, res) => {
    const key = await deps.keys.findOwnKey(signedInAccountOf(res).id);
    res.json({ key: key ? ownKeyView(key) : null } satisfies AnswerOf<typeof ownKeyAnswerSchema>);
  });

  router.get(
    '/api/me/key/secret',
    signedIn,
    requireKeyRelease(deps.sessions),
    async (_req, res) => {
      const account = signedInAccountOf(res);
      const session = sessionOf(res);
      const key = await deps.keys.findOwnKey(account.id);
      if (!key?.protectedSecretKey) {
        throw new NotFoundError('key_not_found', 'You have no key yet.');
      }
      // Audited before the key leaves, once per tab that proved itself, whatever is retried or
      // reloaded.
      await deps.audit.record(
        actorOf(account),
        'caseworker_key.released',
        { fingerprint: key.fingerprint },
        { key: `caseworker_key.released\0${session.id}\0${acceptedKeyReleaseOf(res)}` },
      );
      res.json({
        fingerprint: key.fingerprint,
        protectedSecretKey: key.protectedSecretKey,
      } satisfies AnswerOf<typeof protectedSecretKeyAnswerSchema>);
    },
  );

  router.put('/api/me/key', ...sensitive(), async (req, res) => {
    const account = signedInAccountOf(res);
    const { armoredPublicKey, protectedSecretKey } = parseBody(keyUploadRequestSchema, req);
    const key = await deps.keys.uploadOwnKey(account, armoredPublicKey, protectedSecretKey, {
      beforeStore: (fingerprint) =>
        recordOnce(account, 'caseworker_key.uploaded', fingerprint, protectedSecretKey),
    });
    res
      .status(201)
      .json({ key: ownKeyView(key) } satisfies AnswerOf<typeof storedOwnKeyAnswerSchema>);
  });

  router.put('/api/me/key/protection', ...sensitive(), async (req, res) => {
    const account = signedInAccountOf(res);
    const { protectedSecretKey } = parseBody(keyReprotectRequestSchema, req);
    const key = await deps.keys.reprotectOwnKey(account.id, protectedSecretKey, {
      beforeStore: (fingerprint) =>
        recordOnce(account, 'caseworker_key.reprotected', fingerprint, protectedSecretKey),
    });
    res.json({ key: ownKeyView(key) } satisfies AnswerOf<typeof storedOwnKeyAnswerSchema>);
  });
  return router;
}

/** What the key panel shows; the protected secret key only ever at /api/me/key/secret. */
function ownKeyView(key: CaseworkerKey) {
  return {
    fingerprint: key.fingerprint,
    status: key.status,
    armoredPublicKey: key.armoredPublicKey,
  };
}
