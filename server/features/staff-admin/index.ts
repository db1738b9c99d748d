export { staffAdminRoutes, type StaffAdminRoutesDeps } from './staff-admin.routes';
