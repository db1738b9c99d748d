/**
 * Statistics charts as data: pure functions that build a small SVG tree (ChartNode) —
 * a horizontal bar chart of column totals and a line chart of row totals over time — and a
 * serializer that writes the tree as a standalone .svg file. No DOM and no Node APIs: the server
 * writes a release's SVG file with this module, and the dashboard draws the same tree with
 * createElementNS (client/dashboard/stats/chart-dom.ts).
 *
 * Security: labels come from the server and the i18n catalogues and only ever become text,
 * escaped on output. Every tag, attribute name and attribute value is checked against fixed
 * allow-lists (validateChartNode), so no script, style, link, foreignObject, event handler or
 * url() reference can be produced, whatever a label holds.
 *
 * Accessibility: the root is `role="img"`, named by its <title> and described by its <desc>;
 * meaning is never in colour alone (every value, and every suppressed value, is written as text
 * next to its bar or point); text is dark on a white background (≥ 7:1), bars and lines ≥ 3:1.
 */

export type ChartTag =
  'svg' | 'g' | 'title' | 'desc' | 'rect' | 'line' | 'polyline' | 'circle' | 'text';

export type ChartNode = {
  tag: ChartTag;
  attrs: Record<string, string>;
  text?: string;
  children?: ChartNode[];
};

export type ChartDirection = 'ltr' | 'rtl';

/** One bar or one point: a non-negative integer, or null for a suppressed value. */
export interface ChartDatum {
  readonly label: string;
  readonly value: number | null;
}

interface ChartInputBase {
  readonly title: string;
  readonly description: string;
  /** Written where a suppressed (null) value would be, e.g. "suppressed". */
  readonly suppressedLabel: string;
  readonly direction: ChartDirection;
  /**
   * Prefix of the <title>/<desc> ids, so two charts can share one page (letters, digits, `-`,
   * `_`; default `bar-chart` / `line-chart`).
   */
  readonly id?: string;
  /** Written when there is nothing to draw (default: an em dash). */
  readonly emptyLabel?: string;
}

export interface BarChartInput extends ChartInputBase {
  readonly bars: readonly ChartDatum[];
}

export interface LineChartInput extends ChartInputBase {
  readonly points: readonly ChartDatum[];
}

export const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';

/** Thrown for a tree or a value this module refuses to draw or write. */
export class ChartError extends Error {
  readonly code = 'chart_invalid';
  override readonly name = 'ChartError';
}

// ---------------------------------------------------------------------------------------------
// Allow-lists
// ---------------------------------------------------------------------------------------------

const NUMBER = /^-?\d{1,7}(\.\d{1,3})?$/;
const ID = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const POINT = '-?\\d{1,7}(\\.\\d{1,3})?,-?\\d{1,7}(\\.\\d{1,3})?';
const POINTS = new RegExp(`^${POINT}( ${POINT}){0,999}$`);
const FONT_FAMILY = 'system-ui, Noto Sans, Noto Naskh Arabic, UKIJ Tuz Tom, sans-serif';

type ValueCheck = (value: string) => boolean;

const isNumber: ValueCheck = (value) => NUMBER.test(value);
const isId: ValueCheck = (value) => ID.test(value);
// Security: colours are hex only, so a paint can never be url(#…) or url(https://…).
const isPaint: ValueCheck = (value) => value === 'none' || /^#[0-9a-fA-F]{6}$/.test(value);
const oneOf =
  (...allowed: string[]): ValueCheck =>
  (value) =>
    allowed.includes(value);

const PRESENTATION: Readonly<Record<string, ValueCheck>> = {
  fill: isPaint,
  stroke: isPaint,
  'stroke-width': isNumber,
  'data-kind': (value) => /^[a-z][a-z-]{0,31}$/.test(value),
  'data-index': (value) => /^\d{1,4}$/.test(value),
};

const TEXT_ATTRIBUTES: Readonly<Record<string, ValueCheck>> = {
  'font-size': isNumber,
  'font-weight': oneOf('normal', 'bold'),
  'text-anchor': oneOf('start', 'middle', 'end'),
  direction: oneOf('ltr', 'rtl'),
};

