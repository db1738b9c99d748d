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

/**
 * Colours by their contrast on white: ink 16:1, muted 7.9:1, accent 7.6:1 (bars, line and
 * points), grid 3.2:1 (axis lines).
 */
const COLOUR = { ink: '#1b1f23', muted: '#4a5058', accent: '#0b5d4b', grid: '#8a9199' } as const;
const PAPER = '#ffffff';
/** Font sizes, and the height of one heading line. */
const FONT = { title: 16, label: 12, small: 11, headingLine: 20 } as const;
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
 * What every chart starts from: the ids of its title and description (from its id, else
 * `fallbackId`), and its data as drawn — labels cleaned, values checked (ChartError otherwise).
 */
function chartData(
  input: ChartInputBase,
  fallbackId: string,
  data: readonly ChartDatum[],
): { ids: { title: string; desc: string }; data: ChartDatum[] } {
  const base = chartId(input.id, fallbackId);
  return {
    ids: { title: `${base}-title`, desc: `${base}-desc` },
    data: data.map((datum) => ({ label: cleanText(datum.label), value: checkValue(datum.value) })),
  };
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

/** How a text is drawn: its size, what it is (data-kind), and whether muted or bold. */
interface TextStyle {
  readonly size: number;
  readonly kind: string;
  readonly muted?: boolean;
  readonly bold?: boolean;
}

function textNode(
  frame: Frame,
  content: string,
  at: { readonly x: number; readonly y: number; readonly placement: Placement },
  style: TextStyle,
): ChartNode {
  return {
    tag: 'text',
    attrs: {
      x: num(mirrorX(frame, at.x)),
      y: num(at.y),
      // With direction="rtl" the start of a text is its right edge, so the same anchor mirrors.
      'text-anchor': anchorFor(at.placement),
      direction: frame.direction,
      fill: style.muted ? COLOUR.muted : COLOUR.ink,
      'font-size': num(style.size),
      ...(style.bold ? { 'font-weight': 'bold' } : {}),
      'data-kind': style.kind,
    },
    text: content,
  };
}

/** The text drawn where a chart has nothing to show. */
function emptyNode(frame: Frame, input: ChartInputBase, x: number, y: number): ChartNode {
  return textNode(
    frame,
    cleanText(input.emptyLabel ?? '—'),
    { x, y, placement: 'after' },
    { size: FONT.label, kind: 'empty', muted: true },
  );
}

/**
 * One bar or point as a group: its <title> names it with its value (or the suppressed marker),
 * so a screen reader or a hover says what is drawn.
 */
function datumGroup(
  kind: 'bar' | 'point',
  index: number,
  datum: ChartDatum,
  suppressedLabel: string,
  parts: readonly ChartNode[],
): ChartNode {
  const value = datum.value === null ? cleanText(suppressedLabel) : String(datum.value);
  return {
    tag: 'g',
    attrs: {
      'data-kind': datum.value === null ? `suppressed-${kind}` : `${kind}-group`,
      'data-index': String(index),
    },
    children: [{ tag: 'title', attrs: {}, text: `${datum.label}: ${value}` }, ...parts],
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
      textNode(
        frame,
        line,
        { x: 16, y: 28 + index * FONT.headingLine, placement: 'after' },
        { size: FONT.title, kind: 'heading', bold: true },
      ),
    ),
  ];
}

/**
 * The visible heading in lines that fit the chart's width: words wrap onto a second line, and
 * only a title too long for two lines is cut (the <title> keeps it whole).
 */
