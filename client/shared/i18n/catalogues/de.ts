import type { Messages } from './index';

/** German (its review state: REVIEWS in index.ts). */
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
    one: '# geprüfte Ansprechperson',
    other: '# geprüfte Ansprechpersonen',
  },
  'directory.demo': 'Dies ist eine Vorführung. Senden Sie hier keine echte Meldung.',
  'directory.error.title': 'Senden Sie jetzt nichts über diese Seite.',
  'directory.error.directory_signature_invalid':
    'Die Liste der Schlüssel ist nicht von der Organisation signiert. Möglicherweise greift jemand ein.',
  'directory.error.directory_wrong_organisation':
    'Die Schlüssel stammen nicht von der Organisation, zu der diese Seite gehört.',
  'directory.error.directory_expired': 'Die Liste der Schlüssel ist abgelaufen.',
  'directory.error.directory_outdated':
    'Die Liste der Schlüssel ist älter, als diese Seite annimmt. Möglicherweise greift jemand ein.',
  'directory.error.directory_malformed': 'Die Liste der Schlüssel ist beschädigt.',
  'directory.error.recipient_key_invalid': 'Einer der Schlüssel ist ungültig.',
  'directory.error.network':
    'Der Server ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
  'directory.error.advice':
    'Wenden Sie sich auf einem anderen Weg, dem Sie vertrauen, an die Organisation.',

  'nav.label': 'Bereiche',
  'nav.report': 'Etwas melden',
  'nav.return': 'Ich habe einen Zugangscode',
  'nav.protection': 'Was wir schützen können und was nicht',

  'form.title': 'Ihre Meldung',
  'form.intro':
    'Nur die Frage, was passiert ist, müssen Sie beantworten. Lassen Sie alles weg, was Sie nicht teilen möchten. Wir fragen nie nach Ihrem Namen.',
  'form.incidentType.label': 'Welche Art von Vorfall war es?',
  'form.incidentType.choose': 'Bitte auswählen',
  'form.incidentType.threats_through_relatives': 'Drohungen oder Druck über Angehörige',
  'form.incidentType.coercion_to_inform': 'Druck, andere zu bespitzeln oder über sie zu berichten',
  'form.incidentType.online_harassment': 'Belästigung im Internet',
  'form.incidentType.surveillance': 'Überwachung, oder jemand ist Ihnen gefolgt',
  'form.incidentType.pressure_to_return': 'Druck, in Ihr Herkunftsland zurückzukehren',
  'form.incidentType.document_problems': 'Probleme mit Pass oder Dokumenten',
  'form.incidentType.detention_or_deportation_risk': 'Gefahr von Haft oder Abschiebung',
  'form.incidentType.asylum_problems': 'Probleme im Asylverfahren',
  'form.incidentType.physical_intimidation': 'Körperliche Einschüchterung',
  'form.incidentType.other': 'Etwas anderes',
  'form.when.placeholder': 'JJJJ-MM (z. B. 2026-03)',
  'form.when.label': 'Wann ist es passiert? (Monat, ungefähr reicht)',
  'form.country.label': 'In welchem Land ist es passiert?',
  'form.country.choose': 'Land auswählen',
  'form.country.other': 'Ein anderes Land',
  'form.city.label': 'Stadt (freiwillig)',
  'form.whatHappened.label': 'Was ist passiert?',
  'form.whatHappened.hint': 'Beschreiben Sie es mit Ihren eigenen Worten, in jeder Sprache.',
  'form.whatHappened.required': 'Bitte beschreiben Sie vor dem Senden, was passiert ist.',
  'form.involved.label': 'Wer war beteiligt? (freiwillig)',
  'form.involved.hint':
    'Zum Beispiel: Polizei, eine Botschaft, eine Person, die Sie kontaktiert hat. Namen sind nicht nötig.',
  'form.contactedBy.label': 'Wer hat Sie kontaktiert oder bedroht? (freiwillig)',
  'form.contactedBy.hint':
    'Ihre Telefonnummern, Konten (WeChat, Telegram, WhatsApp, E-Mail) oder Namen, eine Angabe pro Zeile, so wie Sie sie kennen. Nicht Ihre eigenen: So sehen die Fallbearbeiter, ob dieselben Personen auch andere kontaktiert haben.',
  'form.relatives.label': 'Waren Ihre Angehörigen betroffen?',
  'form.relatives.yes': 'Ja',
  'form.relatives.no': 'Nein',
  'form.relatives.unsaid': 'Das möchte ich nicht sagen',
  'form.urgency.label':
    'Gibt es eine Frist, zum Beispiel eine Abschiebung oder einen Termin für eine Anhörung? (freiwillig)',
  'form.urgency.details': 'Worum geht es bei dieser Frist? (freiwillig)',
  'form.contact.label': 'Wie sollen wir Sie kontaktieren?',
  'form.contact.site': 'Nur über diese Seite, mit meinem Zugangscode (am sichersten)',
  'form.contact.other': 'Über einen anderen Weg, den ich wähle',
  'form.contact.otherDetails':
    'Welcher Weg, und wie? Denken Sie daran, wer ihn sonst noch sehen kann.',
  'form.attachments.label': 'Dateien: Fotos, Dokumente, Audio (freiwillig)',
  'form.attachments.hint':
    'Bis zu {maxFileMb} MB pro Datei und {maxTotalMb} MB insgesamt. Dateien werden auf diesem Gerät verschlüsselt, bevor sie gesendet werden.',
  'form.attachments.cleaned': 'Aus diesem Foto wurden versteckte Angaben entfernt: {removed}.',
  'form.attachments.nothingToClean': 'Dieses Foto wurde ohne versteckte Angaben neu gespeichert.',
  'form.attachments.removed.location': 'Standort (GPS)',
  'form.attachments.removed.camera': 'Hersteller und Modell der Kamera',
  'form.attachments.removed.date': 'Aufnahmedatum',
  'form.attachments.removed.other': 'weitere versteckte Angaben',
  'form.attachments.notCleanable':
    'Diese Datei kann hier nicht bereinigt werden. Darin können versteckte Angaben stehen, etwa wer sie erstellt hat oder wo.',
  'form.attachments.tooLarge':
    'Diese Datei ist größer als {maxFileMb} MB und kann nicht gesendet werden.',
  'form.attachments.totalTooLarge':
    'Zusammen sind die Dateien größer als {maxTotalMb} MB. Bitte entfernen Sie vor dem Senden einige davon.',
  'form.attachments.remove': 'Entfernen',
  'form.progress.encrypting': 'Dateien werden verschlüsselt … {percent} %',
  'form.progress.uploading': 'Dateien werden gesendet … {percent} %',
  'form.attachments.failed':
    'Einige Dateien konnten nicht gesendet werden. Ihre Meldung selbst ist bei uns angekommen.',
  'form.attachments.retry': 'Dateien noch einmal senden',
  'form.attachments.storageFull':
    'Auf dem Server ist gerade kein Platz für weitere Dateien. Ihre Meldung und die zuvor gesendeten Dateien sind bei uns angekommen. Versuchen Sie es später noch einmal.',
  'form.attachments.tooMany':
    'Zu Ihrer Meldung können keine weiteren Dateien hinzugefügt werden. Ihre Meldung und die zuvor gesendeten Dateien sind bei uns angekommen.',
  'form.attachments.reportFull':
    'Zusammen sind die Dateien größer, als eine Meldung aufnehmen kann. Ihre Meldung und die zuvor gesendeten Dateien sind bei uns angekommen.',
  'form.consent.read':
    'Ich verstehe, dass geprüfte Fallbearbeitende der Organisation diese Meldung lesen werden.',
  'form.consent.statistics':
    'Meine Meldung darf in anonymen Statistiken gezählt werden (nur Zahlen, nichts, woran man mich erkennen kann).',
  'form.consent.required': 'Bitte bestätigen Sie, dass Fallbearbeitende Ihre Meldung lesen dürfen.',
  'form.submit': 'Verschlüsseln und senden',
  'form.sending': 'Wird verschlüsselt und gesendet …',
  'form.failed':
    'Ihre Meldung konnte nicht gesendet werden: {reason}. Nichts Lesbares hat dieses Gerät verlassen. Bitte versuchen Sie es erneut.',
  'form.failed.network': 'die Verbindung ist fehlgeschlagen',
  'form.failed.refused': 'der Server hat sie abgelehnt',
  'delivery.reason.offline': 'Der Server ist nicht erreichbar.',
  'delivery.reason.unavailable': 'Der Server kann gerade nichts annehmen.',
  'delivery.reason.busy':
    'Der Server hat zu viele Anfragen aus Ihrem Netz erhalten und bittet uns zu warten.',
  'delivery.waiting.report': {
    one: 'Ihre Meldung ist verschlüsselt und nur in dieser Seite gespeichert; wir versuchen es in # Sekunde erneut. Schließen Sie diese Seite nicht.',
    other:
      'Ihre Meldung ist verschlüsselt und nur in dieser Seite gespeichert; wir versuchen es in # Sekunden erneut. Schließen Sie diese Seite nicht.',
  },
  'delivery.waiting.message': {
    one: 'Ihre Nachricht ist verschlüsselt und nur in dieser Seite gespeichert; wir versuchen es in # Sekunde erneut. Schließen Sie diese Seite nicht.',
    other:
      'Ihre Nachricht ist verschlüsselt und nur in dieser Seite gespeichert; wir versuchen es in # Sekunden erneut. Schließen Sie diese Seite nicht.',
  },
  'delivery.waiting.files': {
    one: 'Die noch nicht gesendeten Dateien sind nur in dieser Seite gespeichert; wir versuchen es in # Sekunde erneut. Schließen Sie diese Seite nicht.',
    other:
      'Die noch nicht gesendeten Dateien sind nur in dieser Seite gespeichert; wir versuchen es in # Sekunden erneut. Schließen Sie diese Seite nicht.',
  },
  'delivery.retrying': 'Neuer Versuch läuft …',
  'delivery.tryNow': 'Jetzt versuchen',

  'receipt.title': 'Ihre Meldung wurde gesendet',
  'receipt.intro':
    'Das ist Ihr Zugangscode. Er wird nur einmal angezeigt. Damit können Sie zurückkommen, Antworten lesen und Informationen ergänzen.',
  'receipt.keepSafe':
    'Bewahren Sie ihn so auf, dass andere ihn nicht finden: Schreiben Sie ihn auf oder drucken Sie ihn aus und verstecken Sie ihn. Wer diesen Zugangscode hat, kann die Antworten auf Ihre Meldung lesen.',
  'receipt.print': 'Zugangscode drucken',
  'receipt.lost':
    'Wenn Sie ihn verlieren, können wir ihn nicht wiederherstellen. Sie können aber jederzeit eine neue Meldung senden.',
  'receipt.copy': 'Zugangscode kopieren',
  'receipt.copied':
    'Der Zugangscode ist kopiert. Fügen Sie ihn an einem sicheren Ort ein, den nur Sie öffnen können.',
  'receipt.selected':
    'Der Zugangscode ist markiert: Kopieren Sie ihn mit dem Kopierbefehl Ihres Geräts.',
  'receipt.leaveWarning':
    'Bis Sie bestätigen, dass Sie ihn gespeichert haben, fragt diese Seite, bevor Sie sie verlassen.',
  'receipt.saved': 'Ich habe meinen Zugangscode gespeichert',
  'receipt.savedConfirmed':
    'Gut. Der Zugangscode ist jetzt verborgen; solange diese Seite offen ist, können Sie ihn wieder anzeigen.',
  'receipt.showAgain': 'Meinen Zugangscode wieder anzeigen',
  'receipt.hideAgain': 'Meinen Zugangscode verbergen',

  'return.title': 'Mit Ihrem Zugangscode zurückkommen',
  'return.label': 'Zugangscode',
  'return.submit': 'Öffnen',
  'return.notFound':
    'Mit diesem Zugangscode konnten wir keine Meldung öffnen. Prüfen Sie ihn und versuchen Sie es später noch einmal.',
  'return.status.label': 'Stand',
  'return.status.new':
    'Eingegangen. Eine Fallbearbeiterin oder ein Fallbearbeiter sieht sie sich bald an.',
  'return.status.acknowledged':
    'Eine Fallbearbeiterin oder ein Fallbearbeiter hat Ihre Meldung gesehen.',
  'return.status.in_progress':
    'Eine Fallbearbeiterin oder ein Fallbearbeiter arbeitet an Ihrer Meldung.',
  'return.status.referred':
    'Ihre Meldung wurde an eine Anwältin, einen Anwalt oder eine Partnerorganisation weitergegeben.',
  'return.status.waiting_for_reporter': 'Wir warten auf Ihre Antwort.',
  'return.status.closed': 'Dieser Fall ist abgeschlossen.',
  'return.thread.title': 'Nachrichten',
  'return.thread.yours': 'Von Ihnen',
  'return.thread.yoursSealed':
    'Nur für die Fallbearbeitung verschlüsselt: Es kann hier nicht angezeigt werden.',
  'return.thread.files': 'Mitgesendete Dateien:',
  'return.replies.none': 'Noch keine Antworten.',
  'return.replies.unreadable': 'Eine Antwort konnte nicht entschlüsselt werden.',
  'return.replies.former': 'Von ehemaligen Fallbearbeitenden der Organisation.',
  'return.replies.unverified':
    'Eine Nachricht ist eingegangen, deren Herkunft von der Organisation nicht bestätigt werden konnte; sie wird deshalb nicht angezeigt. Tun Sie nichts, worum sie Sie anderswo bitten könnte.',

  'return.followUp.label': 'Informationen ergänzen',
  'return.followUp.send': 'Senden',
  'return.followUp.sent': 'Gesendet. Die Fallbearbeitung sieht es zusammen mit Ihrer Meldung.',
  'return.followUp.empty': 'Schreiben Sie etwas oder wählen Sie eine Datei, um sie zu senden.',
  'noscript.explanation':
    'Diese Seite braucht JavaScript, um Ihre Meldung auf Ihrem Gerät zu verschlüsseln. Ohne JavaScript können wir nicht schützen, was Sie schreiben.',
  'noscript.channels': 'Andere Wege, uns zu erreichen',
  'protection.title': 'Was wir schützen können und was nicht',
  'protection.can':
    'Ihre Meldung wird auf diesem Gerät verschlüsselt. Unser Server speichert nur den verschlüsselten Text. Wir speichern weder Ihre IP-Adresse noch Angaben zu Ihrem Browser noch die Uhrzeit, zu der Sie geschrieben haben.',
  'protection.cannot':
    'Wir können Sie nicht schützen, wenn dieses Gerät überwacht wird, mit Schadsoftware infiziert ist oder Ihnen entsperrt weggenommen wird, oder wenn jemand Ihren Zugangscode sieht. Nutzen Sie ein Gerät und ein Netzwerk, denen Sie vertrauen, und schließen Sie dieses Fenster, wenn Sie fertig sind.',
  // The answers of the no-JavaScript form (client/reporter/no-js-pages.ts).
  'noJs.tradeOff.title': 'Senden ohne JavaScript',
  'noJs.tradeOff.text':
    'Ohne JavaScript wird Ihre Meldung nicht auf diesem Gerät verschlüsselt, sondern auf unserem Server: Der Server sieht Ihren Text in seinem Arbeitsspeicher für den Moment, in dem er ihn für die Fallbearbeitenden verschlüsselt, und speichert danach nur die verschlüsselte Meldung. Schalten Sie JavaScript nach Möglichkeit ein (im Tor Browser: Stufe „Safer“), damit Ihre Meldung verschlüsselt wird, bevor sie dieses Gerät verlässt.',
  'noJs.receipt.writeDown':
    'Schreiben Sie diesen Zugangscode jetzt genau so auf, wie er angezeigt wird. Unser Server hat ihn nicht gespeichert; sobald Sie diese Seite verlassen, kann ihn niemand für Sie nachschlagen. Damit können Sie zurückkommen und den Stand sehen und mit eingeschaltetem JavaScript Antworten lesen und Informationen ergänzen.',
  'noJs.receipt.howItDiffered':
    'Weil JavaScript ausgeschaltet war, wurde Ihre Meldung auf unserem Server statt auf Ihrem Gerät verschlüsselt: Der Server hat ihren Text beim Verschlüsseln kurz im Arbeitsspeicher gesehen und Ihren Zugangscode erzeugt. Er hat keines von beiden gespeichert, nur die verschlüsselte Meldung.',
  'noJs.receipt.storedOnce':
    'Wird dieses Formular erneut gesendet (etwa durch Neuladen dieser Seite), wird Ihre Meldung nicht ein zweites Mal gesendet: Sie ist einmal gespeichert, mit diesem Zugangscode.',
  'noJs.receipt.alreadyStored':
    'Dieses Formular wurde bereits gesendet: Ihre Meldung wurde damals einmal gespeichert, jetzt wurde nichts erneut gesendet. Ihr Zugangscode steht unten. Für eine weitere Meldung öffnen Sie das Formular neu.',
  'noJs.status.title': 'Der Stand Ihrer Meldung',
  'noJs.status.receiptSent':
    'Um ihn nachzuschlagen, wurde Ihr Zugangscode an unseren Server gesendet, der ihn nur dafür verwendet und nicht gespeichert hat. Antworten lassen sich nur mit eingeschaltetem JavaScript lesen; dann verlässt Ihr Zugangscode Ihr Gerät nie.',
  'noJs.refused.title': 'Ihre Meldung wurde nicht gesendet',
  'noJs.receipt.monthDropped':
    'Der angegebene Monat hatte nicht die Form JJJJ-MM (zum Beispiel 2026-03), deshalb wurde Ihre Meldung ohne Monat gespeichert. Alles andere, was Sie geschrieben haben, wurde gespeichert.',
  'noJs.refused.tooMany':
    'Von Ihrer Verbindung wurden in kurzer Zeit zu viele Formulare gesendet. Es wurde nichts gespeichert. Warten Sie eine Weile und laden Sie dann diese Seite neu, um das Formular erneut zu senden.',
  'noJs.refused.busy':
    'Der Server kann das Formular gerade nicht annehmen. Es wurde nichts gespeichert. Warten Sie einige Minuten und laden Sie dann diese Seite neu, um das Formular erneut zu senden.',
  'noJs.refused.unreadable':
    'Das Formular ließ sich nicht als Formular von der Seite dieser Website lesen, deshalb wurde nichts gespeichert. Öffnen Sie die Seite erneut und füllen Sie das Formular dort aus.',
  'noJs.refused.tooLarge':
    'Die Meldung ist länger, als diese Website in einem Formular annimmt, deshalb wurde nichts gespeichert. Schreiben Sie eine kürzere Meldung; mit eingeschaltetem JavaScript können Sie den Rest später ergänzen.',
  'noJs.refused.failed':
    'Auf unserer Seite ist etwas schiefgegangen. Laden Sie diese Seite neu, um das Formular erneut zu senden: Eine bereits gespeicherte Meldung wird kein zweites Mal gespeichert.',
  'noJs.back': 'Zurück zur Seite',
};
