export { AccountsRepository, type Account } from './accounts.repository';
export {
  AccountsService,
  INVITE_VALID_HOURS,
  hashInviteToken,
  normaliseUsername,
  type AcceptInviteOptions,
  type CreatedInvite,
  type InviteOptions,
  type ResetOptions,
} from './accounts.service';
export { STAFF_ROLES, type StaffRole, type AccountStatus } from './account.model';
export {
  checkNewPassword,
  hashPassword,
  verifyAgainstDecoy,
  verifyPassword,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
} from './passwords';
