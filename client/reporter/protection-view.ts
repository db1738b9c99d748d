/** Plain words on what the service can and cannot protect. */
import { element } from '../shared/dom';
import type { Translate } from '../shared/i18n/i18n';

export function renderProtectionView(t: Translate): HTMLElement {
  return element('section', { id: 'protection' }, [
    element('h2', {}, [t('protection.title')]),
    element('p', {}, [t('protection.can')]),
    element('p', {}, [t('protection.cannot')]),
    element('p', {}, [t('safety.sharedDevice')]),
  ]);
}
