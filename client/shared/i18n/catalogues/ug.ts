import type { CatalogueMeta } from './types';
import type { Messages } from './index';

// Machine-made: awaiting review by a native Uyghur speaker.
export const meta: CatalogueMeta = { machineTranslated: true, reviewedBy: null };

export const messages: Messages = {
  'app.title': 'ئامانەت — بىخەتەر مەلۇم قىلىش',
  'app.tagline':
    'سىز ياكى ئائىلىڭىزگە نېمە بولغانلىقىنى بىزگە ئېيتىپ بېرىڭ. مەلۇماتىڭىز ئەۋەتىلىشتىن بۇرۇن مۇشۇ ئۈسكۈنىدە شىفىرلىنىدۇ.',
  'language.label': 'تىل',
  'quickExit.button': 'تېز چىقىش',
  'quickExit.hint': 'بۇ بەتتىن دەرھال ئايرىلىش ئۈچۈن Esc نى ئىككى قېتىم بېسىڭ.',
  'safety.sharedDevice':
    'باشقىلار بۇ ئۈسكۈنىنى كۆرەلىسە ياكى ئىشلىتەلىسە، شەخسىي كۆزنەك ئىشلىتىڭ ۋە ئىشىڭىز تۈگىگەندە ئۇنى يېپىڭ. بىز بۇ ئۈسكۈنىدە ھېچنېمە ساقلىمايمىز.',
  'directory.checking': 'تەشكىلاتنىڭ شىفىرلاش ئاچقۇچلىرى تەكشۈرۈلۈۋاتىدۇ…',
  'directory.ready': 'شىفىرلاش تەييار: سىز ئەۋەتكەن نەرسىنى پەقەت {recipients} ئوقۇيالايدۇ.',
  'directory.recipients': { other: '# تەكشۈرۈلگەن خىزمەتچى' },
  'directory.demo': 'بۇ كۆرسىتىش نۇسخىسى. بۇ يەرگە ھەقىقىي مەلۇمات ئەۋەتمەڭ.',
  'directory.error.title': 'ھازىر بۇ يەرگە ھېچنېمە ئەۋەتمەڭ.',
  'directory.error.directory_signature_invalid':
    'خىزمەتچىلەرنىڭ ئاچقۇچ تىزىملىكىگە تەشكىلات ئىمزا قويمىغان. بىرەرسى ئارىلىشىۋاتقان بولۇشى مۇمكىن.',
  'directory.error.directory_wrong_organisation':
    'ئاچقۇچلار بۇ بەت تەۋە بولغان تەشكىلاتتىن ئەمەس، باشقا تەشكىلاتتىن كەلگەن.',
  'directory.error.directory_expired': 'خىزمەتچىلەرنىڭ ئاچقۇچ تىزىملىكىنىڭ ۋاقتى ئۆتۈپ كەتكەن.',
  'directory.error.directory_malformed': 'خىزمەتچىلەرنىڭ ئاچقۇچ تىزىملىكى بۇزۇلغان.',
  'directory.error.recipient_key_invalid': 'خىزمەتچىلەرنىڭ ئاچقۇچلىرىنىڭ بىرى ئىناۋەتسىز.',
  'directory.error.network': 'مۇلازىمېتىرغا ئۇلانغىلى بولمىدى. ئۇلىنىشىڭىزنى تەكشۈرۈپ قايتا سىناڭ.',
  'directory.error.advice': 'تەشكىلات بىلەن ئۆزىڭىز ئىشەنگەن باشقا يول ئارقىلىق ئالاقىلىشىڭ.',

  'nav.label': 'بۆلەكلەر',
  'nav.report': 'مەلۇم قىلىش',
  'nav.return': 'مەندە مەخپىي كود بار',
  'nav.protection': 'بىز نېمىنى قوغدىيالايمىز، نېمىنى قوغدىيالمايمىز',

  'form.title': 'مەلۇماتىڭىز',
  'form.intro':
    'پەقەت نېمە ئىش يۈز بەرگەنلىكى توغرىسىدىكى سوئالغىلا جاۋاب بېرىش زۆرۈر. ئېيتقۇڭىز كەلمىگەن نەرسىلەرنى يازمىسىڭىزمۇ بولىدۇ. بىز ھەرگىز ئىسمىڭىزنى سورىمايمىز.',
  'form.incidentType.label': 'بۇ قانداق ۋەقە ئىدى؟',
  'form.incidentType.choose': 'بىرنى تاللاڭ',
  'form.incidentType.threats_through_relatives':
    'تۇغقانلار ئارقىلىق تەھدىت سېلىش ياكى بېسىم ئىشلىتىش',
  'form.incidentType.coercion_to_inform':
    'باشقىلار توغرىسىدا مەلۇمات يەتكۈزۈشكە ياكى جاسۇسلۇق قىلىشقا زورلاش',
  'form.incidentType.online_harassment': 'تور ئارقىلىق پاراكەندە قىلىش',
  'form.incidentType.surveillance': 'نازارەت قىلىنىش ياكى ئارقىڭىزدىن ئەگىشىش',
  'form.incidentType.pressure_to_return': 'يۇرتقا قايتىشقا بېسىم ئىشلىتىش',
  'form.incidentType.document_problems': 'پاسپورت ياكى ھۆججەت مەسىلىسى',
  'form.incidentType.detention_or_deportation_risk':
    'تۇتۇپ تۇرۇلۇش ياكى دۆلەتتىن قوغلاپ چىقىرىلىش خەۋپى',
  'form.incidentType.asylum_problems': 'پاناھلىق تىلەش جەريانىدىكى مەسىلىلەر',
  'form.incidentType.physical_intimidation': 'زوراۋانلىق بىلەن قورقۇتۇش',
  'form.incidentType.other': 'باشقا ئىش',
  'form.when.label': 'بۇ ئىش قاچان يۈز بەردى؟ (ئاي، تەخمىنەن بولسىمۇ بولىدۇ)',
  'form.country.label': 'بۇ ئىش قايسى دۆلەتتە يۈز بەردى؟',
  'form.country.choose': 'دۆلەتنى تاللاڭ',
  'form.country.other': 'باشقا دۆلەت',
  'form.city.label': 'شەھەر (ئىختىيارىي)',
  'form.whatHappened.label': 'نېمە ئىش يۈز بەردى؟',
  'form.whatHappened.hint': 'ئۆز سۆزىڭىز بىلەن، خالىغان تىلدا يېزىڭ.',
  'form.whatHappened.required': 'ئەۋەتىشتىن بۇرۇن نېمە ئىش يۈز بەرگەنلىكىنى يېزىڭ.',
  'form.involved.label': 'بۇ ئىشقا كىملەر چېتىشلىق؟ (ئىختىيارىي)',
  'form.involved.hint':
    'مەسىلەن: ساقچى، ئەلچىخانا، سىز بىلەن ئالاقىلاشقان بىر ئادەم. ئىسىم يېزىشنىڭ ھاجىتى يوق.',
  'form.relatives.label': 'تۇغقانلىرىڭىزغا زىيان يەتتىمۇ؟',
  'form.relatives.yes': 'ھەئە',
  'form.relatives.no': 'ياق',
  'form.relatives.unsaid': 'دېمەسلىكنى خالايمەن',
  'form.urgency.label': 'قوغلاپ چىقىرىلىش ياكى سوت كۈنىگە ئوخشاش مۇددەت بارمۇ؟ (ئىختىيارىي)',
  'form.urgency.details': 'بۇ مۇددەت نېمىگە مۇناسىۋەتلىك؟ (ئىختىيارىي)',
  'form.contact.label': 'سىز بىلەن قانداق ئالاقىلىشايلى؟',
  'form.contact.site': 'پەقەت مۇشۇ تور بېكەت ئارقىلىق، مەخپىي كودۇم بىلەن (ئەڭ بىخەتەر)',
  'form.contact.other': 'مەن تاللىغان باشقا يول ئارقىلىق',
  'form.contact.otherDetails':
    'قايسى يول ئارقىلىق، قانداق قىلىپ؟ ئۇنى يەنە كىملەرنىڭ كۆرەلەيدىغانلىقىنى ئويلاڭ.',
  'form.attachments.label': 'ھۆججەتلەر: سۈرەت، يازما ھۆججەت، ئاۋاز (ئىختىيارىي)',
  'form.attachments.hint':
    'ھەر بىر ھۆججەت ئەڭ كۆپ {maxFileMb} MB، ھەممىسى جەمئىي ئەڭ كۆپ {maxTotalMb} MB بولسا بولىدۇ. ھۆججەتلەر ئەۋەتىلىشتىن بۇرۇن مۇشۇ ئۈسكۈنىدە شىفىرلىنىدۇ.',
  'form.attachments.cleaned': 'بۇ سۈرەتتىكى يوشۇرۇن ئۇچۇرلار ئۆچۈرۈلدى: {removed}.',
  'form.attachments.nothingToClean': 'بۇ سۈرەت ھېچقانداق يوشۇرۇن ئۇچۇرسىز قايتا ساقلاندى.',
  'form.attachments.removed.location': 'ئورۇن ئۇچۇرى (GPS)',
  'form.attachments.removed.camera': 'كامېرانىڭ ماركىسى ۋە مودېلى',
  'form.attachments.removed.date': 'سۈرەتكە تارتىلغان ۋاقتى',
  'form.attachments.removed.other': 'باشقا يوشۇرۇن ئۇچۇرلار',
  'form.attachments.notCleanable':
    'بۇ ھۆججەتنى بۇ يەردە تازىلىغىلى بولمايدۇ. ئۇنىڭدا ئۇنى كىمنىڭ ۋە قەيەردە ياسىغانلىقى قاتارلىق يوشۇرۇن ئۇچۇرلار بولۇشى مۇمكىن.',
  'form.attachments.tooLarge': 'بۇ ھۆججەت {maxFileMb} MB دىن چوڭ، شۇڭا ئۇنى ئەۋەتكىلى بولمايدۇ.',
  'form.attachments.totalTooLarge':
    'ھۆججەتلەرنىڭ ھەممىسى قوشۇلۇپ {maxTotalMb} MB دىن ئېشىپ كەتتى. ئەۋەتىشتىن بۇرۇن بەزىلىرىنى چىقىرىۋېتىڭ.',
  'form.attachments.remove': 'چىقىرىۋېتىش',
  'form.progress.encrypting': 'ھۆججەتلەر شىفىرلىنىۋاتىدۇ… {percent}%',
  'form.progress.uploading': 'ھۆججەتلەر ئەۋەتىلىۋاتىدۇ… {percent}%',
  'form.attachments.failed': 'بەزى ھۆججەتلەر ئەۋەتىلمىدى. مەلۇماتىڭىزنىڭ ئۆزى تاپشۇرۇۋېلىندى.',
  'form.attachments.retry': 'ھۆججەتلەرنى قايتا ئەۋەتىپ بېقىش',
  'form.consent.read':
    'تەشكىلاتنىڭ تەكشۈرۈلگەن خىزمەتچىلىرىنىڭ بۇ مەلۇماتنى ئوقۇيدىغانلىقىنى چۈشىنىمەن.',
  'form.consent.statistics':
    'مەلۇماتىم نامسىز ستاتىستىكىدا ھېسابلانسا بولىدۇ (پەقەت سانلار؛ مېنى تونۇتىدىغان ھېچنېمە يوق).',
  'form.consent.required':
    'خىزمەتچىلەرنىڭ مەلۇماتىڭىزنى ئوقۇشىغا قوشۇلىدىغانلىقىڭىزنى جەزملەشتۈرۈڭ.',
  'form.submit': 'شىفىرلاپ ئەۋەتىش',
  'form.sending': 'شىفىرلىنىپ ئەۋەتىلىۋاتىدۇ…',
  'form.failed':
    'مەلۇماتىڭىز ئەۋەتىلمىدى: {reason}. بۇ ئۈسكۈنىدىن ئوقۇغىلى بولىدىغان ھېچنېمە چىقمىدى. قايتا سىناڭ.',
  'form.failed.network': 'ئۇلىنىش مەغلۇپ بولدى',
  'form.failed.refused': 'مۇلازىمېتىر ئۇنى قوبۇل قىلمىدى',

  'receipt.title': 'مەلۇماتىڭىز ئەۋەتىلدى',
  'receipt.intro':
    'بۇ سىزنىڭ مەخپىي كودىڭىز. ئۇ پەقەت بىرلا قېتىم كۆرسىتىلىدۇ. ئۇنىڭ بىلەن قايتا كېلىپ، جاۋابلارنى ئوقۇيالايسىز ۋە ئۇچۇر قوشالايسىز.',
  'receipt.keepSafe':
    'ئۇنى باشقىلار تاپالمايدىغان يەردە ساقلاڭ: قەغەزگە يېزىۋېلىڭ ياكى بېسىپ چىقىرىپ يوشۇرۇپ قويۇڭ. بۇ كود كىمدە بولسا، شۇ ئادەم مەلۇماتىڭىزغا كەلگەن جاۋابلارنى ئوقۇيالايدۇ.',
  'receipt.print': 'مەخپىي كودنى بېسىپ چىقىرىش',
  'receipt.lost':
    'ئەگەر ئۇنى يوقىتىپ قويسىڭىز، بىز ئۇنى ئەسلىگە كەلتۈرەلمەيمىز. سىز ھەر ۋاقىت يېڭى مەلۇمات ئەۋەتەلەيسىز.',

  'return.title': 'مەخپىي كودىڭىز بىلەن قايتا كىرىڭ',
  'return.label': 'مەخپىي كود',
  'return.submit': 'ئېچىش',
  'return.notFound': 'بۇ كود بىلەن مەلۇماتنى ئاچالمىدۇق. كودنى تەكشۈرۈپ، كېيىنرەك قايتا سىناڭ.',
  'return.status.label': 'ھالىتى',
  'return.status.new': 'تاپشۇرۇۋېلىندى. خىزمەتچى ئۇنى پات ئارىدا كۆرۈپ چىقىدۇ.',
  'return.status.acknowledged': 'خىزمەتچى مەلۇماتىڭىزنى كۆردى.',
  'return.status.in_progress': 'خىزمەتچى مەلۇماتىڭىز ئۈستىدە ئىشلەۋاتىدۇ.',
  'return.status.referred': 'مەلۇماتىڭىز ئادۋوكاتقا ياكى ھەمكار تەشكىلاتقا يەتكۈزۈلدى.',
  'return.status.waiting_for_reporter': 'جاۋابىڭىزنى كۈتۈۋاتىمىز.',
  'return.status.closed': 'بۇ ئىش تاقالدى.',
  'return.replies.title': 'جاۋابلار',
  'return.replies.none': 'ھازىرچە جاۋاب يوق.',
  'return.replies.unreadable': 'بىر جاۋابنىڭ شىفىرىنى يەشكىلى بولمىدى.',

  'return.followUp.label': 'ئۇچۇر قوشۇش',
  'return.followUp.send': 'ئەۋەتىش',
  'return.followUp.sent': 'ئەۋەتىلدى. خىزمەتچىلەر ئۇنى مەلۇماتىڭىز بىلەن بىللە كۆرىدۇ.',
  'noscript.explanation':
    'بۇ بەت مەلۇماتىڭىزنى ئۈسكۈنىڭىزدە شىفىرلاش ئۈچۈن JavaScript قا موھتاج. ئۇنىڭسىز يازغانلىرىڭىزنى قوغدىيالمايمىز.',
  'protection.title': 'بىز نېمىنى قوغدىيالايمىز، نېمىنى قوغدىيالمايمىز',
  'protection.can':
    'مەلۇماتىڭىز مۇشۇ ئۈسكۈنىدە شىفىرلىنىدۇ. مۇلازىمېتىرىمىز پەقەت شىفىرلانغان تېكىستنىلا ساقلايدۇ. بىز IP ئادرېسىڭىزنى، توركۆرگۈچىڭىزنىڭ ئۇچۇرلىرىنى ۋە قايسى ۋاقىتتا يازغانلىقىڭىزنى ساقلىمايمىز.',
  'protection.cannot':
    'ئەگەر بۇ ئۈسكۈنە نازارەت قىلىنىۋاتقان، ۋىرۇس يۇققان ياكى قۇلۇپى ئېچىق ھالەتتە قولىڭىزدىن تارتىۋېلىنغان بولسا، ياكى بىرەرسى مەخپىي كودىڭىزنى كۆرۈپ قالسا، بىز سىزنى قوغدىيالمايمىز. ئۆزىڭىز ئىشەنگەن ئۈسكۈنە ۋە تورنى ئىشلىتىڭ، ئىشىڭىز تۈگىگەندە بۇ كۆزنەكنى يېپىڭ.',
};
