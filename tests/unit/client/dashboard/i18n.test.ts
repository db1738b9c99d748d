import {
  chooseDashboardLocale,
  createDashboardTranslator,
  dashboardDirectionOf,
  DASHBOARD_CATALOGUES,
  DASHBOARD_LOCALES,
} from '../../../../client/dashboard/i18n';

describe('the dashboard catalogues', () => {
  test('when catalogues are loaded then Uyghur has every English key, none empty, and is marked machine-made', () => {
    const keys = Object.keys(DASHBOARD_CATALOGUES.en.messages).sort();
    for (const { code } of DASHBOARD_LOCALES) {
      expect(Object.keys(DASHBOARD_CATALOGUES[code].messages).sort()).toEqual(keys);
      for (const value of Object.values(DASHBOARD_CATALOGUES[code].messages)) {
        const texts = typeof value === 'string' ? [value] : Object.values(value);
        for (const text of texts) expect(text.trim()).not.toBe('');
      }
    }
    expect(DASHBOARD_CATALOGUES.ug.meta.machineTranslated).toBe(true);
    expect(DASHBOARD_CATALOGUES.en.meta.machineTranslated).toBe(false);
  });

  test('when a placeholder appears in English then the Uyghur message has it too', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, value] of Object.entries(DASHBOARD_CATALOGUES.en.messages)) {
      const ugValue =
        DASHBOARD_CATALOGUES.ug.messages[key as keyof typeof DASHBOARD_CATALOGUES.en.messages];
      const enText = typeof value === 'string' ? value : value.other;
      const ugText = typeof ugValue === 'string' ? ugValue : ugValue.other;
      expect({ key, placeholders: placeholders(ugText) }).toEqual({
        key,
        placeholders: placeholders(enText),
      });
    }
  });

  test('when a language is chosen then the URL wins, then the browser, then English; Uyghur is right to left', () => {
    expect(chooseDashboardLocale('ug', ['en-GB'])).toBe('ug');
    expect(chooseDashboardLocale('de', ['ug-CN', 'en'])).toBe('ug');
    expect(chooseDashboardLocale(null, ['fr-FR'])).toBe('en');
    expect(dashboardDirectionOf('ug')).toBe('rtl');
    expect(dashboardDirectionOf('en')).toBe('ltr');
  });

  test('when a plural message is formatted then the count is inserted', () => {
    const en = createDashboardTranslator('en');
    expect(en('keys.minutes', { count: 1 })).toBe('1 minute');
    expect(en('keys.minutes', { count: 15 })).toBe('15 minutes');
    expect(createDashboardTranslator('ug')('keys.minutes', { count: 15 })).toBe('15 مىنۇت');
  });
});
