import type { Messages } from './index';

/** Turkish (its review state: REVIEWS in index.ts). */
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
  'directory.error.directory_outdated':
    'Vaka görevlilerinin anahtar listesi bu sayfanın kabul ettiğinden eski. Biri müdahale ediyor olabilir.',
  'directory.error.directory_malformed': 'Vaka görevlilerinin anahtar listesi bozuk.',
  'directory.error.recipient_key_invalid': 'Vaka görevlisi anahtarlarından biri geçerli değil.',
  'directory.error.network': 'Sunucuya ulaşılamadı. Bağlantınızı kontrol edip yeniden deneyin.',
  'directory.error.advice': 'Kuruluşla güvendiğiniz başka bir yoldan iletişime geçin.',

  'nav.label': 'Bölümler',
  'nav.report': 'Bildirimde bulunun',
  'nav.return': 'Erişim kodum var',
  'nav.protection': 'Neyi koruyabiliriz, neyi koruyamayız',

  'form.title': 'Bildiriminiz',
  'form.intro':
    'Yalnızca ne olduğuyla ilgili soruyu yanıtlamanız gerekir. Paylaşmak istemediğiniz her şeyi boş bırakın. Adınızı asla sormayız.',
  'form.incidentType.label': 'Ne tür bir olaydı?',
  'form.incidentType.choose': 'Birini seçin',
  'form.incidentType.threats_through_relatives': 'Akrabalar üzerinden tehdit veya baskı',
  'form.incidentType.coercion_to_inform':
    'Başkaları hakkında bilgi vermeniz veya casusluk yapmanız için baskı',
  'form.incidentType.online_harassment': 'İnternette taciz',
  'form.incidentType.surveillance': 'Gözetlenme veya takip edilme',
  'form.incidentType.pressure_to_return': 'Ülkenize geri dönmeniz için baskı',
  'form.incidentType.document_problems': 'Pasaport veya belge sorunları',
  'form.incidentType.detention_or_deportation_risk': 'Gözaltı veya sınır dışı edilme riski',
  'form.incidentType.asylum_problems': 'İltica sürecinde sorunlar',
  'form.incidentType.physical_intimidation': 'Fiziksel gözdağı',
  'form.incidentType.other': 'Başka bir şey',
  'form.when.placeholder': 'YYYY-AA (ör. 2026-03)',
  'form.when.label': 'Ne zaman oldu? (ay olarak; yaklaşık da olur)',
  'form.country.label': 'Hangi ülkede oldu?',
  'form.country.choose': 'Bir ülke seçin',
  'form.country.other': 'Başka bir ülke',
  'form.city.label': 'Şehir (isteğe bağlı)',
  'form.whatHappened.label': 'Ne oldu?',
  'form.whatHappened.hint': 'Kendi sözlerinizle, istediğiniz dilde anlatın.',
  'form.whatHappened.required': 'Lütfen göndermeden önce ne olduğunu anlatın.',
  'form.involved.label': 'Olaya kimler karıştı? (isteğe bağlı)',
  'form.involved.hint':
    'Örneğin: polis, bir büyükelçilik, sizinle iletişime geçen biri. İsim yazmanız gerekmez.',
  'form.contactedBy.label':
    'Sizinle kim iletişime geçti ya da sizi kim tehdit etti? (isteğe bağlı)',
  'form.contactedBy.hint':
    'Bu kişilerin telefon numaraları, hesapları (WeChat, Telegram, WhatsApp, e-posta) veya adları; bildiğiniz şekilde, her satıra bir tane. Kendi bilgilerinizi yazmayın: görevliler aynı kişilerin başkalarıyla da iletişime geçip geçmediğini böyle görür.',
  'form.relatives.label': 'Akrabalarınız bundan etkilendi mi?',
  'form.relatives.yes': 'Evet',
  'form.relatives.no': 'Hayır',
  'form.relatives.unsaid': 'Söylememeyi tercih ederim',
  'form.urgency.label':
    'Sınır dışı edilme veya duruşma tarihi gibi bir son tarih var mı? (isteğe bağlı)',
  'form.urgency.details': 'Bu son tarih ne ile ilgili? (isteğe bağlı)',
  'form.contact.label': 'Sizinle nasıl iletişime geçelim?',
  'form.contact.site': 'Yalnızca bu site üzerinden, erişim kodumla (en güvenlisi)',
  'form.contact.other': 'Benim seçeceğim başka bir yoldan',
  'form.contact.otherDetails': 'Hangi yoldan ve nasıl? Bunu başka kimlerin görebileceğini düşünün.',
  'form.attachments.label': 'Dosyalar: fotoğraf, belge, ses kaydı (isteğe bağlı)',
  'form.attachments.hint':
    'Dosya başına en fazla {maxFileMb} MB, toplamda en fazla {maxTotalMb} MB. Dosyalar gönderilmeden önce bu cihazda şifrelenir.',
  'form.attachments.cleaned': 'Bu fotoğraftan şu gizli bilgiler kaldırıldı: {removed}.',
  'form.attachments.nothingToClean': 'Bu fotoğraf gizli bilgiler olmadan yeniden kaydedildi.',
  'form.attachments.removed.location': 'konum (GPS)',
  'form.attachments.removed.camera': 'kamera markası ve modeli',
  'form.attachments.removed.date': 'çekim tarihi',
  'form.attachments.removed.other': 'diğer gizli bilgiler',
  'form.attachments.notCleanable':
    'Bu dosya burada temizlenemiyor. Dosyada, onu kimin veya nerede oluşturduğu gibi gizli bilgiler olabilir.',
  'form.attachments.tooLarge': 'Bu dosya {maxFileMb} MB sınırını aştığı için gönderilemez.',
  'form.attachments.totalTooLarge':
    'Dosyaların toplam boyutu {maxTotalMb} MB sınırını aşıyor. Lütfen göndermeden önce bazılarını kaldırın.',
  'form.attachments.remove': 'Kaldır',
  'form.progress.encrypting': 'Dosyalar şifreleniyor… %{percent}',
  'form.progress.uploading': 'Dosyalar gönderiliyor… %{percent}',
  'form.attachments.failed': 'Bazı dosyalar gönderilemedi. Bildiriminizin kendisi bize ulaştı.',
  'form.attachments.retry': 'Dosyaları yeniden göndermeyi deneyin',
  'form.attachments.storageFull':
    'Sunucuda şu anda daha fazla dosya için yer yok. Bildiriminiz ve bundan önce gönderilen dosyalar bize ulaştı. Daha sonra yeniden deneyin.',
  'form.attachments.tooMany':
    'Bildiriminize daha fazla dosya eklenemiyor. Bildiriminiz ve bundan önce gönderilen dosyalar bize ulaştı.',
  'form.attachments.reportFull':
    'Dosyalar birlikte bir bildirimin alabileceğinden büyük. Bildiriminiz ve bundan önce gönderilen dosyalar bize ulaştı.',
  'form.consent.read': 'Bu bildirimi kuruluşun onaylı vaka görevlilerinin okuyacağını anlıyorum.',
  'form.consent.statistics':
    'Bildirimim anonim istatistiklerde sayılabilir (yalnızca sayılar; kimliğimi belli eden hiçbir şey değil).',
  'form.consent.required': 'Lütfen vaka görevlilerinin bildiriminizi okuyabileceğini onaylayın.',
  'form.submit': 'Şifrele ve gönder',
  'form.sending': 'Şifreleniyor ve gönderiliyor…',
  'form.failed':
    'Bildiriminiz gönderilemedi: {reason}. Bu cihazdan okunabilir hiçbir şey çıkmadı. Lütfen yeniden deneyin.',
  'form.failed.network': 'bağlantı kurulamadı',
  'form.failed.refused': 'sunucu bildirimi reddetti',
  'delivery.reason.offline': 'Sunucuya ulaşılamıyor.',
  'delivery.reason.unavailable': 'Sunucu şu anda hiçbir şey kabul edemiyor.',
  'delivery.reason.busy': 'Sunucu ağınızdan çok fazla istek aldı ve beklememizi istedi.',
  'delivery.waiting.report': {
    other:
      'Bildiriminiz şifrelendi ve yalnızca bu sayfada tutuluyor; # saniye sonra yeniden deneyeceğiz. Bu sayfayı kapatmayın.',
  },
  'delivery.waiting.message': {
    other:
      'Mesajınız şifrelendi ve yalnızca bu sayfada tutuluyor; # saniye sonra yeniden deneyeceğiz. Bu sayfayı kapatmayın.',
  },
  'delivery.waiting.files': {
    other:
      'Henüz gönderilmemiş dosyalar yalnızca bu sayfada tutuluyor; # saniye sonra yeniden deneyeceğiz. Bu sayfayı kapatmayın.',
  },
  'delivery.retrying': 'Yeniden deneniyor…',
  'delivery.tryNow': 'Şimdi dene',

  'receipt.title': 'Bildiriminiz gönderildi',
  'receipt.intro':
    'Bu sizin erişim kodunuz. Yalnızca bir kez gösterilir. Bu kodla geri gelebilir, yanıtları okuyabilir ve bilgi ekleyebilirsiniz.',
  'receipt.keepSafe':
    'Kodu başkalarının bulamayacağı bir yerde saklayın: bir kâğıda yazın ya da yazdırın ve saklayın. Bu koda sahip olan herkes bildiriminize gelen yanıtları okuyabilir.',
  'receipt.print': 'Erişim kodunu yazdır',
  'receipt.lost':
    'Kodu kaybederseniz geri getiremeyiz. İstediğiniz zaman yeni bir bildirim gönderebilirsiniz.',
  'receipt.copy': 'Erişim kodunu kopyala',
  'receipt.copied':
    'Erişim kodu kopyalandı. Yalnızca sizin açabileceğiniz güvenli bir yere yapıştırın.',
  'receipt.selected': 'Erişim kodu seçildi: cihazınızın kopyalama komutuyla kopyalayın.',
  'receipt.leaveWarning': 'Kaydettiğinizi onaylayana kadar bu sayfa, ayrılmadan önce size soracak.',
  'receipt.saved': 'Erişim kodumu kaydettim',
  'receipt.savedConfirmed':
    'Tamam. Erişim kodu artık gizli; bu sayfa açık olduğu sürece yeniden gösterebilirsiniz.',
  'receipt.showAgain': 'Erişim kodumu yeniden göster',
  'receipt.hideAgain': 'Erişim kodumu gizle',

  'return.title': 'Erişim kodunuzla geri dönün',
  'return.label': 'Erişim kodu',
  'return.submit': 'Aç',
  'return.notFound':
    'Bu erişim koduyla bir bildirim açamadık. Kodu kontrol edin ve daha sonra yeniden deneyin.',
  'return.status.label': 'Durum',
  'return.status.new': 'Alındı. Bir vaka görevlisi yakında inceleyecek.',
  'return.status.acknowledged': 'Bir vaka görevlisi bildiriminizi gördü.',
  'return.status.in_progress': 'Bir vaka görevlisi bildiriminiz üzerinde çalışıyor.',
  'return.status.referred': 'Bildiriminiz bir avukata veya ortak bir kuruluşa iletildi.',
  'return.status.waiting_for_reporter': 'Yanıtınızı bekliyoruz.',
  'return.status.closed': 'Bu vaka kapatıldı.',
  'return.thread.title': 'Mesajlar',
  'return.thread.yours': 'Sizin yazdığınız',
  'return.thread.yoursSealed': 'Yalnızca vaka görevlileri için şifrelendi: burada gösterilemez.',
  'return.thread.files': 'Birlikte gönderilen dosyalar:',
  'return.replies.none': 'Henüz yanıt yok.',
  'return.replies.unreadable': 'Bir yanıtın şifresi çözülemedi.',
  'return.replies.former': 'Kuruluşun eski bir vaka görevlisinden.',
  'return.replies.unverified':
    'Kuruluştan geldiği doğrulanamayan bir mesaj geldi; bu yüzden gösterilmiyor. Başka bir yerden sizden isteyebileceği hiçbir şeyi yapmayın.',

  'return.followUp.label': 'Bilgi ekleyin',
  'return.followUp.send': 'Gönder',
  'return.followUp.sent': 'Gönderildi. Vaka görevlileri bunu bildiriminizle birlikte görecek.',
  'return.followUp.empty': 'Göndermek için bir şey yazın veya bir dosya seçin.',
  'noscript.explanation':
    'Bu sayfa, bildiriminizi cihazınızda şifrelemek için JavaScript gerektirir. O olmadan yazdıklarınızı koruyamayız.',
  'noscript.channels': 'Bize ulaşmanın diğer yolları',
  'protection.title': 'Neyi koruyabiliriz, neyi koruyamayız',
  'protection.can':
    'Bildiriminiz bu cihazda şifrelenir. Sunucumuz yalnızca şifreli metni saklar. IP adresinizi, tarayıcı bilgilerinizi veya yazdığınız saati saklamayız.',
  'protection.cannot':
    'Bu cihaz izleniyorsa, virüslüyse ya da kilidi açıkken elinizden alınırsa veya biri erişim kodunuzu görürse sizi koruyamayız. Güvendiğiniz bir cihaz ve ağ kullanın ve işiniz bitince bu pencereyi kapatın.',
  // The answers of the no-JavaScript form (client/reporter/no-js-pages.ts).
  'noJs.tradeOff.title': 'JavaScript olmadan göndermek',
  'noJs.tradeOff.text':
    'JavaScript kapalıyken bildiriminiz bu cihazda değil, sunucumuzda şifrelenir: sunucu, yazdıklarınızı vaka görevlileri için şifrelediği kısa süre boyunca belleğinde görür ve ardından yalnızca şifreli bildirimi saklar. Mümkünse JavaScript\'i açın (Tor Browser\'da "Safer" düzeyi); böylece bildiriminiz bu cihazdan çıkmadan önce şifrelenir.',
  'noJs.receipt.writeDown':
    'Bu erişim kodunu şimdi, gösterildiği gibi tam olarak yazın. Sunucumuz onu saklamadı; bu sayfadan ayrıldıktan sonra kimse onu sizin için bulamaz. Bu kodla geri gelip durumu görebilir, JavaScript açıkken yanıtları okuyabilir ve bilgi ekleyebilirsiniz.',
  'noJs.receipt.howItDiffered':
    'JavaScript kapalı olduğu için bildiriminiz cihazınızda değil, sunucumuzda şifrelendi: sunucu, şifrelerken metnini kısa bir an belleğinde gördü ve erişim kodunuzu o oluşturdu. Hiçbirini saklamadı, yalnızca şifreli bildirimi sakladı.',
  'noJs.receipt.storedOnce':
    'Bu formu yeniden göndermek (örneğin bu sayfayı yeniden yüklemek) bildiriminizi ikinci kez göndermez: bildiriminiz bu erişim koduyla bir kez kaydedildi.',
  'noJs.receipt.alreadyStored':
    'Bu form zaten gönderilmişti: bildiriminiz o zaman bir kez kaydedildi, şimdi yeniden bir şey gönderilmedi. Erişim kodu aşağıdadır. Başka bir bildirim göndermek için formu yeniden açın.',
  'noJs.status.title': 'Bildiriminizin durumu',
  'noJs.status.receiptSent':
    'Bunu bulmak için erişim kodunuz sunucumuza gönderildi; sunucu onu yalnızca bu sorgu için kullandı ve saklamadı. Yanıtlar yalnızca JavaScript açıkken okunabilir; o zaman erişim kodunuz cihazınızdan hiç çıkmaz.',
  'noJs.refused.title': 'Bildiriminiz gönderilmedi',
  'noJs.receipt.monthDropped':
    'Verdiğiniz ay YYYY-AA biçiminde değildi (örneğin 2026-03), bu yüzden bildiriminiz ay bilgisi olmadan kaydedildi. Yazdığınız diğer her şey kaydedildi.',
  'noJs.refused.tooMany':
    'Bağlantınızdan kısa sürede çok fazla form gönderildi. Hiçbir şey kaydedilmedi. Bir süre bekleyin, sonra formu yeniden göndermek için bu sayfayı yeniden yükleyin.',
  'noJs.refused.busy':
    'Sunucu şu anda formu alamıyor. Hiçbir şey kaydedilmedi. Birkaç dakika bekleyin, sonra formu yeniden göndermek için bu sayfayı yeniden yükleyin.',
  'noJs.refused.unreadable':
    'Form, bu sitenin sayfasından gelen bir form olarak okunamadı; bu yüzden hiçbir şey kaydedilmedi. Sayfayı yeniden açın ve formu orada doldurun.',
  'noJs.refused.tooLarge':
    'Bildirim, bu sitenin tek bir formda aldığından daha uzun; bu yüzden hiçbir şey kaydedilmedi. Daha kısa bir bildirim yazın; JavaScript açıkken geri kalanını sonra ekleyebilirsiniz.',
  'noJs.refused.failed':
    'Bizim tarafımızda bir sorun oluştu. Formu yeniden göndermek için bu sayfayı yeniden yükleyin: zaten kaydedilmiş bir bildirim ikinci kez kaydedilmez.',
  'noJs.back': 'Sayfaya dön',
};
