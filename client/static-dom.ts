/**
 * The few DOM calls the page's markup modules make (client/shared/dom.ts `element`, the labelled
 * fields), recorded at build time and written out as HTML: the reporter page is pre-rendered by
 * the very code that defines it, so there is one definition of each form, not a browser copy and
 * a build copy. Text and attribute values are escaped here; nothing is ever parsed as HTML.
 */

import { escapeHtml } from '../contract/html-text';

/** Elements HTML writes without an end tag. */
const VOID_ELEMENTS = new Set(['input', 'link', 'meta', 'br', 'hr', 'img']);

class StaticText {
  constructor(readonly text: string) {}
  toHtml(): string {
    return escapeHtml(this.text);
  }
}

/** HTML made and escaped by build-time code (trustedHtml), written out as it is. */
class StaticHtml {
  constructor(readonly html: string) {}
  toHtml(): string {
    return this.html;
  }
}

class StaticElement {
  readonly #attributes = new Map<string, string>();
  #children: (StaticElement | StaticText | StaticHtml)[] = [];

  constructor(readonly localName: string) {}

  setAttribute(name: string, value: string): void {
    this.#attributes.set(name.toLowerCase(), String(value));
  }

  getAttribute(name: string): string | null {
    return this.#attributes.get(name.toLowerCase()) ?? null;
  }

  append(...children: (StaticElement | StaticText | StaticHtml | string)[]): void {
    for (const child of children) {
      if (VOID_ELEMENTS.has(this.localName)) throw new Error(`<${this.localName}> has no content`);
      this.#children.push(typeof child === 'string' ? new StaticText(child) : child);
    }
  }

  set textContent(text: string) {
    this.#children = text === '' ? [] : [new StaticText(text)];
  }

  get id(): string {
    return this.getAttribute('id') ?? '';
  }

  set id(value: string) {
    this.setAttribute('id', value);
  }

  /**
   * Boolean properties the markup sets (a pre-checked radio button, a disabled or hidden button).
   */
  set checked(on: boolean) {
    this.#toggle('checked', on);
  }

  set disabled(on: boolean) {
    this.#toggle('disabled', on);
  }

  set hidden(on: boolean) {
    this.#toggle('hidden', on);
  }

  #toggle(name: string, on: boolean): void {
    if (on) this.#attributes.set(name, '');
    else this.#attributes.delete(name);
  }

  toHtml(): string {
    const attributes = [...this.#attributes]
      .map(([name, value]) => (value === '' ? ` ${name}` : ` ${name}="${escapeHtml(value)}"`))
      .join('');
    if (VOID_ELEMENTS.has(this.localName)) return `<${this.localName}${attributes}>`;
    const content = this.#children.map((child) => child.toHtml()).join('');
    return `<${this.localName}${attributes}>${content}</${this.localName}>`;
  }
}

const staticDocument = {
  createElement: (tag: string) => new StaticElement(tag.toLowerCase()),
  createTextNode: (text: string) => new StaticText(text),
};

/**
 * Runs `render` with `document` standing for the build-time DOM and returns the HTML of the
 * element it built. Markup modules only: code that reads the page (querySelector, events) has no
 * business running at build time and fails loudly here.
 */
export function renderToHtml(render: () => HTMLElement): string {
  const scope = globalThis as { document?: unknown };
  const previous = scope.document;
  scope.document = staticDocument;
  try {
    const built = render() as unknown;
    if (!(built instanceof StaticElement)) throw new Error('render did not build an element');
    return built.toHtml();
  } finally {
    scope.document = previous;
  }
}

/**
 * Build-time HTML that its maker already escaped, to place among rendered elements (the
 * no-JavaScript form's note). Only build code calls it; the page's script never parses HTML.
 */
export function trustedHtml(html: string): HTMLElement {
  return new StaticHtml(html) as unknown as HTMLElement;
}
