/** Runs the real server entry point (server/main.ts) as a child process, as production does. */
import { randomBytes } from 'node:crypto';

export {
  spawnServerProcess,
  startServerProcess,
  type ServerProcess,
} from '../../scripts/lib/app-process';

/**
 * The environment server/main.ts needs to serve `mongodbUri` for the organisation
 * `orgFingerprint`, with fresh secrets (the server has no defaults for them).
 */
export function serverProcessEnv(
  mongodbUri: string,
  orgFingerprint: string,
): Record<string, string> {
  return {
    NODE_ENV: 'test',
    MONGODB_URI: mongodbUri,
    ORG_FINGERPRINT: orgFingerprint,
    ADDRESS_HASH_KEY: randomBytes(32).toString('hex'),
    FACTOR_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    ALERT_ADDRESS_KEY: randomBytes(32).toString('hex'),
  };
}
