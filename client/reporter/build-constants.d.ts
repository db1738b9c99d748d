/** Build-time constants injected by client/build.ts (esbuild `define`); nothing else configures the page. */
declare const __AMANAT_ORG_FINGERPRINT__: string;
/** DIRECTORY_MIN_VERSION at build time: older recipient directories are refused. */
declare const __AMANAT_DIRECTORY_MIN_VERSION__: number;
declare const __AMANAT_QUICK_EXIT_URL__: string;
declare const __AMANAT_MAX_FILE_MB__: number;
declare const __AMANAT_MAX_REPORT_MB__: number;
