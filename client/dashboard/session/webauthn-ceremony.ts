/**
 * One WebAuthn ceremony as every dashboard form runs it: the server's options first, then the
 * browser's prompt. A refusal from either is shown in the form's problem line.
 */
import type { DashboardTranslate } from '../i18n';
import type { ApiOutcome } from './api-client';
import { describeFailure } from './error-messages';

/** The browser's response, or null once `problem` says why there is none. */
export async function runWebauthnCeremony<Options, Response>(
  t: DashboardTranslate,
  problem: HTMLElement,
  fetchOptions: () => Promise<ApiOutcome<Options>>,
  prompt: (input: { optionsJSON: Options }) => Promise<Response>,
): Promise<Response | null> {
  const options = await fetchOptions();
  if (!options.ok) {
    problem.textContent = describeFailure(t, options);
    return null;
  }
  try {
    return await prompt({ optionsJSON: options.body });
  } catch {
    // Cancelled, timed out or no authenticator: the browser does not say which, on purpose.
    problem.textContent = t('webauthn.failed');
    return null;
  }
}
