export { CaseworkerKeysService } from './caseworker-keys.service';
export { CaseworkerKeysRepository, type CaseworkerKey } from './caseworker-keys.repository';
export { ownKeyRoutes } from './own-key.routes';
