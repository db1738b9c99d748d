export { SessionsRepository } from './sessions.repository';
export {
  SessionsService,
  hashSessionToken,
  type ActiveSession,
  type SessionLimits,
  type StartedSession,
} from './sessions.service';
export type { ReauthProof, SessionStage } from './session.model';
export {
  clearSessionInBrowser,
  readCookie,
  setDeviceCookie,
  setSessionCookie,
  DEVICE_COOKIE,
  SESSION_COOKIE,
} from './session-cookie';
export {
  acceptedKeyReleaseOf,
  checkCsrf,
  KEY_RELEASE_HEADER,
  loadSession,
  optionalSessionOf,
  requireKeyRelease,
  requireFactorProof,
  requireRecentReauth,
  requireStage,
  sessionOf,
} from './staff-guards';
