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
};
