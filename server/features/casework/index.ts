export { CaseworkService, type CaseworkDeps } from './casework.service';
export { caseworkRoutes } from './casework.routes';
export {
  ReplyKeyConfirmationsRepository,
  type ReplyKeyConfirmation,
} from './reply-key-confirmations.repository';
export { ReplyKeyConfirmationsService } from './reply-key-confirmations.service';
