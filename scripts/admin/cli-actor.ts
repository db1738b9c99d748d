/** The actor the audit log names for whatever the admin CLI does (and for its scheduled jobs). */
export const CLI_ACTOR = 'admin-cli';
