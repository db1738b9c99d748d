import { createTranslatorFor, type CatalogueOf } from '../../../../client/shared/i18n/i18n';

describe('a translator over another catalogue set', () => {
  type Key = 'greeting' | 'items' | 'onlyEnglish';
  const catalogues: Record<'en' | 'ru', CatalogueOf<Key>> = {
    en: {
      meta: { machineTranslated: false, reviewedBy: 'test' },
      messages: {
        greeting: 'Hello {name}',
        items: { one: '# item', other: '# items' },
        onlyEnglish: 'English only',
      },
    },
    ru: {
      meta: { machineTranslated: true, reviewedBy: null },
      // A set may be partial at runtime (typed callers cannot do this); the fallback fills in.
      messages: {
        greeting: 'Привет, {name}',
        items: { one: '# предмет', few: '# предмета', many: '# предметов', other: '# предмета' },
      } as unknown as Record<Key, string>,
    },
  };

  test('when a key exists then it is formatted with the language’s plural rules', () => {
    const ru = createTranslatorFor(catalogues, 'ru', 'en');
    expect(ru('greeting', { name: '<b>' })).toBe('Привет, <b>');
    expect(ru('items', { count: 3 })).toBe('3 предмета');
    expect(ru('items', { count: 5 })).toBe('5 предметов');
  });

  test('when a key is missing then the fallback language gives it', () => {
    expect(createTranslatorFor(catalogues, 'ru', 'en')('onlyEnglish')).toBe('English only');
  });
});
