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

  'nav.label': 'Разделы',
  'nav.report': 'Сообщить о случившемся',
  'nav.return': 'У меня есть код доступа',
  'nav.protection': 'Что мы можем и чего не можем защитить',

  'form.title': 'Ваше сообщение',
  'form.intro':
    'Обязательно ответить только на вопрос о том, что произошло. Пропустите всё, чем вы не хотите делиться. Мы никогда не спрашиваем ваше имя.',
  'form.incidentType.label': 'Что это был за случай?',
  'form.incidentType.choose': 'Выберите вариант',
  'form.incidentType.threats_through_relatives': 'Угрозы или давление через родственников',
  'form.incidentType.coercion_to_inform':
    'Давление, чтобы вы доносили на других или шпионили за ними',
  'form.incidentType.online_harassment': 'Травля в интернете',
  'form.incidentType.surveillance': 'Слежка или преследование',
  'form.incidentType.pressure_to_return': 'Давление, чтобы вы вернулись на родину',
  'form.incidentType.document_problems': 'Проблемы с паспортом или документами',
  'form.incidentType.detention_or_deportation_risk': 'Угроза задержания или депортации',
  'form.incidentType.asylum_problems': 'Проблемы в процедуре получения убежища',
  'form.incidentType.physical_intimidation': 'Физическое запугивание',
  'form.incidentType.other': 'Другое',
  'form.when.label': 'Когда это произошло? (месяц, можно примерно)',
  'form.country.label': 'В какой стране это произошло?',
  'form.country.choose': 'Выберите страну',
  'form.country.other': 'Другая страна',
  'form.city.label': 'Город (необязательно)',
  'form.whatHappened.label': 'Что произошло?',
  'form.whatHappened.hint': 'Опишите своими словами, на любом языке.',
  'form.whatHappened.required': 'Пожалуйста, опишите, что произошло, прежде чем отправлять.',
  'form.involved.label': 'Кто в этом участвовал? (необязательно)',
  'form.involved.hint':
    'Например: полиция, посольство, человек, который с вами связался. Имена не нужны.',
  'form.relatives.label': 'Пострадали ли ваши родственники?',
  'form.relatives.yes': 'Да',
  'form.relatives.no': 'Нет',
  'form.relatives.unsaid': 'Предпочитаю не говорить',
  'form.urgency.label': 'Есть ли срок, например дата депортации или слушания? (необязательно)',
  'form.urgency.details': 'С чем связан этот срок? (необязательно)',
  'form.contact.label': 'Как нам с вами связаться?',
  'form.contact.site': 'Только через этот сайт, с моим кодом доступа (самый безопасный способ)',
  'form.contact.other': 'Другим способом, который я выберу',
  'form.contact.otherDetails': 'Каким способом и как именно? Подумайте, кто ещё может это увидеть.',
  'form.attachments.label': 'Файлы: фото, документы, аудио (необязательно)',
  'form.attachments.hint':
    'До {maxFileMb} МБ на файл и до {maxTotalMb} МБ всего. Файлы шифруются на этом устройстве до отправки.',
  'form.attachments.cleaned': 'Из этого фото удалены скрытые сведения: {removed}.',
  'form.attachments.nothingToClean': 'Это фото пересохранено без скрытых сведений.',
  'form.attachments.removed.location': 'местоположение (GPS)',
  'form.attachments.removed.camera': 'марка и модель камеры',
  'form.attachments.removed.date': 'дата съёмки',
  'form.attachments.removed.other': 'другие скрытые сведения',
  'form.attachments.notCleanable':
    'Этот файл нельзя очистить здесь. В нём могут быть скрытые сведения, например кто и где его создал.',
  'form.attachments.tooLarge': 'Этот файл больше {maxFileMb} МБ, его нельзя отправить.',
  'form.attachments.totalTooLarge':
    'Вместе файлы занимают больше {maxTotalMb} МБ. Пожалуйста, уберите часть из них перед отправкой.',
  'form.attachments.remove': 'Убрать',
  'form.progress.encrypting': 'Шифруем файлы… {percent}%',
  'form.progress.uploading': 'Отправляем файлы… {percent}%',
  'form.attachments.failed': 'Некоторые файлы не удалось отправить. Само сообщение мы получили.',
  'form.attachments.retry': 'Попробовать отправить файлы ещё раз',
  'form.consent.read': 'Я понимаю, что это сообщение прочитают проверенные сотрудники организации.',
  'form.consent.statistics':
    'Моё сообщение можно учитывать в анонимной статистике (только цифры, ничего, по чему меня можно узнать).',
  'form.consent.required':
    'Пожалуйста, подтвердите, что сотрудники могут прочитать ваше сообщение.',
  'form.submit': 'Зашифровать и отправить',
  'form.sending': 'Шифруем и отправляем…',
  'form.failed':
    'Не удалось отправить ваше сообщение: {reason}. С этого устройства не ушло ничего, что можно прочитать. Попробуйте ещё раз.',
  'form.failed.network': 'сбой соединения',
  'form.failed.refused': 'сервер его отклонил',

  'receipt.title': 'Ваше сообщение отправлено',
  'receipt.intro':
    'Это ваш код доступа. Он показывается только один раз. С ним вы сможете вернуться, прочитать ответы и добавить информацию.',
  'receipt.keepSafe':
    'Храните его там, где другие его не найдут: запишите или распечатайте и спрячьте. Любой, у кого есть этот код, может прочитать ответы на ваше сообщение.',
  'receipt.print': 'Распечатать код доступа',
  'receipt.lost':
    'Если вы его потеряете, мы не сможем его восстановить. Вы всегда можете отправить новое сообщение.',

  'return.title': 'Вернуться с кодом доступа',
  'return.label': 'Код доступа',
  'return.submit': 'Открыть',
  'return.notFound': 'Не удалось открыть сообщение с этим кодом. Проверьте код и попробуйте позже.',
  'return.status.label': 'Статус',
  'return.status.new': 'Получено. Сотрудник скоро его посмотрит.',
  'return.status.acknowledged': 'Сотрудник увидел ваше сообщение.',
  'return.status.in_progress': 'Сотрудник работает с вашим сообщением.',
  'return.status.referred': 'Ваше сообщение передано юристу или партнёрской организации.',
  'return.status.waiting_for_reporter': 'Мы ждём вашего ответа.',
  'return.status.closed': 'Работа по этому случаю завершена.',
  'return.replies.title': 'Ответы',
  'return.replies.none': 'Ответов пока нет.',
  'return.replies.unreadable': 'Не удалось расшифровать один из ответов.',

  'return.followUp.label': 'Добавить сведения',
  'return.followUp.send': 'Отправить',
  'return.followUp.sent': 'Отправлено. Сотрудники увидят это вместе с вашим сообщением.',
  'noscript.explanation':
    'Этой странице нужен JavaScript, чтобы зашифровать сообщение на вашем устройстве. Без него мы не можем защитить то, что вы пишете.',
  'protection.title': 'Что мы можем и чего не можем защитить',
  'protection.can':
    'Ваше сообщение шифруется на этом устройстве. Наш сервер хранит только зашифрованный текст. Мы не сохраняем ваш IP-адрес, данные вашего браузера и время, когда вы писали.',
  'protection.cannot':
    'Мы не сможем вас защитить, если за этим устройством следят, оно заражено вирусом или его отобрали у вас разблокированным, а также если кто-то увидит ваш код доступа. Пользуйтесь устройством и сетью, которым вы доверяете, и закройте это окно, когда закончите.',
};
