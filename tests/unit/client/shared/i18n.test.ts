import { CATALOGUES } from '../../../../client/shared/i18n/catalogues';
import { createTranslator, isMachineTranslated } from '../../../../client/shared/i18n/i18n';
import { chooseLocale, directionOf, LOCALES } from '../../../../client/shared/i18n/locales';

describe('the i18n layer', () => {
  test('when the URL names a language then it wins; otherwise the browser languages, then English', () => {
    expect(chooseLocale('ug', ['de-DE'])).toBe('ug');
    expect(chooseLocale('xx', ['ru-RU', 'en'])).toBe('ru');
    expect(chooseLocale(null, ['zh-CN'])).toBe('zh-Hans');
    expect(chooseLocale(null, ['fr-FR'])).toBe('en');
    expect(directionOf('ug')).toBe('rtl');
    expect(directionOf('kk')).toBe('ltr');
  });

  test('when a plural message is formatted then each language uses its own plural rules', () => {
    const ru = createTranslator('ru');
    expect(ru('directory.recipients', { count: 1 })).toBe('1 проверенный сотрудник');
    expect(ru('directory.recipients', { count: 3 })).toBe('3 проверенных сотрудника');
    expect(ru('directory.recipients', { count: 5 })).toBe('5 проверенных сотрудников');
    expect(createTranslator('en')('directory.recipients', { count: 2 })).toBe(
      '2 vetted caseworkers',
    );
  });

  test('when placeholders are filled then values are inserted as plain text', () => {
    const en = createTranslator('en');
    expect(en('directory.ready', { recipients: '<b>x</b>' })).toBe(
      'Encryption is ready: what you send can be read only by <b>x</b>.',
    );
  });

  test('when catalogues are loaded then every language has every message, and machine-made ones are marked', () => {
    const keys = Object.keys(CATALOGUES.en.messages).sort();
    for (const { code } of LOCALES) {
      expect(Object.keys(CATALOGUES[code].messages).sort()).toEqual(keys);
      for (const value of Object.values(CATALOGUES[code].messages)) {
        const texts = typeof value === 'string' ? [value] : Object.values(value);
        for (const text of texts) expect(text.trim()).not.toBe('');
      }
    }
    expect(isMachineTranslated('en')).toBe(false);
    expect(
      LOCALES.filter(({ code }) => code !== 'en').every(({ code }) => isMachineTranslated(code)),
    ).toBe(true);
  });
});
