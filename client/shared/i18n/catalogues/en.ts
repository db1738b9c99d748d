import type { CatalogueMeta, MessageValue } from './types';

export const meta: CatalogueMeta = { machineTranslated: false, reviewedBy: 'Amanat team' };

/** The source catalogue: its keys define MessageKey; every other language must have them all. */
export const messages = {
  'app.title': 'Amanat — report safely',
  'app.tagline':
    'Tell us what happened to you or your family. Your report is encrypted on this device before it is sent.',
  'language.label': 'Language',
  'quickExit.button': 'Quick exit',
  'quickExit.hint': 'Press Esc twice to leave this page at once.',
  'safety.sharedDevice':
    'If others can see or use this device, use a private window and close it when you are done. We store nothing on this device.',
  'directory.checking': 'Checking the organisation’s encryption keys…',
  'directory.ready': 'Encryption is ready: what you send can be read only by {recipients}.',
  'directory.recipients': { one: '# vetted caseworker', other: '# vetted caseworkers' },
  'directory.demo': 'This is a demonstration. Do not send a real report here.',
  'directory.error.title': 'Do not send anything here now.',
  'directory.error.directory_signature_invalid':
    'The list of caseworker keys is not signed by the organisation. Someone may be interfering.',
  'directory.error.directory_wrong_organisation':
    'The keys come from an organisation other than the one this page belongs to.',
  'directory.error.directory_expired': 'The list of caseworker keys has expired.',
  'directory.error.directory_malformed': 'The list of caseworker keys is damaged.',
  'directory.error.recipient_key_invalid': 'One of the caseworker keys is not valid.',
  'directory.error.network':
    'The server could not be reached. Check your connection and try again.',
  'directory.error.advice': 'Contact the organisation through another channel you trust.',
} satisfies Record<string, MessageValue>;
