/**
 * `npm run demo:report [-- ug]`: does what a reporter's browser does against the running demo
 * (scripts/lib/demo-report-sender.ts), then says where the demo caseworker reads it and how to
 * export it and decrypt it offline with stock GnuPG.
 */
import { existsSync, readFileSync } from 'node:fs';
import { DEMO_DIR, demoFiles } from './lib/demo-keys';
import {
  DEMO_REPORT_LOCALES,
  sendDemoReport,
  type DemoReportLocale,
} from './lib/demo-report-sender';
import { DEMO_CASEWORKER } from './lib/demo-staff';

function chosenLocale(argument: string | undefined): DemoReportLocale {
  const locale = DEMO_REPORT_LOCALES.find((code) => code === (argument ?? 'en'));
  if (!locale) {
    throw new Error(
      `The demo report is written in ${DEMO_REPORT_LOCALES.join(' or ')}, not "${argument}".`,
    );
  }
  return locale;
}

async function main(): Promise<void> {
  const files = demoFiles(DEMO_DIR);
  if (!existsSync(files.serverUrl)) {
    throw new Error('No demo is running here: start it first with `bash scripts/demo.sh`.');
  }
  const baseUrl = readFileSync(files.serverUrl, 'utf8').trim();
  const sent = await sendDemoReport(
    baseUrl,
    readFileSync(files.organisationFingerprint, 'utf8'),
    chosenLocale(process.argv[2]),
  );
  const passphrase = files.caseworkerPassphrase;
  process.stdout.write(
    [
      `Submitted. Case ${sent.caseId}, received on ${sent.receivedOn}.`,
      `Receipt (shown once to the reporter; ${baseUrl}/?view=return reads replies): ${sent.receipt}`,
      '',
      `Read and triage it in the dashboard: ${baseUrl}/staff/ as ${DEMO_CASEWORKER} (see the demo's walk-through).`,
      '',
      'Or export it and decrypt it offline with GnuPG, as a caseworker would:',
      `  MONGODB_URI=$(cat ${files.databaseUri}) npm run admin -- case:export ${sent.caseId} --out /tmp/amanat-export`,
      '  export GNUPGHOME=$(mktemp -d)',
      `  gpg --batch --pinentry-mode loopback --passphrase-file ${passphrase} --import ${files.caseworkerSecretKey}`,
      `  gpg --batch --pinentry-mode loopback --passphrase-file ${passphrase} --decrypt /tmp/amanat-export/${sent.caseId}/report.asc`,
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
