/**
 * The quick start as its walk-through tells it: the demo set-up of `bash scripts/demo.sh` (on the
 * test database, with the settings in its environment), `npm run demo:report`'s report in English
 * and in Uyghur, then the demo caseworker in Chromium: signs in with the printed password and the
 * code `npm run demo:code` prints, finds the DEMO key as theirs and listed in the signed
 * directory, unlocks it with the printed passphrase, reads each report's answers in their places
 * (not as raw JSON) and triages the case from the report, in English and in Uyghur.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createDashboardTranslator, type DashboardLocaleCode } from '../../client/dashboard/i18n';
import { prepareDemo, type DemoDeployment } from '../../scripts/lib/demo-deployment';
import { sendDemoReport, type SentDemoReport } from '../../scripts/lib/demo-report-sender';
import { currentDemoCodes, DEMO_CASEWORKER } from '../../scripts/lib/demo-staff';
import { demoWalkThrough } from '../../scripts/lib/demo-walk-through';
import { findFreePort } from '../../scripts/local-db/local-db';
import { startServer, type RunningServer } from '../../server/main';
import { connectDb } from '../../server/platform/db';
import { createLogger } from '../../server/platform/logger';
import { generateProtectedKeyPair, signRecipientDirectory } from '../../client/crypto';
import { recipientsAnswerSchema } from '../../contract/api/reporter';
import { verifySignedDirectory } from '../../server/platform/openpgp';
import { ensureDemoKeys } from '../../scripts/lib/demo-keys';
import { launchChromium } from '../helpers/browser';
import { serveRecipients } from '../helpers/directory-status';
import {
  openCase,
  openInbox,
  openStaffPage,
  unlockInInbox,
  waitForView,
} from '../helpers/dashboard';
import { testDatabaseUri } from '../helpers/database';

/** Small enough that a third report from one address is refused: the setting reached the server. */
const INTAKE_RATE_LIMIT = 2;

let dataDir: string;
let mongodbUri: string;
let demo: DemoDeployment;
let server: RunningServer;
let browser: Browser;
let page: Page;
const reports: Partial<Record<'en' | 'ug', SentDemoReport>> = {};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'amanat-demo-'));
  mongodbUri = testDatabaseUri('demo');
  demo = await prepareDemo({
    dataDir,
    mongodbUri,
    env: {
      PORT: String(await findFreePort()),
      LOG_LEVEL: 'silent',
      INTAKE_RATE_LIMIT: String(INTAKE_RATE_LIMIT),
    },
  });
  server = await startServer(demo.config, createLogger('silent'));
  browser = await launchChromium();
  page = (await openStaffPage(browser)).page;
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.shutdown();
  const connection = await connectDb(mongodbUri);
  await connection.dropDatabase().catch(() => {});
  await connection.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function reportOf(locale: 'en' | 'ug'): SentDemoReport {
  const sent = reports[locale];
  if (!sent) throw new Error(`the ${locale} demo report was not sent`);
  return sent;
}

/** Opens the case of `report` from the inbox, unlocking the key first when it is locked. */
async function readCase(report: SentDemoReport, locale: DashboardLocaleCode): Promise<void> {
  const t = createDashboardTranslator(locale);
  await openInbox(page);
  if (await page.locator('#key-gate #unlock-passphrase').isVisible()) {
    await unlockInInbox(page, demo.keyPassphrase);
  }
  expect(await openCase(page, report.caseId)).toBe('decrypted');
  const answers = report.document.answers;
  const answerText = (name: string) =>
    page.textContent(`.answer[data-answer="${name}"] .answer-text`);
  expect(await answerText('whatHappened')).toBe(answers.whatHappened);
  expect(await answerText('incidentType')).toBe(t('incident.threats_through_relatives'));
  expect(await answerText('city')).toBe(answers.city);
  expect(await answerText('month')).toBe(answers.month);
  expect(await page.textContent('#case-report')).not.toContain('"whatHappened"');
}

/** "Fill in from the report", a status, Save: the saved codes are the report's. */
async function triageFromReport(
  report: SentDemoReport,
  locale: DashboardLocaleCode,
): Promise<void> {
  const t = createDashboardTranslator(locale);
  await page.click('#triage-codes-from-report');
  expect(await page.inputValue('#triage-incident-category')).toBe(
    report.document.answers.incidentType,
  );
  expect(await page.inputValue('#triage-host-country')).toBe(report.document.answers.country);
  expect(await page.inputValue('#triage-month')).toBe(report.document.answers.month);
  await page.selectOption('#triage-status', 'in_progress');
  await page.selectOption('#triage-priority', 'high');
  await page.click('#triage-save');
  await page.locator('#triage-status-line', { hasText: t('triage.saved') }).waitFor();
  expect(await page.getAttribute('section[data-view="case"]', 'data-status')).toBe('in_progress');
}

