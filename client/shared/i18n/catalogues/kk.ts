import type { CatalogueMeta } from './types';
import type { Messages } from './index';

// Machine-made: awaiting review by a native Kazakh speaker.
export const meta: CatalogueMeta = { machineTranslated: true, reviewedBy: null };

export const messages: Messages = {
  'app.title': 'Аманат — қауіпсіз хабарлау',
  'app.tagline':
    'Сізге немесе отбасыңызға не болғанын айтыңыз. Хабарламаңыз жіберілмес бұрын осы құрылғыда шифрланады.',
  'language.label': 'Тіл',
  'quickExit.button': 'Жылдам шығу',
  'quickExit.hint': 'Бұл беттен бірден шығу үшін Esc пернесін екі рет басыңыз.',
  'safety.sharedDevice':
    'Егер бұл құрылғыны басқалар көре немесе пайдалана алса, жеке терезені пайдаланып, жұмысты бітірген соң жабыңыз. Біз бұл құрылғыда ештеңе сақтамаймыз.',
  'directory.checking': 'Ұйымның шифрлау кілттері тексерілуде…',
  'directory.ready': 'Шифрлау дайын: жіберген мәліметіңізді тек {recipients} оқи алады.',
  'directory.recipients': { one: '# тексерілген қызметкер', other: '# тексерілген қызметкер' },
  'directory.demo': 'Бұл көрсетілім. Мұнда нақты хабарлама жібермеңіз.',
  'directory.error.title': 'Қазір мұнда ештеңе жібермеңіз.',
  'directory.error.directory_signature_invalid':
    'Қызметкерлер кілттерінің тізіміне ұйым қол қоймаған. Біреу араласып жатуы мүмкін.',
  'directory.error.directory_wrong_organisation':
    'Кілттер бұл бет тиесілі ұйымнан емес, басқа ұйымнан келген.',
  'directory.error.directory_expired': 'Қызметкерлер кілттері тізімінің мерзімі өтіп кеткен.',
  'directory.error.directory_outdated':
    'Қызметкерлер кілттерінің тізімі бұл бет қабылдайтын нұсқадан ескі. Біреу араласып жатуы мүмкін.',
  'directory.error.directory_malformed': 'Қызметкерлер кілттерінің тізімі бүлінген.',
  'directory.error.recipient_key_invalid': 'Қызметкерлер кілттерінің бірі жарамсыз.',
  'directory.error.network':
    'Серверге қосылу мүмкін болмады. Байланысты тексеріп, қайталап көріңіз.',
  'directory.error.advice': 'Ұйыммен өзіңіз сенетін басқа жолмен байланысыңыз.',

  'nav.label': 'Бөлімдер',
  'nav.report': 'Хабарлама жіберу',
  'nav.return': 'Менде құпия код бар',
  'nav.protection': 'Біз нені қорғай аламыз, нені қорғай алмаймыз',

  'form.title': 'Сіздің хабарламаңыз',
  'form.intro':
    'Тек не болғаны туралы сұраққа жауап беру міндетті. Бөліскіңіз келмейтін нәрсені жазбай-ақ қойыңыз. Біз ешқашан атыңызды сұрамаймыз.',
  'form.incidentType.label': 'Бұл қандай оқиға болды?',
  'form.incidentType.choose': 'Біреуін таңдаңыз',
  'form.incidentType.threats_through_relatives': 'Туыстар арқылы қорқыту немесе қысым көрсету',
  'form.incidentType.coercion_to_inform':
    'Басқалар туралы ақпарат беруге немесе оларды аңдуға қысым',
  'form.incidentType.online_harassment': 'Интернеттегі қудалау',
  'form.incidentType.surveillance': 'Бақылау немесе артыңыздан біреудің аңдып жүруі',
  'form.incidentType.pressure_to_return': 'Елге қайтуға қысым',
  'form.incidentType.document_problems': 'Төлқұжатқа немесе құжаттарға қатысты мәселелер',
  'form.incidentType.detention_or_deportation_risk': 'Ұсталу немесе депортация қаупі',
  'form.incidentType.asylum_problems': 'Баспана сұрау рәсіміндегі қиындықтар',
  'form.incidentType.physical_intimidation': 'Күш көрсетіп қорқыту',
  'form.incidentType.other': 'Басқа нәрсе',
  'form.when.label': 'Бұл қашан болды? (айын шамамен айтсаңыз да болады)',
  'form.country.label': 'Бұл қай елде болды?',
  'form.country.choose': 'Елді таңдаңыз',
  'form.country.other': 'Басқа ел',
  'form.city.label': 'Қала (міндетті емес)',
  'form.whatHappened.label': 'Не болды?',
  'form.whatHappened.hint': 'Өз сөзіңізбен, кез келген тілде сипаттаңыз.',
  'form.whatHappened.required': 'Жіберер алдында не болғанын сипаттап беріңіз.',
  'form.involved.label': 'Бұған кімдер қатысты? (міндетті емес)',
  'form.involved.hint':
    'Мысалы: полиция, елшілік, сізбен байланысқан адам. Есімдерді жазудың қажеті жоқ.',
  'form.relatives.label': 'Туыстарыңыз зардап шекті ме?',
  'form.relatives.yes': 'Иә',
  'form.relatives.no': 'Жоқ',
  'form.relatives.unsaid': 'Айтпағанды жөн көремін',
  'form.urgency.label':
    'Депортация немесе сот отырысының күні сияқты белгілі бір мерзім бар ма? (міндетті емес)',
  'form.urgency.details': 'Бұл мерзім неге байланысты? (міндетті емес)',
  'form.contact.label': 'Сізбен қалай байланысайық?',
  'form.contact.site': 'Тек осы сайт арқылы, құпия кодыммен (ең қауіпсіз жолы)',
  'form.contact.other': 'Өзім таңдаған басқа жолмен',
  'form.contact.otherDetails': 'Қай жолмен және қалай? Оны тағы кімдер көре алатынын ойлаңыз.',
  'form.attachments.label': 'Файлдар: фото, құжаттар, аудио (міндетті емес)',
  'form.attachments.hint':
    'Әр файл {maxFileMb} МБ-тан, барлығы {maxTotalMb} МБ-тан аспауы керек. Файлдар жіберілмес бұрын осы құрылғыда шифрланады.',
  'form.attachments.cleaned': 'Бұл фотодан жасырын мәліметтер өшірілді: {removed}.',
  'form.attachments.nothingToClean': 'Бұл фото жасырын мәліметтерсіз қайта сақталды.',
  'form.attachments.removed.location': 'орналасқан жері (GPS)',
  'form.attachments.removed.camera': 'камераның маркасы мен моделі',
  'form.attachments.removed.date': 'түсірілген күні',
  'form.attachments.removed.other': 'басқа жасырын мәліметтер',
  'form.attachments.notCleanable':
    'Бұл файлды мұнда тазалау мүмкін емес. Онда жасырын мәліметтер болуы мүмкін, мысалы, оны кім және қайда жасағаны.',
  'form.attachments.tooLarge':
    'Бұл файл {maxFileMb} МБ-тан үлкен, сондықтан оны жіберу мүмкін емес.',
  'form.attachments.totalTooLarge':
    'Файлдардың жалпы көлемі {maxTotalMb} МБ-тан асады. Жіберер алдында кейбірін алып тастаңыз.',
  'form.attachments.remove': 'Алып тастау',
  'form.progress.encrypting': 'Файлдар шифрлануда… {percent}%',
  'form.progress.uploading': 'Файлдар жіберілуде… {percent}%',
  'form.attachments.failed':
    'Кейбір файлдарды жіберу мүмкін болмады. Хабарламаңыздың өзі бізге жетті.',
  'form.attachments.retry': 'Файлдарды қайта жіберіп көру',
  'form.consent.read': 'Бұл хабарламаны ұйымның тексерілген қызметкерлері оқитынын түсінемін.',
  'form.consent.statistics':
    'Менің хабарламам анонимді статистикада есепке алынуы мүмкін (тек сандар; мені танытатын ештеңе болмайды).',
  'form.consent.required': 'Қызметкерлердің хабарламаңызды оқуына келісетініңізді растаңыз.',
  'form.submit': 'Шифрлау және жіберу',
  'form.sending': 'Шифрланып, жіберілуде…',
  'form.failed':
    'Хабарламаңыз жіберілмеді: {reason}. Бұл құрылғыдан оқуға болатын ештеңе шыққан жоқ. Қайталап көріңіз.',
  'form.failed.network': 'байланыс үзілді',
  'form.failed.refused': 'сервер оны қабылдамады',
  'delivery.reason.offline': 'Серверге қосылу мүмкін болмады.',
  'delivery.reason.unavailable': 'Сервер қазір ештеңе қабылдай алмайды.',
  'delivery.reason.busy':
    'Сервер сіздің желіңізден тым көп сұраныс алды және күте тұруымызды сұрады.',
  'delivery.waiting.report': {
    other:
      'Хабарламаңыз шифрланды және тек осы бетте сақтаулы; # секундтан кейін қайта жіберіп көреміз. Бұл бетті жаппаңыз.',
  },
  'delivery.waiting.message': {
    other:
      'Мәліметіңіз шифрланды және тек осы бетте сақтаулы; # секундтан кейін қайта жіберіп көреміз. Бұл бетті жаппаңыз.',
  },
  'delivery.waiting.files': {
    other:
      'Әлі жіберілмеген файлдар тек осы бетте сақтаулы; # секундтан кейін қайта жіберіп көреміз. Бұл бетті жаппаңыз.',
  },
  'delivery.retrying': 'Қайта жіберілуде…',
  'delivery.tryNow': 'Қазір қайталау',

  'receipt.title': 'Хабарламаңыз жіберілді',
  'receipt.intro':
    'Бұл — сіздің құпия кодыңыз. Ол тек бір рет көрсетіледі. Онымен қайта кіріп, жауаптарды оқып, мәлімет қоса аласыз.',
  'receipt.keepSafe':
    'Оны басқалар таба алмайтын жерде сақтаңыз: қағазға жазып алыңыз немесе басып шығарып, жасырып қойыңыз. Бұл код кімде болса, сол адам хабарламаңызға келген жауаптарды оқи алады.',
  'receipt.print': 'Құпия кодты басып шығару',
  'receipt.lost':
    'Егер оны жоғалтсаңыз, біз оны қалпына келтіре алмаймыз. Сіз әрқашан жаңа хабарлама жібере аласыз.',

  'return.title': 'Құпия кодыңызбен қайта кіру',
  'return.label': 'Құпия код',
  'return.submit': 'Ашу',
  'return.notFound':
    'Бұл кодпен хабарламаны аша алмадық. Кодты тексеріп, кейінірек қайталап көріңіз.',
  'return.status.label': 'Күйі',
  'return.status.new': 'Қабылданды. Жақында қызметкер оны қарайды.',
  'return.status.acknowledged': 'Қызметкер хабарламаңызды көрді.',
  'return.status.in_progress': 'Қызметкер хабарламаңызбен жұмыс істеп жатыр.',
  'return.status.referred': 'Хабарламаңыз заңгерге немесе серіктес ұйымға берілді.',
  'return.status.waiting_for_reporter': 'Біз сіздің жауабыңызды күтіп отырмыз.',
  'return.status.closed': 'Бұл іс жабылды.',
  'return.replies.title': 'Жауаптар',
  'return.replies.none': 'Әзірге жауап жоқ.',
  'return.replies.unreadable': 'Бір жауаптың шифрын ашу мүмкін болмады.',
  'return.replies.former': 'Ұйымның бұрынғы қызметкерінен.',
  'return.replies.unverified':
    'Ұйымнан келгені расталмаған хабар келді, сондықтан ол көрсетілмейді. Оның басқа жерде сізден сұрауы мүмкін ешнәрсені орындамаңыз.',

  'return.followUp.label': 'Мәлімет қосу',
  'return.followUp.send': 'Жіберу',
  'return.followUp.sent': 'Жіберілді. Қызметкерлер оны хабарламаңызбен бірге көреді.',
  'noscript.explanation':
    'Бұл бет хабарламаңызды құрылғыңызда шифрлау үшін JavaScript қажет етеді. Онсыз жазғаныңызды қорғай алмаймыз.',
  'protection.title': 'Біз нені қорғай аламыз, нені қорғай алмаймыз',
  'protection.can':
    'Хабарламаңыз осы құрылғыда шифрланады. Біздің сервер тек шифрланған мәтінді сақтайды. Біз сіздің IP мекенжайыңызды, браузеріңіз туралы мәліметті және қай уақытта жазғаныңызды сақтамаймыз.',
  'protection.cannot':
    'Егер бұл құрылғы бақылауда болса, оған вирус жұқса немесе құлпы ашық күйінде сізден тартып алынса, не болмаса біреу құпия кодыңызды көріп қойса, біз сізді қорғай алмаймыз. Өзіңіз сенетін құрылғы мен желіні пайдаланыңыз және жұмысты бітірген соң бұл терезені жабыңыз.',
};
