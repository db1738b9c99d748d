export { staffSiteRoutes } from './staff-site.routes';