/** Per tag: the attributes it may carry and what their values may look like. */
const ALLOWED: Readonly<Record<ChartTag, Readonly<Record<string, ValueCheck>>>> = {
  svg: {
    viewBox: (value) => /^0 0 \d{1,7} \d{1,7}$/.test(value),
    width: isNumber,
    height: isNumber,
    role: oneOf('img'),
    'aria-labelledby': (value) => value.split(' ').every(isId),
    'font-family': oneOf(FONT_FAMILY),
    ...PRESENTATION,
  },
  g: { ...PRESENTATION, ...TEXT_ATTRIBUTES },
  title: { id: isId },
  desc: { id: isId },
  rect: { x: isNumber, y: isNumber, width: isNumber, height: isNumber, ...PRESENTATION },
  line: {
    x1: isNumber,
    y1: isNumber,
    x2: isNumber,
    y2: isNumber,
    'stroke-dasharray': (value) => /^\d{1,3}( \d{1,3}){0,3}$/.test(value),
    ...PRESENTATION,
  },
  polyline: {
    points: (value) => POINTS.test(value),
    'stroke-linejoin': oneOf('round', 'miter', 'bevel'),
    'stroke-linecap': oneOf('round', 'butt', 'square'),
    ...PRESENTATION,
  },
  circle: { cx: isNumber, cy: isNumber, r: isNumber, ...PRESENTATION },
  text: { x: isNumber, y: isNumber, ...PRESENTATION, ...TEXT_ATTRIBUTES },
};

/** Tags that hold text and nothing else. */
const TEXT_TAGS: ReadonlySet<ChartTag> = new Set(['title', 'desc', 'text']);
/** Tags that may hold other elements. */
const CONTAINER_TAGS: ReadonlySet<ChartTag> = new Set(['svg', 'g']);
const MAX_DEPTH = 8;
const MAX_NODES = 20_000;

function isChartTag(tag: unknown): tag is ChartTag {
  return typeof tag === 'string' && Object.prototype.hasOwnProperty.call(ALLOWED, tag);
}

/**
 * Checks a chart tree against the allow-lists: the root is the only `svg`; every tag, attribute
 * name and attribute value is one we write; only title/desc/text hold text, only svg/g hold
 * elements. Throws ChartError on anything else. Both the serializer and the DOM renderer call it.
 */
export function validateChartNode(root: ChartNode): void {
  let count = 0;
  const visit = (node: ChartNode, depth: number): void => {
    count += 1;
    if (count > MAX_NODES || depth > MAX_DEPTH) throw new ChartError('chart: tree too large');
    const tag: unknown = node.tag;
    if (!isChartTag(tag)) throw new ChartError('chart: tag not allowed');
    if ((tag === 'svg') !== (depth === 0)) throw new ChartError('chart: svg must be the root');
    const allowed = ALLOWED[tag];
    for (const [name, value] of Object.entries(node.attrs)) {
      const check = Object.prototype.hasOwnProperty.call(allowed, name) ? allowed[name] : undefined;
      if (!check) throw new ChartError(`chart: attribute not allowed on ${tag}`);
      if (typeof value !== 'string' || !check(value)) {
        throw new ChartError(`chart: bad value for ${tag} ${name}`);
      }
    }
    if (node.text !== undefined && (!TEXT_TAGS.has(tag) || typeof node.text !== 'string')) {
      throw new ChartError(`chart: ${tag} holds no text`);
    }
    const children = node.children ?? [];
    if (children.length > 0 && !CONTAINER_TAGS.has(tag)) {
      throw new ChartError(`chart: ${tag} holds no elements`);
    }
    for (const child of children) visit(child, depth + 1);
  };
  visit(root, 0);
}

// ---------------------------------------------------------------------------------------------
// Serializer
// ---------------------------------------------------------------------------------------------

/** Characters XML 1.0 cannot hold at all (controls other than tab/LF/CR, lone surrogates, …). */
const XML_INVALID =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const XML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Text or an attribute value for XML: the five special characters escaped, invalid ones replaced. */
export function escapeXml(text: string): string {
  return text.replace(XML_INVALID, '\uFFFD').replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? '');
}

/**
 * The chart as a standalone SVG file (UTF-8 text): an XML declaration, then the tree with
 * `xmlns` on the root. Validates the tree first (throws ChartError); every attribute value and
 * text is escaped.
 */
