export { FactorsRepository, type WebauthnCredential } from './factors.repository';
export { LoginThrottle } from './login-throttle';
export { actorOf } from './audit-actor';
export {
  SignInService,
  type ClientContext,
  type SessionView,
  type SecondFactorProof,
} from './sign-in.service';
export { signInRoutes, parseBody, staffJsonBody } from './sign-in.routes';
export {
  requireSignedIn,
  signedInAccountOf,
  staffGuards,
  type StaffGuards,
  type StaffDeps,
} from './staff-access';
export { relyingPartyFor } from './webauthn';
export { generateTotpCode } from './totp';
export { disableAccount, type AccountDisablingDeps } from './account-disabling';
