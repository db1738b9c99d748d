/**
 * `npm run demo:report`: does what a reporter's browser does against the running demo: fetch and
 * verify the signed directory, encrypt a report, submit it; then prints how a caseworker exports
 * it and decrypts it offline with stock GnuPG.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepareReportSubmission, verifyRecipientDirectory } from '../client/crypto';

const DEMO_DIR = join(process.cwd(), '.data', 'demo');

async function main(): Promise<void> {
  const baseUrl = process.argv[2] ?? `http://localhost:${process.env['PORT'] ?? '8080'}`;
  const pinnedFingerprint = readFileSync(
    join(DEMO_DIR, 'organisation-DEMO-fingerprint.txt'),
    'utf8',
  );
  const served = (await (await fetch(`${baseUrl}/api/recipients`)).json()) as {
    directory: string;
    organisationKey: string;
  };
  const directory = await verifyRecipientDirectory(
    served.directory,
    served.organisationKey,
    pinnedFingerprint,
  );
  const report = {
    locale: 'en',
    incidentType: 'pressure_through_relatives',
    whatHappened: 'DEMO report: police visited my parents and said I must come back.',
  };
  const { body, receipt } = await prepareReportSubmission(report, directory);
  const response = await fetch(`${baseUrl}/api/reports`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const result = (await response.json()) as {
    caseId?: string;
    error?: { code: string; message: string };
  };
  if (response.status !== 201 || !result.caseId) {
    throw new Error(
      `submission refused: ${response.status} ${result.error?.code ?? ''} ${result.error?.message ?? ''}`,
    );
  }
  const uri = readFileSync(join(DEMO_DIR, 'database-uri.txt'), 'utf8');
  process.stdout.write(
    [
      `Submitted. Case ${result.caseId}, received on ${(result as { receivedOn?: string }).receivedOn ?? '?'}.`,
      `Receipt (shown once to the reporter): ${receipt}`,
      '',
      'Export it and decrypt it offline with GnuPG, as a caseworker would:',
      `  MONGODB_URI=${uri} npm run admin -- case:export ${result.caseId} --out /tmp/amanat-export`,
      '  export GNUPGHOME=$(mktemp -d)',
      `  gpg --batch --pinentry-mode loopback --passphrase-file ${join(DEMO_DIR, 'caseworker-DEMO-passphrase.txt')} --import ${join(DEMO_DIR, 'caseworker-DEMO-secret.asc')}`,
      `  gpg --batch --pinentry-mode loopback --passphrase-file ${join(DEMO_DIR, 'caseworker-DEMO-passphrase.txt')} --decrypt /tmp/amanat-export/${result.caseId}/report.asc`,
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
