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
  'directory.error.directory_malformed': 'Қызметкерлер кілттерінің тізімі бүлінген.',
  'directory.error.recipient_key_invalid': 'Қызметкерлер кілттерінің бірі жарамсыз.',
  'directory.error.network':
    'Серверге қосылу мүмкін болмады. Байланысты тексеріп, қайталап көріңіз.',
  'directory.error.advice': 'Ұйыммен өзіңіз сенетін басқа жолмен байланысыңыз.',
};
