import type { CatalogueMeta } from './types';
import type { Messages } from './index';

// Machine-made: awaiting review by a native German speaker.
export const meta: CatalogueMeta = { machineTranslated: true, reviewedBy: null };

export const messages: Messages = {
  'app.title': 'Amanat — sicher melden',
  'app.tagline':
    'Erzählen Sie uns, was Ihnen oder Ihrer Familie passiert ist. Ihre Meldung wird auf diesem Gerät verschlüsselt, bevor sie gesendet wird.',
  'language.label': 'Sprache',
  'quickExit.button': 'Schnell verlassen',
  'quickExit.hint': 'Drücken Sie zweimal Esc, um diese Seite sofort zu verlassen.',
  'safety.sharedDevice':
    'Wenn andere dieses Gerät sehen oder benutzen können, verwenden Sie ein privates Fenster und schließen Sie es danach. Wir speichern nichts auf diesem Gerät.',
  'directory.checking': 'Die Schlüssel der Organisation werden geprüft …',
  'directory.ready':
    'Die Verschlüsselung ist bereit: Was Sie senden, können nur {recipients} lesen.',
  'directory.recipients': {
    one: '# geprüfte Fallbearbeitung',
    other: '# geprüfte Fallbearbeitende',
  },
  'directory.demo': 'Dies ist eine Vorführung. Senden Sie hier keine echte Meldung.',
  'directory.error.title': 'Senden Sie jetzt nichts über diese Seite.',
  'directory.error.directory_signature_invalid':
    'Die Liste der Schlüssel ist nicht von der Organisation signiert. Möglicherweise greift jemand ein.',
  'directory.error.directory_wrong_organisation':
    'Die Schlüssel stammen nicht von der Organisation, zu der diese Seite gehört.',
  'directory.error.directory_expired': 'Die Liste der Schlüssel ist abgelaufen.',
  'directory.error.directory_malformed': 'Die Liste der Schlüssel ist beschädigt.',
  'directory.error.recipient_key_invalid': 'Einer der Schlüssel ist ungültig.',
  'directory.error.network':
    'Der Server ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
  'directory.error.advice':
    'Wenden Sie sich auf einem anderen Weg, dem Sie vertrauen, an die Organisation.',
};
