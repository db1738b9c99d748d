export { staffAdminRoutes, type StaffAdminRoutesDeps } from './staff-admin.routes';
export { inviteStaffMember, vetCaseworkerKey } from './audited-staff-actions';
