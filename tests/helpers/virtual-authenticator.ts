/**
 * Security keys in Chromium for browser tests: CDP virtual authenticators, each a USB CTAP2 key
 * without resident keys, user verified and touched automatically (as a person would touch it).
 */
import type { CDPSession } from 'playwright-core';
import type { StaffPage } from './dashboard';

export interface VirtualKeys {
  readonly cdp: CDPSession;
  /** Plugs in a new security key; returns its authenticator id. */
  plugIn(): Promise<string>;
  /** Unplugs (loses) the key. */
  unplug(authenticatorId: string): Promise<void>;
  /** The credentials the key holds (CDP's own type). */
  credentialsOn(
    authenticatorId: string,
  ): Promise<Awaited<ReturnType<typeof getCredentials>>['credentials']>;
}

function getCredentials(cdp: CDPSession, authenticatorId: string) {
  return cdp.send('WebAuthn.getCredentials', { authenticatorId });
}

/** Enables virtual authenticators on the tab's page; none is plugged in yet. */
export async function virtualKeysFor(tab: StaffPage): Promise<VirtualKeys> {
  const cdp = await tab.context.newCDPSession(tab.page);
  await cdp.send('WebAuthn.enable');
  return {
    cdp,
    plugIn: async () =>
      (
        await cdp.send('WebAuthn.addVirtualAuthenticator', {
          options: {
            protocol: 'ctap2',
            transport: 'usb',
            hasResidentKey: false,
            hasUserVerification: true,
            isUserVerified: true,
            automaticPresenceSimulation: true,
          },
        })
      ).authenticatorId,
    unplug: async (authenticatorId) => {
      await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
    },
    credentialsOn: async (authenticatorId) =>
      (await getCredentials(cdp, authenticatorId)).credentials,
  };
}
