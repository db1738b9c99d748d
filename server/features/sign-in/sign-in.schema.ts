/** /api/auth/* request bodies, as the API contract defines them. */
export {
  acceptInviteRequestSchema as acceptInviteSchema,
  changePasswordRequestSchema as changePasswordSchema,
  codeRequestSchema as codeSchema,
  emptyRequestSchema as emptySchema,
  loginRequestSchema as loginSchema,
  reauthRequestSchema as reauthSchema,
  securityKeyRequestSchema as securityKeySchema,
  webauthnProofRequestSchema as webauthnProofSchema,
} from '../../../contract/api/sign-in';