function headingLines(title: string, width: number): string[] {
  const fits = Math.max(10, Math.floor((width - 32) / (FONT.title * CHAR_WIDTH)));
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
  return (lines.length - 1) * FONT.headingLine;
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

/** Across: the chart's least width, its least label space, the space for values after bars. */
const BAR_ACROSS = { minWidth: 720, minLabelSpace: 250, valueSpace: 80 } as const;
/** Down: where bars start, one bar's row and thickness, the space below the last. */
const BAR_DOWN = { top: 48, row: 32, thickness: 20, bottom: 16 } as const;
const BAR_PLOT_WIDTH = BAR_ACROSS.minWidth - BAR_ACROSS.minLabelSpace - BAR_ACROSS.valueSpace - 16;

/**
 * A horizontal bar chart, one bar per entry (e.g. column totals by category), labels beside
 * the bars and every value written after its bar. A null value draws no bar: the
 * suppressedLabel is written in its place. In rtl the bars grow from the right and the labels
 * sit on the right. The label space grows with the longest label, and the chart with it, so
 * every label is drawn whole. Throws ChartError for a value that is not a non-negative integer
 * or null.
 */
export function buildBarChart(input: BarChartInput): ChartNode {
  const { ids, data: bars } = chartData(input, 'bar-chart', input.bars);
  const origin = Math.max(
    BAR_ACROSS.minLabelSpace,
    16 + Math.max(0, ...bars.map((bar) => textRoom(shortLabel(bar.label), FONT.label))),
  );
  const width = origin + BAR_PLOT_WIDTH + BAR_ACROSS.valueSpace + 16;
  const frame: Frame = { width, direction: input.direction };
  const heading = headingLines(cleanText(input.title), width);
  const barTop = BAR_DOWN.top + headingDrop(heading);
  const rows = Math.max(1, bars.length);
  const height = barTop + rows * BAR_DOWN.row + BAR_DOWN.bottom;
  const plotWidth = BAR_PLOT_WIDTH;
  const max = Math.max(1, ...bars.map((bar) => bar.value ?? 0));

  const children = frameNodes(frame, height, ids, input, heading);
  children.push({
    tag: 'line',
    attrs: {
      x1: num(mirrorX(frame, origin)),
      y1: num(barTop - 4),
      x2: num(mirrorX(frame, origin)),
      y2: num(barTop + rows * BAR_DOWN.row),
      stroke: COLOUR.grid,
      'stroke-width': '1',
      'data-kind': 'axis',
    },
  });
  if (bars.length === 0) children.push(emptyNode(frame, input, origin + 8, barTop + 20));
  for (const [index, bar] of bars.entries()) {
    const top = barTop + index * BAR_DOWN.row + (BAR_DOWN.row - BAR_DOWN.thickness) / 2;
    const baseline = top + BAR_DOWN.thickness / 2 + FONT.label * 0.35;
    const parts: ChartNode[] = [
      textNode(
        frame,
        shortLabel(bar.label),
        { x: origin - 8, y: baseline, placement: 'before' },
        { size: FONT.label, kind: 'label' },
      ),
    ];
    if (bar.value === null) {
      parts.push(
        textNode(
          frame,
          cleanText(input.suppressedLabel),
          { x: origin + 8, y: baseline, placement: 'after' },
          { size: FONT.label, kind: 'suppressed', muted: true },
        ),
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
            height: num(BAR_DOWN.thickness),
            fill: COLOUR.accent,
            'data-kind': 'bar',
          },
        },
        textNode(
          frame,
          String(bar.value),
          { x: origin + length + 6, y: baseline, placement: 'after' },
          { size: FONT.label, kind: 'value', bold: true },
        ),
      );
    }
    children.push(datumGroup('bar', index, bar, input.suppressedLabel, parts));
  }
  return svgRoot(frame, height, ids, children);
}

// ---------------------------------------------------------------------------------------------
// Line chart
// ---------------------------------------------------------------------------------------------

