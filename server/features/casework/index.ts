export { CaseworkService, type CaseworkDeps } from './casework.service';
export { caseworkRoutes } from './casework.routes';
