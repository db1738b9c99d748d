export { reporterSiteRoutes } from './reporter-site.routes';
