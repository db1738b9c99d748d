/**
 * What the demo prints once it runs: a short walk-through of the three roles with the links,
 * accounts and commands this run made, so a first-time visitor follows one report from the
 * reporter's page to a triaged case and to the statistics.
 */
import { createDashboardTranslator } from '../../client/dashboard/i18n';
import { LOCALES } from '../../client/shared/i18n/locales';
import type { DemoDeployment } from './demo-deployment';

/** The dashboard's own English labels, so the steps name exactly what is on screen. */
const label = createDashboardTranslator('en');

export interface WalkThroughPlaces {
  /** Where the demo keeps its keys and secrets. */
  readonly dataDir: string;
  /** The database, in words (kind and address). */
  readonly database: string;
}

export function demoWalkThrough(demo: DemoDeployment, places: WalkThroughPlaces): string[] {
  const url = demo.config.publicOrigin;
  const { caseworker, analyst } = demo;
  return [
    '',
    '  Amanat is running with a DEMO organisation. Demo keys and accounts are throwaway:',
    '  never use them for real reports.',
    '',
    '  1. Reporter',
    `     Open ${url}/?lang=ug (Uyghur; ?lang=en and ${LOCALES.length - 2} more languages), fill in the form, send it`,
    '     and keep the receipt. Or, in another terminal, send one as the page would:',
    '       npm run demo:report            (in English; `npm run demo:report -- ug` in Uyghur)',
    '',
    '  2. Caseworker',
    `     Open ${url}/staff/ and sign in:`,
    `       username        ${caseworker.account.username}`,
    `       password        in ${caseworker.passwordFile}`,
    '       code            `npm run demo:code` prints the authenticator code (each code works once)',
    `     "${label('nav.keys')}" shows the DEMO caseworker key: it is yours. Open "${label('nav.inbox')}" and unlock it with`,
    `       key passphrase  ${demo.keyPassphrase}`,
    `     then open the case: the report is decrypted in your browser. Under "${label('triage.title')}",`,
    `     press "${label('triage.codes.fromReport')}", set a status and priority, and "${label('triage.save')}".`,
    `     (${url}/staff/?lang=ug shows the dashboard in Uyghur.)`,
    '',
    '  3. Analyst',
    `     Sign in at ${url}/staff/ as ${analyst.account.username}, password in ${analyst.passwordFile},`,
    `     code from \`npm run demo:code\`, and open "${label('nav.stats')}".`,
    '',
    `  Admin:      ${demo.adminLine}`,
    `  API:        ${url}/api/recipients   ${url}/healthz   ${url}/readyz`,
    `  Database:   ${places.database}`,
    `  Demo files: ${places.dataDir} (the demo passwords and authenticator secrets too)`,
    '  Settings:   the server reads the same variables as in production (INTAKE_RATE_LIMIT,',
    '              PORT, SESSION_IDLE_MINUTES, ...); set them before `bash scripts/demo.sh`.',
    '  Stop:       Ctrl-C',
    '',
  ];
}
