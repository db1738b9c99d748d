import type { MessageValue } from '../../shared/i18n/catalogues';

/** The dashboard's source catalogue: its keys define DashboardMessageKey; ug must have them all. */
export const messages = {
  'app.title': 'Amanat — staff',
  'app.noscript': 'The staff dashboard needs JavaScript.',
  'language.label': 'Language',
  'nav.label': 'Staff sections',
  'nav.keys': 'My key',
  'nav.admin': 'Administration',
  'nav.account': 'Account',
  'nav.logout': 'Sign out',
  'header.signedInAs': 'Signed in as {username} ({role})',
  'role.admin': 'administrator',
  'role.caseworker': 'caseworker',
  'role.analyst': 'analyst',
  'common.loading': 'Loading…',
  'common.cancel': 'Cancel',
  'common.continue': 'Continue',
  'common.refresh': 'Refresh',
  'common.yes': 'yes',
  'common.no': 'no',
  'notice.signedOut': 'You have signed out.',
  'notice.sessionExpired': 'Your session has ended. Please sign in again.',
  'notice.passwordChanged':
    'Your password has been changed and every session has ended. Sign in with the new password.',

  'login.title': 'Sign in',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.inviteHint': 'New here? Open the invitation link an administrator sent you.',

  'invite.title': 'Accept your invitation',
  'invite.intro': 'Choose a password for your new account.',
  'invite.password': 'New password',
  'invite.passwordRepeat': 'Repeat the new password',
  'invite.submit': 'Create my account',

  'password.rules':
    'Use 15 to 256 characters. A passphrase of several unrelated words is long and easy to remember.',
  'password.mismatch': 'The two passwords are not the same.',

  'secondFactor.title': 'Second factor',
  'secondFactor.intro': 'Your password was accepted. Now confirm with your second factor.',
  'secondFactor.totp.label': 'Six-digit code from your authenticator app',
  'secondFactor.totp.submit': 'Verify code',
  'secondFactor.webauthn.button': 'Use a security key',
  'secondFactor.recovery.toggle': 'Use a recovery code',
  'secondFactor.recovery.label': 'Recovery code',
  'secondFactor.recovery.hint': 'Each recovery code works only once.',
  'secondFactor.recovery.submit': 'Use recovery code',
  'secondFactor.cancel': 'Sign in as someone else',
  'webauthn.failed': 'The security key did not answer, or the request was cancelled. Try again.',
  'webauthn.unsupported': 'This browser cannot use security keys.',

  'enrol.title': 'Add a second factor',
  'enrol.intro':
    'Your account needs a second factor before you continue: an authenticator app on your phone, a security key, or both.',
  'enrol.totp.start': 'Use an authenticator app',
  'enrol.totp.scan': 'Scan this QR code with your authenticator app, or type the secret below.',
  'enrol.totp.qrLabel': 'QR code for your authenticator app',
  'enrol.totp.secretLabel': 'Secret for typing in by hand',
  'enrol.totp.code': 'Six-digit code the app now shows',
  'enrol.totp.confirm': 'Confirm code',
  'enrol.webauthn.start': 'Use a security key',
  'enrol.webauthn.name': 'A name for this security key',
  'enrol.webauthn.defaultName': 'Security key',
  'enrol.webauthn.register': 'Register the security key',
  'enrol.done': 'The second factor has been added.',

  'recovery.title': 'Your recovery codes',
  'recovery.intro':
    'If you lose your second factor, each of these codes lets you sign in once. They are shown only now: print them or write them down, and keep them offline, away from this device.',
  'recovery.listLabel': 'Recovery codes',
  'recovery.print': 'Print',
  'recovery.stored': 'I have stored these codes',
  'recovery.continue': 'Continue',

  'reauth.title': 'Confirm it is you',
  'reauth.intro': 'This action needs your password and your second factor again.',
  'reauth.password': 'Password',
  'reauth.code': 'Six-digit code from your authenticator app',
  'reauth.submit': 'Confirm',
  'reauth.webauthn': 'Confirm with a security key',
  'reauth.needCode': 'Enter your password and a code, or use a security key.',
  'reauth.lostFactor': 'Lost your app and security keys? Use a recovery code',
  'reauth.factorRequired':
    'This change needs your authenticator app or a security key; a recovery code is not enough.',

  'account.title': 'Your account',
  'account.factors':
    'Second factors: authenticator app {totp}; security keys {webauthn}; recovery codes left {recovery}.',
  'account.password.title': 'Change your password',
  'account.password.current': 'Current password',
  'account.password.new': 'New password',
  'account.password.repeat': 'Repeat the new password',
  'account.password.submit': 'Change password',
  'account.password.note': 'Changing it signs you out everywhere, this browser included.',
  // Own second factors on the account page.
  'ownFactors.title': 'Second factors',
  'ownFactors.intro':
    'Changes here need your password and a second factor, confirmed in the last few minutes. A recovery code can add a second factor but not remove or replace one. Your last second factor cannot be removed.',
  'ownFactors.listLabel': 'Your second factors',
  'ownFactors.totp': 'Authenticator app',
  'ownFactors.addedOn': 'added {day}',
  'ownFactors.remove': 'Remove',
  'ownFactors.removeQuestion': 'Remove “{name}”? It will no longer sign you in.',
  'ownFactors.removeYes': 'Yes, remove it',
  'ownFactors.removeNo': 'Keep it',
  'ownFactors.removed':
    '“{name}” has been removed. You have been signed out on every other device.',
  'ownFactors.addKey': 'Add a security key',
  'ownFactors.setUpTotp': 'Set up an authenticator app',
  'ownFactors.replaceTotp': 'Replace the authenticator app',
  'ownFactors.added': 'The second factor has been added.',
  'ownFactors.recovery.renew': 'Make new recovery codes',
  'ownFactors.recovery.question':
    'Make new recovery codes? The ones you have stop working at once.',
  'ownFactors.recovery.yes': 'Yes, make new codes',
  'ownFactors.recovery.done':
    'Your new recovery codes are in use; the old ones no longer work. You have been signed out on every other device.',
  'error.last_factor':
    'This is your only second factor, so it cannot be removed. Add another one first.',
  'error.factors_busy':
    'Your second factors were changed a moment ago. Wait a minute, reload the page and try again.',
  'error.factor_not_found': 'This second factor is no longer on your account. Reload the page.',
  'error.reauth_factor_required':
    'You confirmed with a recovery code. To remove or replace a second factor, or to make new recovery codes, confirm with your authenticator app or security key.',
  // End of own second factors.

  'keys.title': 'My key',
  'keys.intro':
    'Reports are encrypted to your key in the reporter’s browser. Only you can unlock it: the key passphrase never leaves this browser, and nobody, not even an administrator, can reset it.',
  'keys.none':
    'You have no key yet. Create one in this browser, or import one that you already use with GnuPG.',
  'keys.passphraseRules':
    'At least 12 characters. Do not use your login password. If you forget the key passphrase, nobody can recover the reports encrypted to your key.',
  'keys.passphraseMismatch': 'The two key passphrases are not the same.',
  'keys.generate.title': 'Create a key in this browser',
  'keys.generate.passphrase': 'Key passphrase',
  'keys.generate.repeat': 'Repeat the key passphrase',
  'keys.generate.submit': 'Create my key',
  'keys.generate.working': 'Creating your key…',
  'keys.import.title': 'Import a key from GnuPG',
  'keys.import.armored':
    'Your secret key, exported with: gpg --export-secret-keys --armor <fingerprint>',
  'keys.import.gnupgPassphrase': 'Its current GnuPG passphrase',
  'keys.import.passphrase': 'New key passphrase for Amanat',
  'keys.import.repeat': 'Repeat the new key passphrase',
  'keys.import.submit': 'Import my key',
  'keys.import.working': 'Checking and re-protecting your key…',
  'keys.import.userIds':
    'Anyone who opens the reporting page can read the names in this key: {userIds}. Upload it anyway?',
  'keys.import.confirm': 'Upload this key',
  'keys.uploaded': 'Your key has been uploaded.',
  'keys.fingerprint': 'Fingerprint',
  'keys.status': 'Status',
  'keys.status.pending': 'waiting for vetting',
  'keys.status.active': 'active',
  'keys.status.removed': 'removed',
  'keys.pending.explain':
    'An administrator will compare this fingerprint with you through another channel, vet the key and sign the key directory. Until then no report is encrypted to it.',
  'keys.active.explain':
    'New reports are encrypted to this key once an administrator has signed the key directory with it.',
  'keys.removed.explain': 'This key was removed. You can create or import a new one.',
  'keys.active.listed': 'The signed key directory lists this key: new reports are encrypted to it.',
  'keys.unlock.title': 'Unlock your key',
  'keys.unlock.passphrase': 'Key passphrase',
  'keys.unlock.submit': 'Unlock',
  'keys.unlock.working': 'Unlocking…',
  'keys.unlock.reauthHint':
    'The first time you use your key after signing in, you confirm your password and second factor once before the protected key is sent to this browser.',
  'keys.unlocked':
    'Your key is unlocked, in this page’s memory only. It locks when you press Lock or sign out, and after {minutes} without activity.',
  'keys.minutes': { one: '# minute', other: '# minutes' },
  'keys.locked': 'Your key is locked.',
  'keys.lock': 'Lock',
  'keys.autoLocked': 'Your key was locked after a period without activity.',
  'keys.protection.title': 'Change the key passphrase',
  'keys.protection.current': 'Current key passphrase',
  'keys.protection.new': 'New key passphrase',
  'keys.protection.repeat': 'Repeat the new key passphrase',
  'keys.protection.submit': 'Change key passphrase',
  'keys.protection.working': 'Re-protecting your key…',
  'keys.protection.done':
    'The key passphrase has been changed. Copies you downloaded earlier still open with the old one.',
  'keys.download.title': 'Use your key with GnuPG',
  'keys.download.button': 'Download my protected secret key for GnuPG',
  'keys.download.hint': 'Import it with: gpg --import <file>. GnuPG asks for the key passphrase.',
  'keys.check.title': 'Check decryption',
  'keys.check.message': 'Encrypted message (armored, starting with -----BEGIN PGP MESSAGE-----)',
  'keys.check.submit': 'Decrypt',
  'keys.check.needsUnlock': 'Unlock your key first.',
  'keys.check.result': 'Decrypted text',

  'admin.title': 'Administration',
  'admin.invite.title': 'Invite a staff member',
  'admin.invite.username': 'Username',
  'admin.invite.usernameHint':
    'A pseudonym of 3 to 64 letters, digits, dots, dashes or underscores; no e-mail address needed.',
  'admin.invite.role': 'Role',
  'admin.invite.submit': 'Create invitation',
  'admin.invite.link': 'Invitation link',
  'admin.invite.linkHint':
    'Send this link through a channel you trust. It works once, until {expiresAt}.',
  'admin.invite.copy': 'Copy link',
  'admin.invite.copied': 'Copied.',
  'admin.invite.usernameInvalid': 'Use 3 to 64 letters, digits, dots, dashes or underscores.',
  'admin.users.title': 'Staff',
  'admin.users.username': 'Username',
  'admin.users.role': 'Role',
  'admin.users.status': 'Status',
  'admin.users.factors': 'Second factors',
  'admin.users.actions': 'Actions',
  'admin.users.factorSummary': 'app: {totp}; security keys: {webauthn}',
  'admin.users.status.invited': 'invited',
  'admin.users.status.active': 'active',
  'admin.users.status.disabled': 'disabled',
  'admin.users.reset': 'Reset second factor',
  'admin.users.resetFor': 'Reset second factor for {username}',
  'admin.users.resetConfirm':
    'This signs {username} out everywhere and removes their second factors. You get a new invitation link for them: with it they choose a new password and a new second factor.',
  'admin.users.resetYes': 'Yes, reset',
  'admin.users.resetDone': 'The second factor of {username} has been reset.',
  'admin.users.none': 'No staff yet.',
  'admin.keys.title': 'Caseworker keys',
  'admin.keys.fingerprint': 'Fingerprint',
  'admin.keys.label': 'Label',
  'admin.keys.owner': 'Owner',
  'admin.keys.status': 'Status',
  'admin.keys.addedOn': 'Added on',
  'admin.keys.actions': 'Actions',
  'admin.keys.noOwner': 'none',
  'admin.keys.vet': 'Vet',
  'admin.keys.vetFor': 'Vet key {fingerprint}',
  'admin.keys.vetConfirm':
    'Vet this key only after its owner has read you this fingerprint through another channel: {fingerprint}',
  'admin.keys.vetYes': 'Yes, vet this key',
  'admin.keys.vetDone':
    'The key is vetted. Publish the next directory (signed offline) to start using it.',
  'admin.keys.signNote':
    'A vetted key is used for new reports only after the next key directory is signed with the organisation key. That key stays offline, so signing takes three steps:',
  'admin.keys.signStepExport': 'On the server, write the next directory to a file:',
  'admin.keys.signStepSign':
    'On the offline machine that holds the organisation key, sign it (or: gpg --sign --armor next.json):',
  'admin.keys.signStepImport':
    'Back on the server, compare the fingerprints with your vetting records and publish it:',
  'admin.keys.none': 'No keys yet.',
  'admin.directory.expiring': {
    one: 'The key directory expires in # day. Once it has expired, reporters cannot send reports: publish the next one now (directory:export, sign it offline, directory:import).',
    other:
      'The key directory expires in # days. Once it has expired, reporters cannot send reports: publish the next one now (directory:export, sign it offline, directory:import).',
  },
  'admin.directory.expired':
    'The key directory has expired: reporters cannot send reports. Publish the next one now: directory:export, sign it offline, directory:import.',
  'admin.directory.unusable':
    'Reporters cannot send reports: no key directory can be used ({code}). Publish one: directory:export, sign it offline, directory:import.',

  'nav.inbox': 'Inbox',
  'keyGate.noKey':
    'You have no usable key, so nothing here can be decrypted for you. Create or import a key first.',
  'keyGate.openKeys': 'Go to My key',
  // Dashboard navigation: what a reload costs.
  'keyGate.lockedByReload':
    "Reloading the page locked your key: an unlocked key lives only in the page's memory. Enter your key passphrase to read here again.",
  'keyGate.lockedNewWindow':
    'Your key is locked in this new window. Unlocking it here asks you to confirm your password and second factor first, then for your key passphrase.',
  // End of dashboard navigation.

  'case.status.new': 'new',
  'case.status.acknowledged': 'acknowledged',
  'case.status.in_progress': 'in progress',
  'case.status.referred': 'referred',
  'case.status.waiting_for_reporter': 'waiting for the reporter',
  'case.status.closed': 'closed',
  'case.priority.urgent': 'urgent',
  'case.priority.high': 'high',
  'case.priority.normal': 'normal',
  'case.priority.low': 'low',
  'case.outcome.resolved': 'resolved',
  'case.outcome.referred_elsewhere': 'referred elsewhere',
  'case.outcome.no_contact': 'no contact',
  'case.outcome.withdrawn': 'withdrawn',
  'case.outcome.not_in_scope': 'not in scope',
  'case.outcome.other': 'other',
  'incident.threats_through_relatives': 'Threats or pressure through relatives',
  'incident.coercion_to_inform': 'Pressure to inform on or spy on others',
  'incident.online_harassment': 'Online harassment',
  'incident.surveillance': 'Surveillance or being followed',
  'incident.pressure_to_return': 'Pressure to return',
  'incident.document_problems': 'Passport or document problems',
  'incident.detention_or_deportation_risk': 'Risk of detention or deportation',
  'incident.asylum_problems': 'Problems in an asylum procedure',
  'incident.physical_intimidation': 'Physical intimidation',
  'incident.other': 'Something else',

  'inbox.title': 'Inbox',
  'inbox.intro':
    'Reports are decrypted in this browser with your key. Filters are sent to the server; the search box is not: it only looks through the decrypted rows of this page.',
  'inbox.filter.status': 'Status',
  'inbox.filter.priority': 'Priority',
  'inbox.filter.any': 'any',
  'inbox.filter.assignee': 'Assigned to',
  'inbox.filter.assignee.any': 'anyone or nobody',
  'inbox.filter.assignee.me': 'me',
  'inbox.filter.assignee.none': 'nobody',
  'inbox.filter.label': 'Label',
  'inbox.filter.overdue': 'Only overdue cases',
  'inbox.filter.needsReply': 'Only cases that need a reply (the reporter wrote last)',
  'inbox.filter.receivedFrom': 'Received from',
  'inbox.filter.receivedTo': 'Received until',
  'inbox.filter.apply': 'Show cases',
  'inbox.sort.label': 'Sort by',
  'inbox.sort.urgency': 'urgency (priority, then deadline)',
  'inbox.sort.deadline': 'nearest deadline',
  'inbox.sort.received': 'date received',
  'inbox.search.label': 'Search this page',
  'inbox.search.hint':
    'Searches the decrypted reports shown on this page, in this browser only. Nothing you type here is sent.',
  'inbox.search.result': '{shown} of {total} cases on this page match.',
  'inbox.count': { one: '# case', other: '# cases' },
  'inbox.page': 'Page {page} of {pages}',
  'inbox.pages': 'Pages',
  'inbox.previous': 'Previous page',
  'inbox.next': 'Next page',
  'inbox.empty': 'No cases match these filters.',
  'inbox.progress.label': 'Decrypting reports',
  'inbox.progress': 'Decrypting {done} of {total}',
  'inbox.column.received': 'Received',
  'inbox.column.status': 'Status',
  'inbox.column.priority': 'Priority',
  'inbox.column.deadline': 'Deadline',
  'inbox.column.assignee': 'Assigned to',
  'inbox.column.labels': 'Labels',
  'inbox.column.summary': 'Summary',
  'inbox.column.open': 'Case',
  'inbox.badge.urgent': 'URGENT',
  'inbox.badge.overdue': 'OVERDUE',
  'inbox.badge.legalHold': 'legal hold',
  'inbox.badge.newReport': 'NEW REPORT',
  'inbox.badge.newFollowUp': 'NEW FOLLOW-UP',
  'inbox.badge.needsReply': 'needs a reply',
  'inbox.noDeadline': 'none',
  'inbox.unassigned': 'nobody',
  'inbox.open': 'Open',
  'inbox.openCase': 'Open the case received on {day}',
  'inbox.summary.locked': 'Unlock your key to read the summary.',
  'inbox.summary.pending': 'Decrypting…',
  'inbox.summary.unreadable': 'This report cannot be decrypted with your key.',
  'inbox.summary.tooLarge':
    'Cannot be shown safely: this report decrypts to more than this service accepts (it may be a compression bomb).',
  'inbox.summary.long': 'Long text, only its beginning is read here; open the case to read it all:',

  'case.title': 'Case',
  'case.titleReceived': 'Case received on {day}',
  'case.back': 'Back to the inbox',
  'case.reference': 'Reference:',
  'case.locked': 'Unlock your key to read this case.',
  'case.decrypting': {
    one: 'Decrypting the report and # message…',
    other: 'Decrypting the report and # messages…',
  },

  'report.title': 'Report',
  'report.undecryptable':
    'This report was not encrypted to your key, or it was altered, so it cannot be shown here. Ask a colleague who can read it to give you access.',
  'report.plaintext': 'Decrypted text',
  'report.tooLarge':
    'This report cannot be shown safely: it decrypts to more than this service accepts, so it may be a compression bomb meant to freeze this page. It was not opened. If it must be read, export the case and read it offline with GnuPG, on a computer set aside for that.',
  'text.more': 'Show more',
  'text.shown': 'Showing the first {shown} of {total} characters.',
  'report.notAnswered': 'not answered',
  'report.incidentType': 'Kind of incident',
  'report.month': 'When (month)',
  'report.country': 'Country',
  'report.city': 'City',
  'report.whatHappened': 'What happened',
  'report.involved': 'Who was involved',
  'report.relatives': 'Relatives affected',
  'report.relatives.yes': 'yes',
  'report.relatives.no': 'no',
  'report.relatives.unsaid': 'prefers not to say',
  'report.deadlineDate': 'Deadline',
  'report.deadlineDetails': 'What the deadline is about',
  'report.contact': 'How to contact the reporter',
  'report.contact.site': 'only through this site, with the receipt',
  'report.contact.other': 'through another channel',
  'report.contactDetails': 'Contact channel',
  'report.consents': 'Consent',
  'report.consents.value': 'caseworkers may read it: {read}; anonymized statistics: {statistics}',
  'report.locale': 'Language of the form',

  'files.title': 'Files',
  'files.none': 'No files were sent with this case.',
  'files.warning':
    'Files come from the reporter and may be harmful. They are decrypted here, checked against the fingerprint the reporter’s browser made, and saved under a safe name. Open them on a computer kept for that purpose.',
  'files.noName': '(no name)',
  'files.unknownType': 'unknown type',
  'files.meta': '{type}, {size}.',
  'files.from.report': 'Sent with the report.',
  'files.from.followUp': 'Sent with a follow-up on {day}.',
  'files.from.followUpUnverified':
    'Sent with a follow-up on {day} that is not verified as from the reporter.',
  'files.cleaned': 'Hidden details were removed in the reporter’s browser.',
  'files.notCleaned': 'Not cleaned: it may contain hidden details such as location or author.',
  'files.savedAs': 'Saved as:',
  'files.download': 'Download',
  'files.downloadNamed': 'Download {name}',
  'files.preview': 'Preview',
  'files.previewNamed': 'Preview {name}',
  'files.previewOf': 'Preview of {name}',
  'files.previewShown': 'The preview is shown below.',
  'files.previewFailed': 'This image cannot be shown.',
  'files.progress': 'Decrypting part {done} of {total}…',
  'files.saved': 'Decrypted, checked and saved as {name}.',
  'files.incomplete':
    'This file is incomplete on the server ({have} of {need} parts); it cannot be saved.',
  'files.undecryptable': 'A part of this file cannot be decrypted with your key.',
  'files.mismatch':
    'The decrypted file does not match the fingerprint the reporter’s browser made. It was not saved.',

  'thread.title': 'Messages',
  'thread.none': 'No follow-ups, replies or notes yet.',
  'thread.kind.followUp': 'Follow-up from the reporter',
  'thread.kind.reply': 'Reply to the reporter',
  'thread.kind.note': 'Internal note',
  'thread.undecryptable': 'This message cannot be decrypted with your key.',
  'thread.followUp.verified': 'Signed with this report’s reply key: from the reporter.',
  'thread.followUp.unverified':
    'Not verified as from the reporter: this follow-up is not signed with the report’s reply key for this place in the thread. Anyone with access to the server’s database could have written it, or copied an earlier follow-up here. Do not act on it without checking.',
  'thread.caseworker.verified': 'Signed by caseworker {label}, key',
  'thread.caseworker.verifiedFormer':
    'Signed by former caseworker {label} (dated by their own signature), key',
  'thread.caseworker.unsigned':
    'Not verified as from a caseworker: this message is not signed. Notes and replies written before caseworkers signed them look exactly like this, and so does a message planted by anyone with access to the server’s database; which one it is cannot be told. Do not act on it without checking.',
  'thread.caseworker.unverified':
    'Not verified as from a caseworker: it carries no valid signature by a key of the organisation’s key directory for this case and this place in the thread. Anyone with access to the server’s database could have written it, or copied an earlier message here. Do not act on it without checking.',
  'thread.note.title': 'Add an internal note',
  'thread.note.label': 'Note for caseworkers',
  'thread.note.hint': 'Encrypted to the vetted caseworkers only. The reporter never sees it.',
  'thread.note.submit': 'Add note',
  'thread.note.sent': 'The note was added.',
  'thread.reply.title': 'Reply to the reporter',
  'thread.reply.label': 'Reply',
  'thread.reply.hint':
    'The reporter reads it when they come back with their receipt. Write nothing that would put them at risk if someone else saw their screen.',
  'thread.reply.submit': 'Send reply',
  'thread.reply.sent': 'The reply was sent.',
  'thread.reply.noKey': 'This case has no reply key, so the reporter cannot receive replies.',
  'replyKey.bound':
    'Replies go only to the reply key named inside the reporter’s encrypted report ({fingerprint}).',
  'replyKey.confirmed':
    'Legacy report: caseworker {label} confirmed this reply key ({fingerprint}) on {day}; their signature verifies against the key directory.',
  'replyKey.legacy':
    'Legacy report, reply key unverified. This report was sent before reports named their reply key, so nothing proves that the stored key ({fingerprint}) is the reporter’s. Confirm it once, deliberately, before replying: every caseworker will see the confirmation, and the case history records it.',
  'replyKey.legacyUnusable':
    'Legacy report: the stored reply key cannot be used, so no reply can be sent.',
  'replyKey.confirm': 'Confirm this reply key',
  'replyKey.confirmPrompt':
    'Replies to this case will be encrypted to the key {fingerprint}. Confirm only if you have no reason to doubt it.',
  'replyKey.confirmYes': 'Yes, confirm the key',
  'replyKey.confirming': 'Signing and storing the confirmation…',
  'replyKey.confirmedNow': 'The reply key is confirmed.',
  'replyKey.mismatch':
    'Warning: possible tampering. The reply key stored with this case is not the one the reporter’s report names (or a caseworker confirmed). Someone with access to the server’s database may have replaced it to read your replies. No reply will be sent. Tell an administrator.',
  'replyKey.unchecked':
    'The report cannot be decrypted with your key, so its reply key cannot be checked and no reply can be sent.',
  'thread.empty': 'Write something first.',
  'thread.encrypting': 'Checking the key directory and encrypting…',
  'thread.sending': 'Sending…',
  'thread.retry':
    'It was not sent: the server could not be reached. Press the button again: the same encrypted message is sent, and it can never arrive twice.',

  'triage.title': 'Triage',
  'triage.status': 'Status',
  'triage.outcome': 'Outcome',
  'triage.outcome.choose': 'Choose an outcome',
  'triage.outcome.hint': 'Needed to close a case.',
  'triage.priority': 'Priority',
  'triage.deadline': 'Deadline',
  'triage.assignee': 'Assigned to',
  'triage.assignee.keep': 'keep as it is ({name})',
  'triage.assignee.nobodyName': 'nobody',
  'triage.assignee.me': 'me',
  'triage.assignee.none': 'nobody',
  'triage.labels': 'Labels',
  'triage.labels.hint':
    'Separate labels with commas. Each: up to 40 letters, digits, spaces, dashes or underscores. Short tags only, never details about the reporter.',
  'triage.codes.title': 'Statistics codes',
  'triage.codes.hint':
    'Only these codes are counted in anonymized statistics. The server stores them in plain text.',
  'triage.codes.noConsent': 'The reporter did not agree to be counted in anonymized statistics.',
  'triage.codes.fromReport': 'Fill in from the report',
  'triage.codes.filled': 'The codes were filled in from the report. Check them, then save.',
  'triage.code.none': 'not set',
  'triage.incidentCategory': 'Incident category',
  'triage.hostCountry': 'Host country',
  'triage.month': 'Month of the incident',
  'triage.month.hint': 'Year and month, such as 2025-11.',
  'triage.legalHold': 'Legal hold',
  'triage.legalHold.hint':
    'Retention deletes closed cases after a while; a case under legal hold is never deleted.',
  'triage.save': 'Save changes',
  'triage.saved': 'The changes were saved.',
  'triage.unchanged': 'Nothing was changed.',
  'triage.problem.outcomeRequired': 'Choose an outcome to close the case.',
  'triage.problem.deadline': 'Enter the deadline as a date.',
  'triage.problem.month': 'Enter the month as year and month, such as 2025-11.',
  'triage.problem.labels':
    'A label may have up to 40 letters, digits, spaces, dashes or underscores, starting with a letter or digit; at most 20 labels.',
  'triage.problem.value': 'One of the values is not valid. Reload the page and try again.',

  'history.title': 'History',
  'history.none': 'No changes yet.',
  'history.empty': 'empty',
  'history.unknownActor': 'someone',
  'history.event.triageChanged': 'changed triage',
  'history.event.noteAdded': 'added a note',
  'history.event.replySent': 'sent a reply',
  'history.event.shared': 'gave a caseworker access',
  'history.event.exported': 'exported the case',
  'history.event.replyKeyConfirmed': 'confirmed the reply key',

  'access.title': 'Who can read this case',
  'access.intro':
    'Caseworkers in the key directory. To give one access, your browser re-wraps each message’s key for theirs with your unlocked key; the messages themselves are not sent again.',
  'access.none': 'The key directory has no caseworkers.',
  'access.canRead': 'Can read every message of this case.',
  'access.cannotRead': 'Cannot read every message of this case.',
  'access.share': 'Give access',
  'access.shareWith': 'Give access to {name}',
  'access.shareConfirm':
    'Give {name} (key {fingerprint}) access to every message of this case that you can read?',
  'access.shareYes': 'Yes, give access',
  'access.rewrapping': 'Re-wrapping message keys: {done} of {total}…',
  'access.uploading': 'Uploading the new message keys…',
  'access.shared': '{name} can now read this case.',
  'access.sharedPartly': {
    one: 'Access given, except for # message that you cannot read yourself.',
    other: 'Access given, except for # messages that you cannot read yourself.',
  },
  'access.nothingReadable': 'You cannot read these messages yourself, so you cannot share them.',
  'access.nothingToAdd': 'This caseworker can already read every message.',
  'access.notInDirectory':
    'This key is not in the signed key directory, so it cannot be given access.',

  'export.title': 'Export for offline decryption',
  'export.intro':
    'A tar archive of every message of this case, still encrypted (armored), for decryption with GnuPG on another computer.',
  'export.button': 'Export this case',
  'export.working': 'Preparing the export…',
  'export.done': 'The export was saved.',

  'nav.stats': 'Statistics',
  'stats.title': 'Statistics',
  'stats.intro':
    'Anonymized tables for advocacy, counted from the triage codes of coded cases only (incident category, host country and month). No report is read or decrypted. Small numbers are suppressed and every number is rounded before anything is shown.',
  'stats.columns': 'Columns',
  'stats.columns.category': 'incident category',
  'stats.columns.country': 'host country',
  'stats.columns.outcome': 'outcome',
  'stats.unit': 'Rows',
  'stats.unit.month': 'month',
  'stats.unit.quarter': 'quarter',
  'stats.from': 'From (month)',
  'stats.to': 'To (month)',
  'stats.range.hint':
    'Year and month, such as 2025-01, up to 120 months, ending before this month. Quarters start in January, April, July or October and end in March, June, September or December.',
  'stats.filter': 'Only count',
  'stats.filter.countryLabel': 'Host country (optional)',
  'stats.filter.countryHint':
    'Only cases in this country: a two-letter ISO code, such as DE or TR. Leave empty to count every country.',
  'stats.protection': 'Audience and protection',
  'stats.audience': 'Audience',
  'stats.audience.public': 'public',
  'stats.audience.partner': 'a named partner organisation',
  'stats.partner': 'Partner organisation',
  'stats.partner.hint':
    'One of the partner organisations an administrator registered; the release ledger and the files name it.',
  'stats.partner.choose': 'Choose a partner organisation',
  'stats.partner.none':
    'No partner organisation is registered yet. An administrator registers partners (admin command partner:add).',
  'stats.k': 'Threshold k',
  'stats.k.hint': 'Counts below k are suppressed. At least {k} for this audience.',
  'stats.rounding': 'Round to multiples of',
  'stats.rounding.hint':
    'From {minimum} (the configured minimum) to 100. Rounding hides small differences between releases.',
  'stats.noise.add': 'Add Laplace noise',
  'stats.epsilon': 'ε (epsilon)',
  'stats.epsilon.hint':
    'From 0.01 to 10. A smaller ε adds more noise and protects more. ε adds up over releases whose periods overlap; the budget is {budget}.',
  'stats.preview': 'Preview',
  'stats.previewing': 'Computing the preview…',
  'stats.problem.months': 'Enter both months as year and month, such as 2025-01.',
  'stats.problem.order':
    'The first month must not be after the last, and the range may cover at most 120 months.',
  'stats.problem.quarters':
    'For quarters, start in January, April, July or October and end in March, June, September or December.',
  'stats.problem.filter': 'A country filter is for incident category or outcome columns only.',
  'stats.problem.country': 'Enter the country as a two-letter ISO code, such as DE.',
  'stats.problem.partner': 'Choose one of the registered partner organisations.',
  'stats.problem.k': 'Enter k as a whole number from the minimum for this audience up to 1000.',
  'stats.problem.rounding': 'Enter a whole number from {minimum} to 100 to round to.',
  'stats.problem.epsilon': 'Enter ε as a number from 0.01 to 10.',
  'stats.result.preview': 'Preview',
  'stats.result.released': 'Released numbers',
  'stats.notPrevalence':
    'Documented reports, not prevalence: these numbers count reports made to this organisation and coded by its caseworkers. They do not show how often these things happen.',
  'stats.noise.none':
    'No noise is added: counts below {k} are suppressed and every number is rounded to a multiple of {roundingBase}.',
  'stats.noise.atRelease':
    'This preview has no noise. Laplace noise (ε = {epsilon}) is added once, at release, so the released numbers will differ from these.',
  'stats.noise.added': 'These numbers include Laplace noise (ε = {epsilon}), added at release.',
  'stats.suppressed': 'suppressed',
  'stats.suppressed.legend':
    '“suppressed”: fewer than {k} documented reports, or hidden so that it cannot be worked out from the totals.',
  'stats.table.caption': 'Documented reports per {unit} and {columns}, {from} to {to}',
  'stats.table.period': 'Period',
  'stats.table.total': 'Total',
  'stats.period.quarter': '{year} Q{quarter}',
  'stats.country.other': 'other countries',
  'stats.outcome.open': 'not closed yet',
  'stats.chart.bar.title': 'Documented reports by {columns}, {from} to {to}',
  'stats.chart.bar.description':
    'One bar per {columns}, with its total written beside it. A suppressed total has no bar and is marked “suppressed”.',
  'stats.chart.line.title': 'Documented reports per {unit}, {from} to {to}',
  'stats.chart.line.description':
    'One point per {unit}, with its total written above it. A suppressed total breaks the line and is marked “suppressed”.',
  'stats.chart.empty': 'Nothing to show.',
  'stats.risk.title': 'Disclosure risk',
  'stats.risk.cellsSuppressed': 'Cells suppressed',
  'stats.risk.ofCells': '{suppressed} of {cells}',
  'stats.risk.totalsSuppressed': 'Totals suppressed',
  'stats.risk.smallestPublished': 'Smallest published cell',
  'stats.risk.none': 'none',
  'stats.risk.k': 'Threshold k',
  'stats.risk.roundingBase': 'Rounded to multiples of',
  'stats.risk.epsilon': 'ε for this release',
  'stats.risk.noNoise': 'no noise',
  'stats.risk.epsilonSpent': 'ε spent on these periods',
  'stats.risk.ofBudget': '{spent} of {budget}',
  'stats.risk.earlierReleases': 'Earlier releases considered',
  'stats.release.title': 'Release',
  'stats.release.intro':
    'Releasing records these settings, your name and the files’ SHA-256 in the release ledger, draws any noise once, and gives you the CSV, JSON and SVG files.',
  'stats.release': 'Release',
  'stats.releasing': 'Releasing…',
  'stats.released': 'Released. The files are ready to download.',
  'stats.outdated':
    'The table changed since you previewed it (cases were coded or another table was released). Nothing was released: preview it again and check it before releasing.',
  'stats.stale': 'The settings changed: preview again before releasing.',
  'stats.budget.exceeded':
    'This release would bring the ε spent on these periods to {spent}, over the budget of {budget}. Together, the releases could reveal more than intended.',
  'stats.budget.confirm': 'I understand the risk and want to release anyway',
  'stats.budget.confirmFirst':
    'This release goes over the ε budget. Tick the box to confirm, or change the settings.',
  'stats.files.title': 'Files of this release',
  'stats.files.intro':
    'Release {id} of {date} is recorded in the ledger. Compare the SHA-256 of a file before you share it.',
  'stats.download.csv': 'Download CSV',
  'stats.download.json': 'Download JSON',
  'stats.download.svg': 'Download SVG chart',
  'stats.download.timeline': 'Download SVG timeline',
  'stats.sha.label': 'SHA-256 of {file}:',
  'stats.sha.matches': '(matches the file)',
  'stats.sha.mismatch': '(does not match the file: do not share it, tell an administrator)',
  'stats.ledger.title': 'Releases so far',
  'stats.ledger.intro': 'Every release, newest first. Earlier releases count toward the ε budget.',
  'stats.ledger.date': 'Released',
  'stats.ledger.actor': 'By',
  'stats.ledger.columns': 'Columns',
  'stats.ledger.period': 'Period',
  'stats.ledger.audience': 'Audience',
  'stats.ledger.epsilon': 'ε',
  'stats.ledger.partner': 'partner: {partner}',
  'stats.ledger.legacyPartner': 'partner (named before partners were registered): {partner}',
  'stats.ledger.none': 'Nothing has been released yet.',
  'stats.ledger.you': '{username} (you)',
  // Statistics release: the confirmation dialog.
  'stats.confirm.title': 'Release these statistics?',
  'stats.confirm.intro':
    'Once the files are shared they cannot be called back. Check exactly what goes out, and to whom.',
  'stats.confirm.audience': 'Goes to',
  'stats.confirm.toPublic': 'the public: anyone may read it',
  'stats.confirm.toPartner': 'only the partner organisation {partner}',
  'stats.confirm.table': 'Table',
  'stats.confirm.filter': 'Counted in',
  'stats.confirm.noFilter': 'every host country',
  'stats.confirm.protection': 'Protection',
  'stats.confirm.protectionText':
    'counts below {k} suppressed; every number rounded to a multiple of {roundingBase}; {noise}',
  'stats.confirm.files': 'Files',
  'stats.confirm.file.table': '{format}: the table, {rows} rows and {columns} columns, with totals',
  'stats.confirm.file.chart': 'SVG: a bar chart of the {columns} column totals',
  'stats.confirm.file.timeline': 'SVG: a timeline of the {rows} row totals',
  'stats.confirm.names': 'Names of the {columns} columns, as the files write them',
  'stats.confirm.language':
    'The files are written in English, whatever the language of this page, with the names shown in the table above.',
  'stats.confirm.release': 'Release',
  'stats.confirm.cancelled': 'Nothing was released.',
  // End of statistics release.

  'error.generic':
    'Something went wrong ({code}). Try again; if it keeps happening, tell an administrator.',
  'error.network': 'The server could not be reached. Check your connection and try again.',
  'error.login_failed': 'The username or the password is wrong.',
  'error.login_throttled': {
    one: 'Too many attempts. Try again in # minute.',
    other: 'Too many attempts. Try again in # minutes.',
  },
  'error.invite_invalid':
    'This invitation is not valid: it may have been used or have expired. Ask an administrator for a new one.',
  'error.invite_revoked':
    'This invitation link was replaced by a newer one. Use the newest link an administrator gave you.',
  'error.key_protection_weak':
    'The passphrase protection of this key is too weak to be stored. Import it here in the dashboard, which protects it strongly, or export it from GnuPG 2.2 or later.',
  'error.internal_error':
    'Something went wrong on the server, and part of this may already have been saved. Check what was saved before you try again.',
  'error.audit_busy': 'The server is busy, so this was not completed. Try again in a moment.',
  'error.password_too_short': 'The password needs at least 15 characters.',
  'error.password_too_long': 'The password can have at most 256 characters.',
  'error.password_common': 'This password is too common. Choose another one.',
  'error.second_factor_failed':
    'That did not work. Check the code and try again; each code works only once.',
  'error.session_expired': 'Your session has ended. Please sign in again.',
  'error.csrf_failed':
    'The request was refused for your protection. Reload the page and try again.',
  'error.reauth_required': 'This action needs you to confirm your password and second factor.',
  'error.forbidden': 'Your account is not allowed to do this.',
  'error.not_found': 'This was not found. Reload the page.',
  'error.key_exists': 'You already have an active key.',
  'error.wrong_passphrase': 'The passphrase does not unlock this key.',
  'error.decryption_failed': 'This message cannot be decrypted with your key, or it was altered.',
  'error.passphrase_too_short': 'The key passphrase needs at least 12 characters.',
  'error.key_unreadable':
    'This is not a readable OpenPGP secret key. Paste the whole block, from -----BEGIN PGP PRIVATE KEY BLOCK----- to its END line.',
  'error.one_key_expected': 'Give exactly one key.',
  'error.secret_key_given': 'The server expected a public key.',
  'error.key_unprotected':
    'This key has no passphrase. In GnuPG, set one first (gpg --edit-key <fingerprint>, then passwd), or create a new key here.',
  'error.key_incomplete':
    'Part of this key has no secret material (exported with --export-secret-subkeys?). Export the complete key.',
  'error.key_version_unsupported':
    'Only version 4 keys work with GnuPG 2.2. Create a new key here.',
  'error.key_algorithm_unsupported': 'This key uses an algorithm that GnuPG 2.2 cannot use.',
  'error.key_too_weak': 'RSA keys need at least 3072 bits.',
  'error.key_revoked': 'This key has been revoked.',
  'error.key_expired': 'This key has expired.',
  'error.key_invalid': 'The server refused this key.',
  'error.no_encryption_key': 'This key has no valid encryption subkey.',
  'error.key_mismatch':
    'The server returned a key that is not yours. Stop here and tell an administrator.',
  'error.key_locked': 'Your key is locked. Unlock it first.',
  'error.invalid_request':
    "The server did not accept this request's fields. Reload the page and try again.",
  'error.wrong_stage': 'Finish signing in first.',
  'error.account_disabled': 'This account is disabled.',
  'error.account_not_found': 'This account no longer exists. Refresh the list.',
  'error.username_taken': 'This username is already in use.',
  'error.invalid_username': 'Use 3 to 64 letters, digits, dots, dashes or underscores.',
  'error.invalid_role': 'Choose one of the listed roles.',
  'error.role_forbidden': 'Your account is not allowed to do this.',
  'error.code_wrong': 'That code does not match. Check the time on your phone and try again.',
  'error.factor_exists': 'An authenticator app is already set up for this account.',
  'error.no_pending_factor': 'Start setting up the authenticator app again.',
  'error.no_security_key': 'No security key is registered for this account.',
  'error.security_key_refused': 'The security key was not accepted. Try again.',
  'error.too_many_security_keys': 'This account already has as many security keys as allowed.',
  'error.key_not_found': 'You have no key yet. Reload the page.',
  'error.key_not_pending': 'This key is no longer waiting for vetting. Refresh the list.',
  'error.key_already_added':
    'This key is already known and cannot be added again. Create a new one.',
  'error.case_not_found': 'This case was not found. Go back to the inbox.',
  'error.case_changed':
    'Someone else changed this case at the same moment, so your change was not saved. Reload the case and make it again.',
  'error.part_not_found': 'A part of this file is missing on the server.',
  'error.message_not_found': 'This message was not found. Reload the case.',
  'error.invalid_query': 'The server did not accept these filters. Check the dates and the label.',
  'error.outcome_required': 'Choose an outcome to close the case.',
  'error.outcome_only_when_closed': 'Only a closed case has an outcome.',
  'error.assignee_invalid': 'Cases can be assigned to active caseworkers and administrators only.',
  'error.not_a_caseworker': 'Only a caseworker in the current key directory can be given access.',
  'error.invalid_key_packet': 'The server did not accept the new message keys.',
  'error.already_a_recipient': 'This caseworker can already read this message.',
  'error.share_conflict': 'The case changed meanwhile. Try again.',
  'error.message_id_reused':
    'This message was already sent with different content. Write it again.',
  'error.recipient_missing':
    'The key directory changed since this page encrypted the message. Send it again.',
  'error.unknown_recipient':
    'The key directory changed since this page encrypted the message. Send it again.',
  'error.directory_signature_invalid':
    'The key directory is not signed by the organisation key. Nothing was encrypted. Tell an administrator.',
  'error.directory_wrong_organisation':
    'The key directory is not from this organisation. Nothing was encrypted. Tell an administrator.',
  'error.directory_expired':
    'The key directory has expired. Nothing was encrypted. An administrator must sign a new one.',
  'error.directory_outdated':
    'The key directory is older than this dashboard accepts. Nothing was encrypted. Tell an administrator.',
  'error.directory_malformed': 'The key directory cannot be read. Nothing was encrypted.',
  'error.recipient_key_invalid':
    'A key in the key directory is not valid now. Nothing was encrypted. Tell an administrator.',
  'error.reply_key_invalid':
    'This case’s reply key is not a valid reply key, so no reply was encrypted. Tell an administrator.',
  'error.reply_key_mismatch':
    'Possible tampering: the stored reply key is not the one this report names. Nothing was sent. Tell an administrator.',
  'error.reply_key_unconfirmed':
    'This report does not name its reply key: confirm the stored key above first. Nothing was sent.',
  'error.signer_not_in_directory':
    'Your key is not in the current key directory, so others could not verify what you sign. Nothing was sent.',
  'error.reply_key_changed':
    'The stored reply key has changed since the case was opened. Reload the case. Nothing was confirmed.',
  'error.reply_key_already_confirmed':
    'A different reply key was already confirmed for this case. Nothing was confirmed. Tell an administrator.',
  'error.share_key_invalid': 'This caseworker’s key cannot be used. Nothing was shared.',
  'error.key_packets_malformed':
    'The server sent message keys that cannot be read. Nothing was shared.',
  'error.message_empty': 'Write something first.',
  'error.invalid_stats_request':
    'The server did not accept these settings. Check the months (quarters must be whole), the filter, the partner, k, the rounding and ε.',
  'error.too_few_cases':
    'Too few documented reports for these settings: nothing can be published. Choose a longer period or fewer filters.',
  'error.epsilon_budget_spent':
    'This release would go over the ε budget. Preview again and confirm the overrun, or choose a larger ε or other periods.',
  'error.rounding_below_minimum':
    'The rounding base is below the configured minimum. Round to the minimum or a larger number.',
  'error.partner_unknown':
    'This partner organisation is not registered (any more). Reload the page and choose a registered partner.',
  'admin.users.resetLink':
    'Send {username} this new invitation link so they can set up a second factor again.',
  // Linked cases (identifiers of those who contacted or threatened a reporter).
  'report.contactedBy': 'Who contacted or threatened them',
  'links.title': 'Linked identifiers',
  'links.intro':
    'Phone numbers, accounts and plates of the people who contacted or threatened the reporter, as the report names them. Only keyed tokens are stored: the server sees which cases share one, never what it is.',
  'links.noKey':
    'Your organisation has no linking key yet. Making it here stores it encrypted to every caseworker in the key directory, signed with your key.',
  'links.createKey': 'Make the linking key',
  'links.rotationNeeded':
    'Rotation needed: a caseworker was offboarded, so the linking key may be in their hands. Nothing can be linked until a new key replaces it and every linked case is re-keyed.',
  'links.rotate': 'Rotate the linking key now',
  'links.rotating': 'Re-keying every linked case…',
  'links.notShared':
    'The linking key is not yet shared with your key. A colleague who holds it shares it when they next open a case here.',
  'links.untrusted':
    'Possible tampering: the stored linking key is not signed by a caseworker of the key directory, so it is not used. Tell an administrator.',
  'links.type.phone': 'Phone or WhatsApp',
  'links.type.email': 'E-mail',
  'links.type.telegram': 'Telegram',
  'links.type.wechat': 'WeChat',
  'links.type.plate': 'Vehicle plate',
  'links.nothingProposed': 'The report names no phone number, account or plate. Add one below.',
  'links.addType': 'Kind of identifier',
  'links.addValue': 'Identifier',
  'links.add': 'Add',
  'links.invalid': 'This is not a valid identifier of the kind “{type}”. Nothing was added.',
  'links.save': 'Save the confirmed identifiers',
  'links.saved': { one: 'Saved: # identifier.', other: 'Saved: # identifiers.' },
  'links.linkedCases': 'Cases sharing an identifier',
  'links.noLinkedCases': 'No other case shares a confirmed identifier.',
  'links.openCase': 'Open case {reference}',
  'links.shared': { one: '# identifier in common', other: '# identifiers in common' },
  'inbox.alsoIn': { one: 'also in # case', other: 'also in # cases' },
  'inbox.showLinked': 'Show the linked cases',
  'inbox.linkedFilter': 'Showing the cases linked to case {reference}.',
  'inbox.clearLinked': 'Show all cases',
  'error.linking_key_version':
    'The linking key changed meanwhile. The page reloaded it; save again.',
  'error.linking_key_retired': 'The linking key was retired by an offboarding: rotate it first.',
  'error.rotation_incomplete': 'The linked cases changed during the rotation. Rotate again.',
  'error.linking_recipient_removed':
    'The key directory still lists an offboarded caseworker: an administrator must publish the next directory before the linking key can be rotated or shared.',
  'error.links_changed_meanwhile':
    "A colleague is saving this case's links right now. Nothing was saved; open the case again and save again.",
  'error.linking_key_vanished':
    'Possible tampering: this device used a linking key before, but none is stored now, so no new one is made here. Tell an administrator: after a restore, the linking key is retired and rotated.',
  'error.linking_key_untrusted':
    'Possible tampering: the stored linking key is not signed by a caseworker of the key directory, so it is not used. Tell an administrator.',
  'error.linking_key_not_shared':
    'The linking key is not yet shared with your key. A colleague who holds it shares it when they next open a case here.',
  'error.linking_identifiers_untrusted':
    'Possible tampering: the linked identifiers of a case are not signed by a caseworker of the key directory for this case, so they are not used. Tell an administrator.',
  'error.linking_identifiers_not_shared':
    'The linked identifiers of this case were saved before your key was in the directory, so you cannot open them yet. A colleague who holds the linking key seals them for you too when they next open a case here; nothing was changed.',
  'error.rotation_superseded':
    'A colleague started another rotation of the linking key. Reload the case and rotate again if it is still needed.',
  'links.tooMany':
    'You confirmed {count} identifiers; a case holds at most {max}. Untick some, then save. Nothing was saved.',
  'links.rolledBack':
    'Possible tampering: the stored linking key is older than one this device has already used, so it is not used. Tell an administrator.',
  'links.replaced':
    'Possible tampering: the stored linking key is not the key this device has used under the same version, so it is not used. Tell an administrator.',
  // End of linked cases.
  // Alerts without content.
  'alerts.title': 'Alerts',
  'alerts.contents':
    'An alert says only how many of which kind there are (for example “2 new reports”): never any content, case id, category, country or label.',
  'alerts.provider':
    'Your mail provider or chat service still learns that this address belongs to staff of the organisation, that there was activity and how much, and when. If that puts you at risk, use an address not tied to your name, or no alerts.',
  'alerts.batch': {
    one: 'At most one alert every minute.',
    other: 'At most one alert every # minutes.',
  },
  'alerts.off':
    'Alerts are turned off on this server: nothing is sent until an administrator turns them on.',
  'alerts.kinds': 'Alert me of',
  'alerts.noKinds': 'Your role has no alerts to turn on.',
  'alerts.kind.reports': 'New reports',
  'alerts.kind.followUps': 'New follow-ups from reporters',
  'alerts.kind.deadlines': 'Deadlines coming due',
  'alerts.kind.operations':
    'Operational problems (key directory expiring, backup overdue, storage low, audit chain broken)',
  'alerts.email': 'E-mail address for alerts',
  'alerts.emailHint': 'Leave empty for no e-mail. Stored encrypted.',
  'alerts.webhook': 'Webhook URL for alerts',
  'alerts.webhookHint':
    'Leave empty for no webhook. Its host must be on the list an administrator keeps. Stored encrypted.',
  'alerts.save': 'Save alert settings',
  'alerts.saved': 'Alert settings saved.',
  'admin.alerts.hostsTitle': 'Webhook hosts for alerts',
  'admin.alerts.hostsNote':
    'Staff webhooks may reach only these hosts, over https. A private or internal address is refused unless its host is marked for it. Saving asks for your password again.',
  'admin.alerts.host': 'Host',
  'admin.alerts.hostHint': 'A DNS name or IP address, without https://, port or path.',
  'admin.alerts.allowPrivate': 'Internal network',
  'admin.alerts.allowPrivateHint':
    'Allow a private or internal address for this host (plain http allowed)',
  'admin.alerts.noHosts': 'No hosts: webhooks are off for everyone.',
  'admin.alerts.add': 'Add host',
  'admin.alerts.remove': 'Remove',
  'admin.alerts.removeHost': 'Remove {host}',
  'admin.alerts.unsaved': 'Not saved yet.',
  'admin.alerts.save': 'Save the host list',
  'admin.alerts.saved': 'Host list saved.',
  'admin.alerts.failuresTitle': 'Alerts that could not be sent',
  'admin.alerts.failuresNote':
    'Each is tried again later, less and less often, and given up after a while. Alerts hold no report content.',
  'admin.alerts.who': 'Staff member',
  'admin.alerts.gone': '(account removed)',
  'admin.alerts.channel': 'Channel',
  'admin.alerts.channelEmail': 'E-mail',
  'admin.alerts.channelWebhook': 'Webhook',
  'admin.alerts.attempts': 'Attempts',
  'admin.alerts.error': 'Last error',
  'admin.alerts.nextAttempt': 'Next attempt (UTC)',
  'admin.alerts.state': 'State',
  'admin.alerts.retrying': 'Retrying',
  'admin.alerts.givenUp': 'Given up',
  'admin.alerts.noFailures': 'Every alert was sent.',
  'error.alert_kind_not_allowed': 'Your role cannot turn on one of these alerts.',
  'error.alert_email_malformed': 'This e-mail address is not valid. Nothing was changed.',
  'error.webhook_url_malformed':
    'This webhook URL is not valid (http or https, no user name or password). Nothing was changed.',
  'error.webhook_host_not_allowed':
    'This webhook host is not on the allowed list. Ask an administrator to add it. Nothing was changed.',
  'error.webhook_url_not_https':
    'The webhook URL must use https (plain http only for a host marked as internal). Nothing was changed.',
  'error.webhook_host_malformed':
    'Each host must be a DNS name or an IP address, without scheme, port or path. Nothing was changed.',
  // End of alerts.
} satisfies Record<string, MessageValue>;