describe('the demo, as its walk-through tells it', () => {
  test('when the demo is set up then the walk-through names the caseworker, the commands and the reporter page', () => {
    const printed = demoWalkThrough(demo, { dataDir, database: mongodbUri }).join('\n');
    const url = demo.config.publicOrigin;
    for (const line of [
      `${url}/?lang=ug`,
      `${url}/staff/`,
      DEMO_CASEWORKER,
      demo.caseworker.passwordFile,
      demo.analyst.passwordFile,
      demo.keyPassphrase,
      'npm run demo:report',
      'npm run demo:code',
      demo.analyst.account.username,
    ]) {
      expect(printed).toContain(line);
    }
    expect(printed).not.toContain(demo.caseworker.password);
    expect(printed).not.toContain(demo.analyst.password);
  });

  test('when demo:report sends reports in English and Uyghur then both are accepted and the rate limit from the environment refuses a third', async () => {
    const url = demo.config.publicOrigin;
    const fingerprint = demo.config.orgFingerprint;
    reports.en = await sendDemoReport(url, fingerprint, 'en');
    reports.ug = await sendDemoReport(url, fingerprint, 'ug');
    expect(reports.en.caseId).toMatch(/^[0-9a-f]{32}$/);
    expect(demo.config.intake.rateLimit.limit).toBe(INTAKE_RATE_LIMIT);
    await expect(sendDemoReport(url, fingerprint, 'en')).rejects.toThrow(/429/);
  });

  test('when the demo caseworker signs in with the printed password and code then the DEMO key is theirs and listed in the signed directory', async () => {
    const en = createDashboardTranslator('en');
    await page.goto(`${demo.config.publicOrigin}/staff/?lang=en`);
    await waitForView(page, 'login');
    await page.fill('#login-username', DEMO_CASEWORKER);
    await page.fill('#login-password', demo.caseworker.password);
    await page.click('#login-submit');
    await waitForView(page, 'second-factor');
    const code = currentDemoCodes(dataDir, new Date()).find(
      (entry) => entry.username === DEMO_CASEWORKER,
    )?.code;
    await page.fill('#totp-code', code ?? '');
    await page.click('#totp-form button[type="submit"]');
    await waitForView(page, 'keys');
    expect(await page.getAttribute('#key-status', 'data-status')).toBe('active');
    const listed = page.locator('#key-status-explain[data-listed="true"]');
    await listed.waitFor();
    expect(await listed.textContent()).toBe(en('keys.active.listed'));
  });

  test('when the directory is signed by another organisation key, or valid without the key, then the key page does not call it listed', async () => {
    const en = createDashboardTranslator('en');
    const served = recipientsAnswerSchema.parse(
      await (await fetch(`${demo.config.publicOrigin}/api/recipients`)).json(),
    );
    const { json } = await verifySignedDirectory(
      served.directory,
      served.organisationKey,
      demo.config.orgFingerprint,
    );
    const content = json as { recipients: object[] };
    const other = await generateProtectedKeyPair('Another organisation', 'other passphrase');
    const colleague = await generateProtectedKeyPair('DEMO colleague', 'colleague passphrase');
    const organisation = (await ensureDemoKeys(dataDir)).organisation;
    const withoutOwnKey = {
      ...content,
      recipients: [
        {
          fingerprint: colleague.fingerprint,
          label: 'DEMO',
          publicKey: colleague.armoredPublicKey,
        },
      ],
    };
    for (const directory of [
      {
        ...served,
        directory: await signRecipientDirectory(
          content,
          other.armoredSecretKey,
          'other passphrase',
        ),
        organisationKey: other.armoredPublicKey,
      },
      {
        ...served,
        directory: await signRecipientDirectory(
          withoutOwnKey,
          organisation.armoredSecretKey,
          organisation.passphrase,
        ),
      },
    ]) {
      await serveRecipients(page, directory);
      await page.goto(`${demo.config.publicOrigin}/staff/?lang=en`);
      await waitForView(page, 'keys');
      await page.locator('#key-status-explain[data-listed="false"]').waitFor();
      expect(await page.textContent('#key-status-explain')).toBe(en('keys.active.explain'));
      await page.unroute('**/api/recipients');
    }
  });

  test('when the caseworker opens the English report then its answers are shown in their places and triage fills from it', async () => {
    await readCase(reportOf('en'), 'en');
    await triageFromReport(reportOf('en'), 'en');
  });

  test('when the dashboard is opened in Uyghur then the Uyghur report reads right to left and is triaged from the report', async () => {
    const ug = createDashboardTranslator('ug');
    await page.goto(`${demo.config.publicOrigin}/staff/?lang=ug`);
    await waitForView(page, 'keys');
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    await page.locator('#key-status-explain[data-listed="true"]').waitFor();
    expect(await page.textContent('#key-status-explain')).toBe(ug('keys.active.listed'));
    await readCase(reportOf('ug'), 'ug');
    await triageFromReport(reportOf('ug'), 'ug');
  });
});