/** Across: the least width and period spacing, the value axis's space, the space after. */
const LINE_ACROSS = { minWidth: 720, minSpacing: 56, axisSpace: 56, endSpace: 24 } as const;
/** Down: where the plot starts, its height, the space for period labels below; value ticks. */
const LINE_DOWN = { plotTop: 72, plotHeight: 200, bottomSpace: 56, ticks: 4 } as const;

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
  const { ids, data: points } = chartData(input, 'line-chart', input.points);
  const count = points.length;
  const widestLabel = Math.max(
    0,
    ...points.map((point) => textRoom(shortLabel(point.label), FONT.small)),
    textRoom(cleanText(input.suppressedLabel), FONT.small - 1),
  );
  const spacing = Math.max(
    LINE_ACROSS.minSpacing,
    widestLabel + 8,
    (LINE_ACROSS.minWidth - LINE_ACROSS.axisSpace - LINE_ACROSS.endSpace) / Math.max(1, count),
  );
  const width = Math.max(
    LINE_ACROSS.minWidth,
    Math.ceil(LINE_ACROSS.axisSpace + LINE_ACROSS.endSpace + count * spacing),
  );
  const frame: Frame = { width, direction: input.direction };
  const heading = headingLines(cleanText(input.title), width);
  const plotTop = LINE_DOWN.plotTop + headingDrop(heading);
  const bottom = plotTop + LINE_DOWN.plotHeight;
  const height = bottom + LINE_DOWN.bottomSpace;
  const step = niceStep(Math.max(1, ...points.map((point) => point.value ?? 0)) / LINE_DOWN.ticks);
  const top = step * LINE_DOWN.ticks;
  const xOf = (index: number): number => LINE_ACROSS.axisSpace + spacing * (index + 0.5);
  const yOf = (value: number): number => bottom - (value / top) * LINE_DOWN.plotHeight;

  const children = frameNodes(frame, height, ids, input, heading);
  const grid: ChartNode[] = [];
  for (let tick = 0; tick <= LINE_DOWN.ticks; tick++) {
    const y = yOf(tick * step);
    grid.push(
      {
        tag: 'line',
        attrs: {
          x1: num(mirrorX(frame, LINE_ACROSS.axisSpace)),
          y1: num(y),
          x2: num(mirrorX(frame, width - LINE_ACROSS.endSpace)),
          y2: num(y),
          stroke: tick === 0 ? COLOUR.muted : COLOUR.grid,
          'stroke-width': tick === 0 ? '1.5' : '0.5',
          'data-kind': tick === 0 ? 'axis' : 'grid',
        },
      },
      textNode(
        frame,
        String(tick * step),
        { x: LINE_ACROSS.axisSpace - 6, y: y + 4, placement: 'before' },
        { size: FONT.small, kind: 'tick', muted: true },
      ),
    );
  }
  children.push({ tag: 'g', attrs: { 'data-kind': 'grid' }, children: grid });
  if (count === 0) children.push(emptyNode(frame, input, LINE_ACROSS.axisSpace + 8, bottom - 12));

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
          stroke: COLOUR.accent,
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
      textNode(
        frame,
        shortLabel(point.label),
        { x, y: bottom + 18, placement: 'middle' },
        { size: FONT.small, kind: 'label' },
      ),
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
            stroke: COLOUR.muted,
            'stroke-width': '1',
            'stroke-dasharray': '4 4',
            'data-kind': 'gap',
          },
        },
        textNode(
          frame,
          cleanText(input.suppressedLabel),
          { x, y: bottom + 36, placement: 'middle' },
          { size: FONT.small - 1, kind: 'suppressed', muted: true },
        ),
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
            fill: COLOUR.accent,
            stroke: PAPER,
            'stroke-width': '1.5',
            'data-kind': 'point',
          },
        },
        textNode(
          frame,
          String(point.value),
          { x, y: y - 10, placement: 'middle' },
          { size: FONT.small, kind: 'value', bold: true },
        ),
      );
    }
    marks.push(datumGroup('point', index, point, input.suppressedLabel, parts));
  }
  endRun();
  children.push(...segments, ...marks);
  return svgRoot(frame, height, ids, children);
}
