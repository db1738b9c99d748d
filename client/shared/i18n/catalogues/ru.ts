import type { CatalogueMeta } from './types';
import type { Messages } from './index';

// Machine-made: awaiting review by a native Russian speaker.
export const meta: CatalogueMeta = { machineTranslated: true, reviewedBy: null };

export const messages: Messages = {
  'app.title': 'Аманат — безопасное сообщение',
  'app.tagline':
    'Расскажите, что случилось с вами или вашей семьёй. Сообщение шифруется на этом устройстве до отправки.',
  'language.label': 'Язык',
  'quickExit.button': 'Быстрый выход',
  'quickExit.hint': 'Дважды нажмите Esc, чтобы сразу покинуть эту страницу.',
  'safety.sharedDevice':
    'Если другие могут видеть это устройство или пользоваться им, откройте приватное окно и закройте его, когда закончите. Мы ничего не храним на этом устройстве.',
  'directory.checking': 'Проверяем ключи шифрования организации…',
  'directory.ready': 'Шифрование готово: прочитать отправленное сможет только {recipients}.',
  'directory.recipients': {
    one: '# проверенный сотрудник',
    few: '# проверенных сотрудника',
    many: '# проверенных сотрудников',
    other: '# проверенного сотрудника',
  },
  'directory.demo': 'Это демонстрация. Не отправляйте сюда настоящее сообщение.',
  'directory.error.title': 'Сейчас ничего сюда не отправляйте.',
  'directory.error.directory_signature_invalid':
    'Список ключей сотрудников не подписан организацией. Возможно, кто-то вмешивается.',
  'directory.error.directory_wrong_organisation':
    'Ключи получены не от той организации, которой принадлежит эта страница.',
  'directory.error.directory_expired': 'Срок действия списка ключей сотрудников истёк.',
  'directory.error.directory_malformed': 'Список ключей сотрудников повреждён.',
  'directory.error.recipient_key_invalid': 'Один из ключей сотрудников недействителен.',
  'directory.error.network':
    'Не удалось связаться с сервером. Проверьте соединение и попробуйте снова.',
  'directory.error.advice': 'Свяжитесь с организацией другим способом, которому вы доверяете.',
};