export function serializeSvg(node: ChartNode): string {
  validateChartNode(node);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${writeNode(node, true)}\n`;
}

function writeNode(node: ChartNode, isRoot: boolean): string {
  const attributes = Object.entries(node.attrs).map(
    ([name, value]) => ` ${name}="${escapeXml(value)}"`,
  );
  if (isRoot) attributes.unshift(` xmlns="${SVG_NAMESPACE}"`);
  const open = `<${node.tag}${attributes.join('')}`;
  const children = node.children ?? [];
  if (node.text === undefined && children.length === 0) return `${open}/>`;
  const inner =
    node.text !== undefined
      ? escapeXml(node.text)
      : `\n${children.map((child) => writeNode(child, false)).join('\n')}\n`;
  return `${open}>${inner}</${node.tag}>`;
}

// ---------------------------------------------------------------------------------------------
// Shared drawing helpers
// ---------------------------------------------------------------------------------------------

const INK = '#1b1f23'; // 16:1 on white
const MUTED = '#4a5058'; // 7.9:1 on white
const ACCENT = '#0b5d4b'; // 7.6:1 on white: bars, line and points
const GRID = '#8a9199'; // 3.2:1 on white: axis lines
const PAPER = '#ffffff';
const TITLE_SIZE = 16;
const LABEL_SIZE = 12;
const HEADING_LINE = 20;
const SMALL_SIZE = 11;
/** Labels come from fixed tables or ISO codes; a longer one (a bug, or hostile) is cut here. */
const MAX_LABEL_POINTS = 80;
/**
 * An upper estimate of one character's width, in font sizes: wide enough for Latin capitals and
 * for Arabic-script Uyghur in the fonts of FONT_FAMILY, so a label given this much room is
 * never clipped by the chart's edge.
 */
const CHAR_WIDTH = 0.68;

/** Bidi embeddings, overrides and isolates: made visible, so a label cannot reorder others. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/** A label as drawn: one line, bidi controls made visible, XML-invalid characters replaced. */
function cleanText(text: string): string {
  return text
    .replace(XML_INVALID, '\uFFFD')
    .replace(BIDI_CONTROLS, (c) => `⟨U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase()}⟩`)
    .replace(/\s+/g, ' ')
    .trim();
}

/** The room a text needs at a font size, by the upper estimate CHAR_WIDTH. */
function textRoom(text: string, size: number): number {
  return Math.ceil([...text].length * size * CHAR_WIDTH);
}

/**
 * A label as drawn: whole, unless it is longer than any published name can be (the full text
 * is in the group's <title>). Charts make room for the labels they draw, so none is clipped.
 */
function shortLabel(text: string): string {
  const points = [...text];
  return points.length > MAX_LABEL_POINTS
    ? `${points.slice(0, MAX_LABEL_POINTS - 1).join('')}…`
    : text;
}

/** A coordinate as an attribute value: at most two decimals, never `-0` or an exponent. */
function num(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

function checkValue(value: number | null): number | null {
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new ChartError('chart: values must be non-negative integers or null');
  }
  return value;
}

function chartId(id: string | undefined, fallback: string): string {
  const chosen = id ?? fallback;
  if (!ID.test(chosen) || chosen.length > 48) throw new ChartError('chart: bad id');
  return chosen;
}

/**
 * Where a text sits relative to its x: `before` (its far edge at x, reaching toward the start
 * of the line: left in ltr), `after` (reaching away: right in ltr) or `middle`. The same call
 * gives the mirrored placement in rtl, where a text's start is its right edge.
 */
type Placement = 'before' | 'after' | 'middle';

function anchorFor(placement: Placement): string {
  return placement === 'middle' ? 'middle' : placement === 'after' ? 'start' : 'end';
}

interface Frame {
  readonly width: number;
  readonly direction: ChartDirection;
}

/** Mirrors an x coordinate in rtl (time runs right to left, bars grow from the right). */
function mirrorX(frame: Frame, x: number): number {
  return frame.direction === 'rtl' ? frame.width - x : x;
}

function textNode(
  frame: Frame,
  content: string,
  x: number,
  y: number,
  placement: Placement,
  extra: Record<string, string> = {},
): ChartNode {
  return {
    tag: 'text',
    attrs: {
      x: num(mirrorX(frame, x)),
      y: num(y),
      // With direction="rtl" the start of a text is its right edge, so the same anchor mirrors.
      'text-anchor': anchorFor(placement),
      direction: frame.direction,
      fill: INK,
      ...extra,
    },
    text: content,
  };
}

function frameNodes(
  frame: Frame,
  height: number,
  ids: { title: string; desc: string },
  input: ChartInputBase,
  heading: readonly string[],
): ChartNode[] {
  return [
    { tag: 'title', attrs: { id: ids.title }, text: cleanText(input.title) },
    { tag: 'desc', attrs: { id: ids.desc }, text: cleanText(input.description) },
    {
      tag: 'rect',
      attrs: {
        x: '0',
        y: '0',
        width: num(frame.width),
        height: num(height),
        fill: PAPER,
        'data-kind': 'background',
      },
    },
    ...heading.map((line, index) =>
      textNode(frame, line, 16, 28 + index * HEADING_LINE, 'after', {
        'font-size': num(TITLE_SIZE),
        'font-weight': 'bold',
        'data-kind': 'heading',
      }),
    ),
  ];
}

/**
 * The visible heading in lines that fit the chart's width: words wrap onto a second line, and
 * only a title too long for two lines is cut (the <title> keeps it whole).
 */
function headingLines(title: string, width: number): string[] {
  const fits = Math.max(10, Math.floor((width - 32) / (TITLE_SIZE * CHAR_WIDTH)));
  const cut = (text: string): string => {
    const points = [...text];
    return points.length > fits ? `${points.slice(0, fits - 1).join('')}…` : text;
  };
  const lines: string[] = [];
  let line = '';
  for (const word of title.split(' ')) {
    const joined = line === '' ? word : `${line} ${word}`;
    if ([...joined].length <= fits || line === '') {
      line = joined;
    } else {
      lines.push(line);
      line = word;
    }
  }
  lines.push(line);
  return [cut(lines[0] ?? ''), ...(lines.length > 1 ? [cut(lines.slice(1).join(' '))] : [])];
}

/** How much lower the plot starts for a heading of `lines` lines. */
function headingDrop(lines: readonly string[]): number {
  return (lines.length - 1) * HEADING_LINE;
}

function svgRoot(
  frame: Frame,
  height: number,
  ids: { title: string; desc: string },
  children: ChartNode[],
): ChartNode {
  return {
    tag: 'svg',
    attrs: {
      viewBox: `0 0 ${num(frame.width)} ${num(height)}`,
      width: num(frame.width),
      height: num(height),
      role: 'img',
      'aria-labelledby': `${ids.title} ${ids.desc}`,
      'font-family': FONT_FAMILY,
    },
    children,
  };
}

// ---------------------------------------------------------------------------------------------
// Bar chart
// ---------------------------------------------------------------------------------------------

const BAR_MIN_WIDTH = 720;
const BAR_TOP = 48;
const BAR_ROW = 32;
const BAR_THICKNESS = 20;
const BAR_MIN_LABEL_SPACE = 250;
const BAR_VALUE_SPACE = 80;
const BAR_PLOT_WIDTH = BAR_MIN_WIDTH - BAR_MIN_LABEL_SPACE - BAR_VALUE_SPACE - 16;
const BAR_BOTTOM = 16;

/**
 * A horizontal bar chart, one bar per entry (e.g. column totals by category), labels beside
 * the bars and every value written after its bar. A null value draws no bar: the
 * suppressedLabel is written in its place. In rtl the bars grow from the right and the labels
 * sit on the right. The label space grows with the longest label, and the chart with it, so
 * every label is drawn whole. Throws ChartError for a value that is not a non-negative integer
 * or null.
 */
export function buildBarChart(input: BarChartInput): ChartNode {
  const base = chartId(input.id, 'bar-chart');
  const ids = { title: `${base}-title`, desc: `${base}-desc` };
  const bars = input.bars.map((bar) => ({
    label: cleanText(bar.label),
    value: checkValue(bar.value),
  }));
  const origin = Math.max(
    BAR_MIN_LABEL_SPACE,
    16 + Math.max(0, ...bars.map((bar) => textRoom(shortLabel(bar.label), LABEL_SIZE))),
  );
  const width = origin + BAR_PLOT_WIDTH + BAR_VALUE_SPACE + 16;
  const frame: Frame = { width, direction: input.direction };
  const heading = headingLines(cleanText(input.title), width);
  const barTop = BAR_TOP + headingDrop(heading);
  const rows = Math.max(1, bars.length);
  const height = barTop + rows * BAR_ROW + BAR_BOTTOM;
  const plotWidth = BAR_PLOT_WIDTH;
  const max = Math.max(1, ...bars.map((bar) => bar.value ?? 0));

  const children = frameNodes(frame, height, ids, input, heading);
  children.push({
    tag: 'line',
    attrs: {
      x1: num(mirrorX(frame, origin)),
      y1: num(barTop - 4),
      x2: num(mirrorX(frame, origin)),
      y2: num(barTop + rows * BAR_ROW),
      stroke: GRID,
      'stroke-width': '1',
      'data-kind': 'axis',
    },
  });
  if (bars.length === 0) {
    children.push(
      textNode(frame, cleanText(input.emptyLabel ?? '—'), origin + 8, barTop + 20, 'after', {
        fill: MUTED,
        'font-size': num(LABEL_SIZE),
        'data-kind': 'empty',
      }),
    );
  }
  for (const [index, bar] of bars.entries()) {
    const top = barTop + index * BAR_ROW + (BAR_ROW - BAR_THICKNESS) / 2;
    const baseline = top + BAR_THICKNESS / 2 + LABEL_SIZE * 0.35;
    const parts: ChartNode[] = [
      {
        tag: 'title',
        attrs: {},
        text: `${bar.label}: ${bar.value === null ? cleanText(input.suppressedLabel) : String(bar.value)}`,
      },
      textNode(frame, shortLabel(bar.label), origin - 8, baseline, 'before', {
        'font-size': num(LABEL_SIZE),
        'data-kind': 'label',
      }),
    ];
    if (bar.value === null) {
      parts.push(
        textNode(frame, cleanText(input.suppressedLabel), origin + 8, baseline, 'after', {
          fill: MUTED,
          'font-size': num(LABEL_SIZE),
          'data-kind': 'suppressed',
        }),
      );
    } else {
      const length = (bar.value / max) * plotWidth;
      const left = frame.direction === 'rtl' ? width - origin - length : origin;
      parts.push(
        {
          tag: 'rect',
          attrs: {
            x: num(left),
            y: num(top),
            width: num(length),
            height: num(BAR_THICKNESS),
            fill: ACCENT,
            'data-kind': 'bar',
          },
        },
        textNode(frame, String(bar.value), origin + length + 6, baseline, 'after', {
          'font-size': num(LABEL_SIZE),
          'font-weight': 'bold',
          'data-kind': 'value',
        }),
      );
    }
    children.push({
      tag: 'g',
      attrs: {
        'data-kind': bar.value === null ? 'suppressed-bar' : 'bar-group',
        'data-index': String(index),
      },
      children: parts,
    });
  }
  return svgRoot(frame, height, ids, children);
}

// ---------------------------------------------------------------------------------------------
// Line chart
// ---------------------------------------------------------------------------------------------

const LINE_MIN_WIDTH = 720;
const LINE_MIN_SPACING = 56;
const LINE_AXIS_SPACE = 56;
const LINE_END_SPACE = 24;
const LINE_PLOT_TOP = 72;
const LINE_PLOT_HEIGHT = 200;
const LINE_BOTTOM_SPACE = 56;
const LINE_TICKS = 4;

/** The smallest "nice" step (1, 2 or 5 times a power of ten) at least `raw`. */
function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
  for (const factor of [1, 2, 5, 10]) {
    if (factor * power >= raw) return factor * power;
  }
  return 10 * power;
}

/**
 * A line over time (e.g. row totals per period): a point and its value per period, joined by a
 * line. A null value breaks the line into separate segments and is marked with a dashed rule
 * and the suppressedLabel. In rtl time runs right to left and the value axis is on the right.
 * The chart grows wider with many periods (at least 56 units each, more for long period labels)
 * so labels never overlap nor leave the chart.
 * Throws ChartError for a value that is not a non-negative integer or null.
 */
export function buildLineChart(input: LineChartInput): ChartNode {
  const base = chartId(input.id, 'line-chart');
  const ids = { title: `${base}-title`, desc: `${base}-desc` };
  const points = input.points.map((point) => ({
    label: cleanText(point.label),
    value: checkValue(point.value),
  }));
  const count = points.length;
  const widestLabel = Math.max(
    0,
    ...points.map((point) => textRoom(shortLabel(point.label), SMALL_SIZE)),
    textRoom(cleanText(input.suppressedLabel), SMALL_SIZE - 1),
  );
  const spacing = Math.max(
    LINE_MIN_SPACING,
    widestLabel + 8,
    (LINE_MIN_WIDTH - LINE_AXIS_SPACE - LINE_END_SPACE) / Math.max(1, count),
  );
  const width = Math.max(
    LINE_MIN_WIDTH,
    Math.ceil(LINE_AXIS_SPACE + LINE_END_SPACE + count * spacing),
  );
  const frame: Frame = { width, direction: input.direction };
  const heading = headingLines(cleanText(input.title), width);
  const plotTop = LINE_PLOT_TOP + headingDrop(heading);
  const bottom = plotTop + LINE_PLOT_HEIGHT;
  const height = bottom + LINE_BOTTOM_SPACE;
  const step = niceStep(Math.max(1, ...points.map((point) => point.value ?? 0)) / LINE_TICKS);
  const top = step * LINE_TICKS;
  const xOf = (index: number): number => LINE_AXIS_SPACE + spacing * (index + 0.5);
  const yOf = (value: number): number => bottom - (value / top) * LINE_PLOT_HEIGHT;

  const children = frameNodes(frame, height, ids, input, heading);
  const grid: ChartNode[] = [];
  for (let tick = 0; tick <= LINE_TICKS; tick++) {
    const y = yOf(tick * step);
    grid.push(
      {
        tag: 'line',
        attrs: {
          x1: num(mirrorX(frame, LINE_AXIS_SPACE)),
          y1: num(y),
          x2: num(mirrorX(frame, width - LINE_END_SPACE)),
          y2: num(y),
          stroke: tick === 0 ? MUTED : GRID,
          'stroke-width': tick === 0 ? '1.5' : '0.5',
          'data-kind': tick === 0 ? 'axis' : 'grid',
        },
      },
      textNode(frame, String(tick * step), LINE_AXIS_SPACE - 6, y + 4, 'before', {
        fill: MUTED,
        'font-size': num(SMALL_SIZE),
        'data-kind': 'tick',
      }),
    );
  }
  children.push({ tag: 'g', attrs: { 'data-kind': 'grid' }, children: grid });
  if (count === 0) {
    children.push(
      textNode(
        frame,
        cleanText(input.emptyLabel ?? '—'),
        LINE_AXIS_SPACE + 8,
        bottom - 12,
        'after',
        {
          fill: MUTED,
          'font-size': num(LABEL_SIZE),
          'data-kind': 'empty',
        },
      ),
    );
  }

  // Runs of published values become separate polylines: a suppressed value breaks the line.
  const segments: ChartNode[] = [];
  let run: string[] = [];
  const endRun = (): void => {
    if (run.length >= 2) {
      segments.push({
        tag: 'polyline',
        attrs: {
          points: run.join(' '),
          fill: 'none',
          stroke: ACCENT,
          'stroke-width': '2.5',
          'stroke-linejoin': 'round',
          'stroke-linecap': 'round',
          'data-kind': 'line',
        },
      });
    }
    run = [];
  };
  const marks: ChartNode[] = [];
  for (const [index, point] of points.entries()) {
    const x = xOf(index);
    const parts: ChartNode[] = [
      {
        tag: 'title',
        attrs: {},
        text: `${point.label}: ${point.value === null ? cleanText(input.suppressedLabel) : String(point.value)}`,
      },
      textNode(frame, shortLabel(point.label), x, bottom + 18, 'middle', {
        'font-size': num(SMALL_SIZE),
        'data-kind': 'label',
      }),
    ];
    if (point.value === null) {
      endRun();
      parts.push(
        {
          tag: 'line',
          attrs: {
            x1: num(mirrorX(frame, x)),
            y1: num(plotTop),
            x2: num(mirrorX(frame, x)),
            y2: num(bottom),
            stroke: MUTED,
            'stroke-width': '1',
            'stroke-dasharray': '4 4',
            'data-kind': 'gap',
          },
        },
        textNode(frame, cleanText(input.suppressedLabel), x, bottom + 36, 'middle', {
          fill: MUTED,
          'font-size': num(SMALL_SIZE - 1),
          'data-kind': 'suppressed',
        }),
      );
    } else {
      const y = yOf(point.value);
      run.push(`${num(mirrorX(frame, x))},${num(y)}`);
      parts.push(
        {
          tag: 'circle',
          attrs: {
            cx: num(mirrorX(frame, x)),
            cy: num(y),
            r: '4',
            fill: ACCENT,
            stroke: PAPER,
            'stroke-width': '1.5',
            'data-kind': 'point',
          },
        },
        textNode(frame, String(point.value), x, y - 10, 'middle', {
          'font-size': num(SMALL_SIZE),
          'font-weight': 'bold',
          'data-kind': 'value',
        }),
      );
    }
    marks.push({
      tag: 'g',
      attrs: {
        'data-kind': point.value === null ? 'suppressed-point' : 'point-group',
        'data-index': String(index),
      },
      children: parts,
    });
  }
  endRun();
  children.push(...segments, ...marks);
  return svgRoot(frame, height, ids, children);
}
