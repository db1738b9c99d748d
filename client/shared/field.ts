import { element } from './dom';

let nextId = 0;

/**
 * A labelled control, for both front ends: the <label> names it (a control without an id gets
 * a fresh one for the label to point at), and the hint, if any, is tied to it with
 * aria-describedby so screen readers read it with the control.
 */
export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  if (!control.id) control.id = `field-${++nextId}`;
  const children: (Node | string)[] = [element('label', { for: control.id }, [label])];
  if (hint) {
    const hintId = `${control.id}-hint`;
    control.setAttribute('aria-describedby', hintId);
    children.push(element('p', { id: hintId, class: 'hint' }, [hint]));
  }
  children.push(control);
  return element('div', { class: 'field' }, children);
}
