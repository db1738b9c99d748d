import type { MessageValue } from './types';

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
  'directory.error.directory_outdated':
    'The list of caseworker keys is older than this page accepts. Someone may be interfering.',
  'directory.error.directory_malformed': 'The list of caseworker keys is damaged.',
  'directory.error.recipient_key_invalid': 'One of the caseworker keys is not valid.',
  'directory.error.network':
    'The server could not be reached. Check your connection and try again.',
  'directory.error.advice': 'Contact the organisation through another channel you trust.',

  'nav.label': 'Sections',
  'nav.report': 'Make a report',
  'nav.return': 'I have a receipt',
  'nav.protection': 'What we can and cannot protect',

  'form.title': 'Your report',
  'form.intro':
    'Only the question about what happened is required. Leave out anything you do not want to share. We never ask for your name.',
  'form.incidentType.label': 'What kind of incident was it?',
  'form.incidentType.choose': 'Choose one',
  'form.incidentType.threats_through_relatives': 'Threats or pressure through relatives',
  'form.incidentType.coercion_to_inform': 'Pressure to inform on or spy on others',
  'form.incidentType.online_harassment': 'Online harassment',
  'form.incidentType.surveillance': 'Surveillance or being followed',
  'form.incidentType.pressure_to_return': 'Pressure to return',
  'form.incidentType.document_problems': 'Passport or document problems',
  'form.incidentType.detention_or_deportation_risk': 'Risk of detention or deportation',
  'form.incidentType.asylum_problems': 'Problems in an asylum procedure',
  'form.incidentType.physical_intimidation': 'Physical intimidation',
  'form.incidentType.other': 'Something else',
  'form.when.placeholder': 'YYYY-MM (e.g. 2026-03)',
  'form.when.label': 'When did it happen? (month, approximate is fine)',
  'form.country.label': 'In which country did it happen?',
  'form.country.choose': 'Choose a country',
  'form.country.other': 'Another country',
  'form.city.label': 'City (optional)',
  'form.whatHappened.label': 'What happened?',
  'form.whatHappened.hint': 'Describe it in your own words, in any language.',
  'form.whatHappened.required': 'Please describe what happened before sending.',
  'form.involved.label': 'Who was involved? (optional)',
  'form.involved.hint':
    'For example: police, an embassy, a person who contacted you. No names are needed.',
  'form.contactedBy.label': 'Who contacted or threatened you? (optional)',
  'form.contactedBy.hint':
    'Their phone numbers, accounts (WeChat, Telegram, WhatsApp, e-mail) or names, one per line, as you know them. Not your own: caseworkers use these to see whether the same people contacted others.',
  'form.relatives.label': 'Were your relatives affected?',
  'form.relatives.yes': 'Yes',
  'form.relatives.no': 'No',
  'form.relatives.unsaid': 'I prefer not to say',
  'form.urgency.label': 'Is there a deadline, such as a deportation or a hearing date? (optional)',
  'form.urgency.details': 'What is the deadline about? (optional)',
  'form.contact.label': 'How should we contact you?',
  'form.contact.site': 'Only through this site, with my receipt (safest)',
  'form.contact.other': 'Through another channel I choose',
  'form.contact.otherDetails': 'Which channel, and how? Think about who else can see it.',
  'form.attachments.label': 'Files: photos, documents, audio (optional)',
  'form.attachments.hint':
    'Up to {maxFileMb} MB per file and {maxTotalMb} MB in all. Files are encrypted on this device before they are sent.',
  'form.attachments.cleaned': 'Hidden details removed from this photo: {removed}.',
  'form.attachments.nothingToClean': 'This photo was re-saved without any hidden details.',
  'form.attachments.removed.location': 'location (GPS)',
  'form.attachments.removed.camera': 'camera make and model',
  'form.attachments.removed.date': 'date taken',
  'form.attachments.removed.other': 'other hidden details',
  'form.attachments.notCleanable':
    'This file cannot be cleaned here. It may contain hidden details, such as who made it or where.',
  'form.attachments.tooLarge': 'This file is larger than {maxFileMb} MB and cannot be sent.',
  'form.attachments.totalTooLarge':
    'Together the files are larger than {maxTotalMb} MB. Remove some before sending.',
  'form.attachments.remove': 'Remove',
  'form.progress.encrypting': 'Encrypting files… {percent}%',
  'form.progress.uploading': 'Sending files… {percent}%',
  'form.attachments.failed': 'Some files could not be sent. Your report itself was received.',
  'form.attachments.retry': 'Try sending the files again',
  'form.attachments.storageFull':
    'The server has no room for more files right now. Your report and the files sent before this were received. Try again later.',
  'form.attachments.tooMany':
    'Your report cannot take any more files. The report and the files sent before this were received.',
  'form.attachments.reportFull':
    'Together the files are more than one report can take. Your report and the files sent before this were received.',
  'form.consent.read':
    'I understand that vetted caseworkers of the organisation will read this report.',
  'form.consent.statistics':
    'My report may be counted in anonymized statistics (only numbers; nothing that identifies me).',
  'form.consent.required': 'Please confirm that caseworkers may read your report.',
  'form.submit': 'Encrypt and send',
  'form.sending': 'Encrypting and sending…',
  'form.failed':
    'Your report could not be sent: {reason}. Nothing readable left this device. Try again.',
  'form.failed.network': 'the connection failed',
  'form.failed.refused': 'the server refused it',
  'delivery.reason.offline': 'The server cannot be reached.',
  'delivery.reason.unavailable': 'The server cannot accept anything right now.',
  'delivery.reason.busy':
    'The server has received too many requests from your network and asked us to wait.',
  'delivery.waiting.report': {
    one: 'Your report is encrypted and kept in this page only; we will try again in # second. Do not close this page.',
    other:
      'Your report is encrypted and kept in this page only; we will try again in # seconds. Do not close this page.',
  },
  'delivery.waiting.message': {
    one: 'Your message is encrypted and kept in this page only; we will try again in # second. Do not close this page.',
    other:
      'Your message is encrypted and kept in this page only; we will try again in # seconds. Do not close this page.',
  },
  'delivery.waiting.files': {
    one: 'The files not yet sent are kept in this page only; we will try again in # second. Do not close this page.',
    other:
      'The files not yet sent are kept in this page only; we will try again in # seconds. Do not close this page.',
  },
  'delivery.retrying': 'Trying again now…',
  'delivery.tryNow': 'Try now',

  'receipt.title': 'Your report was sent',
  'receipt.intro':
    'This is your receipt. It is shown only once. With it you can come back, read replies and add information.',
  'receipt.keepSafe':
    'Keep it where others cannot find it: write it down or print it and hide it. Anyone with this receipt can read the replies to your report.',
  'receipt.print': 'Print the receipt',
  'receipt.lost': 'If you lose it, we cannot recover it. You can always send a new report.',
  'receipt.copy': 'Copy the receipt',
  'receipt.copied': 'The receipt is copied. Paste it somewhere safe that only you can open.',
  'receipt.selected': 'The receipt is selected: copy it with your device’s copy command.',
  'receipt.leaveWarning':
    'Until you confirm that you saved it, this page asks before you leave it.',
  'receipt.saved': 'I have saved my receipt',
  'receipt.savedConfirmed':
    'Good. The receipt is hidden now; you can show it again while this page is open.',
  'receipt.showAgain': 'Show my receipt again',
  'receipt.hideAgain': 'Hide my receipt',

  'return.title': 'Come back with your receipt',
  'return.label': 'Receipt',
  'return.submit': 'Open',
  'return.notFound': 'We could not open a report with this receipt. Check it and try again later.',
  'return.status.label': 'Status',
  'return.status.new': 'Received. A caseworker will look at it soon.',
  'return.status.acknowledged': 'A caseworker has seen your report.',
  'return.status.in_progress': 'A caseworker is working on your report.',
  'return.status.referred': 'Your report was passed to a lawyer or partner organisation.',
  'return.status.waiting_for_reporter': 'We are waiting for your answer.',
  'return.status.closed': 'This case is closed.',
  'return.thread.title': 'Messages',
  'return.thread.yours': 'You wrote',
  'return.thread.yoursSealed': 'Encrypted for the caseworkers only: it cannot be shown here.',
  'return.thread.files': 'Files sent with it:',
  'return.replies.none': 'No replies yet.',
  'return.replies.unreadable': 'A reply could not be decrypted.',
  'return.replies.former': 'From a former caseworker of the organisation.',
  'return.replies.unverified':
    'A message arrived that could not be verified as coming from the organisation, so it is not shown. Do not act on anything it may ask of you elsewhere.',

  'return.followUp.label': 'Add information',
  'return.followUp.send': 'Send',
  'return.followUp.sent': 'Sent. Caseworkers will see it with your report.',
  'return.followUp.empty': 'Write something or choose a file to send.',
  'noscript.explanation':
    'This page needs JavaScript to encrypt your report on your device. Without it we cannot protect what you write.',
  'noscript.channels': 'Other ways to reach us',
  'protection.title': 'What we can and cannot protect',
  'protection.can':
    'Your report is encrypted on this device. Our server stores only the encrypted text; we do not keep your IP address, your browser details or the time of day you wrote.',
  'protection.cannot':
    'We cannot protect you if this device is watched, infected or taken from you while unlocked, or if someone sees your receipt. Use a device and network you trust, and close this window when you are done.',
  // The answers of the no-JavaScript form (client/reporter/no-js-pages.ts).
  'noJs.tradeOff.title': 'Sending without JavaScript',
  'noJs.tradeOff.text':
    'With JavaScript off, your report is encrypted on our server, not on this device: the server sees what you wrote, in its memory, for the moment it takes to encrypt it for the caseworkers, and then keeps only the encrypted report. If you can, turn JavaScript on (in Tor Browser: the "Safer" level) so that your report is encrypted before it leaves this device.',
  'noJs.receipt.writeDown':
    'Write this receipt down now, exactly as shown. Our server did not keep it, so once you leave this page no one can look it up for you. With it you can come back to see the status and, with JavaScript on, read replies and add information.',
  'noJs.receipt.howItDiffered':
    'Because JavaScript was off, your report was encrypted on our server instead of on your device: the server saw its text in memory for a moment while it encrypted it, and it made your receipt. It kept neither, only the encrypted report.',
  'noJs.receipt.storedOnce':
    'Sending this form again (reloading this page, for instance) does not send your report a second time: it is stored once, with this receipt.',
  'noJs.receipt.alreadyStored':
    'This form had already been sent: your report was stored then, once, and nothing was sent again. Its receipt is below. To send another report, open the form again.',
  'noJs.status.title': 'The status of your report',
  'noJs.status.receiptSent':
    'To look this up, your receipt was sent to our server, which used it for this look-up only and did not keep it. Replies can be read only with JavaScript on, where your receipt never leaves your device.',
  'noJs.refused.title': 'Your report was not sent',
  'noJs.receipt.monthDropped':
    'The month you gave was not in the form YYYY-MM (for example 2026-03), so your report was stored without the month. Everything else you wrote was stored.',
  'noJs.refused.tooMany':
    'Too many forms were sent from your connection in a short time. Nothing was stored. Wait a while, then reload this page to send the form again.',
  'noJs.refused.busy':
    'The server cannot take the form right now. Nothing was stored. Wait a few minutes, then reload this page to send the form again.',
  'noJs.refused.unreadable':
    "The form could not be read as one from this site's page, so nothing was stored. Open the page again and fill in the form there.",
  'noJs.refused.tooLarge':
    'The report is longer than this site takes in one form, so nothing was stored. Write a shorter report; with JavaScript on you can add the rest later.',
  'noJs.refused.failed':
    'Something went wrong on our side. Reload this page to send the form again: a report already stored is not stored a second time.',
  'noJs.back': 'Back to the page',
} satisfies Record<string, MessageValue>;
