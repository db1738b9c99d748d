import type { CatalogueMeta } from './types';
import type { Messages } from './index';

// Machine-made: awaiting review by a native Turkish speaker.
export const meta: CatalogueMeta = { machineTranslated: true, reviewedBy: null };

export const messages: Messages = {
  'app.title': 'Amanat — güvenle bildirin',
  'app.tagline':
    'Size veya ailenize ne olduğunu bize anlatın. Bildiriminiz gönderilmeden önce bu cihazda şifrelenir.',
  'language.label': 'Dil',
  'quickExit.button': 'Hızlı çıkış',
  'quickExit.hint': 'Bu sayfadan hemen çıkmak için Esc tuşuna iki kez basın.',
  'safety.sharedDevice':
    'Başkaları bu cihazı görebiliyor veya kullanabiliyorsa gizli pencere kullanın ve işiniz bitince kapatın. Bu cihazda hiçbir şey saklamıyoruz.',
  'directory.checking': 'Kuruluşun şifreleme anahtarları denetleniyor…',
  'directory.ready': 'Şifreleme hazır: gönderdiklerinizi yalnızca {recipients} okuyabilir.',
  'directory.recipients': { one: '# onaylı vaka görevlisi', other: '# onaylı vaka görevlisi' },
  'directory.demo': 'Bu bir gösterimdir. Buraya gerçek bir bildirim göndermeyin.',
  'directory.error.title': 'Şu anda buraya hiçbir şey göndermeyin.',
  'directory.error.directory_signature_invalid':
    'Vaka görevlilerinin anahtar listesi kuruluş tarafından imzalanmamış. Biri müdahale ediyor olabilir.',
  'directory.error.directory_wrong_organisation':
    'Anahtarlar bu sayfanın ait olduğu kuruluştan değil, başka bir kuruluştan geliyor.',
  'directory.error.directory_expired': 'Vaka görevlilerinin anahtar listesinin süresi dolmuş.',
  'directory.error.directory_malformed': 'Vaka görevlilerinin anahtar listesi bozuk.',
  'directory.error.recipient_key_invalid': 'Vaka görevlisi anahtarlarından biri geçerli değil.',
  'directory.error.network': 'Sunucuya ulaşılamadı. Bağlantınızı kontrol edip yeniden deneyin.',
  'directory.error.advice': 'Kuruluşla güvendiğiniz başka bir yoldan iletişime geçin.',
};
