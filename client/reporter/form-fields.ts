/** Small builders for labelled, accessible form controls. Text only; no HTML strings. */
import { element } from '../shared/dom';

/** The labelled field, shared by both front ends. */
export { field } from '../shared/field';

export function select(
  name: string,
  options: readonly (readonly [value: string, label: string])[],
): HTMLSelectElement {
  return element(
    'select',
    { name, id: name },
    options.map(([value, label]) => element('option', { value }, [label])),
  );
}

export function radioGroup(
  name: string,
  legend: string,
  options: readonly (readonly [value: string, label: string])[],
  checked?: string,
): HTMLFieldSetElement {
  return element('fieldset', { class: 'choices' }, [
    element('legend', {}, [legend]),
    ...options.map(([value, label]) => {
      const id = `${name}-${value}`;
      const input = element('input', { type: 'radio', name, value, id });
      if (value === checked) input.checked = true;
      return element('div', { class: 'choice' }, [input, element('label', { for: id }, [label])]);
    }),
  ]);
}

export function checkbox(
  name: string,
  label: string,
  options: { readonly required?: boolean } = {},
): HTMLElement {
  const id = `${name}-box`;
  return element('div', { class: 'choice' }, [
    element('input', { type: 'checkbox', name, id, ...(options.required ? { required: '' } : {}) }),
    element('label', { for: id }, [label]),
  ]);
}
