import {
  buildBarChart,
  buildLineChart,
  ChartError,
  escapeXml,
  serializeSvg,
  validateChartNode,
  type ChartNode,
} from '../../../contract/stats-chart';
import {
  OTHER_COUNTRIES,
  PUBLISHED_CATEGORY_NAMES,
  publishedColumnName,
} from '../../../contract/stats-labels';

const HOSTILE = `<script>alert("x")</script> & 'quoted' "double" ]]> <!-- --> <foreignObject/>`;

type Data = { label: string; value: number | null }[];
type Direction = 'ltr' | 'rtl';
/** The words every test chart carries; each test varies only its data and direction. */
const words = (title: string, description: string) => ({
  title,
  description,
  suppressedLabel: 'suppressed',
});
const BAR_WORDS = words('Documented reports by category', 'One bar per category.');
const LINE_WORDS = words('Documented reports per month', 'One point per month.');

const bar = (bars: Data, direction: Direction = 'ltr'): ChartNode =>
  buildBarChart({ ...BAR_WORDS, bars, direction });
const line = (points: Data, direction: Direction = 'ltr'): ChartNode =>
  buildLineChart({ ...LINE_WORDS, points, direction });

function walk(node: ChartNode): ChartNode[] {
  return [node, ...(node.children ?? []).flatMap(walk)];
}

function byKind(node: ChartNode, kind: string): ChartNode[] {
  return walk(node).filter((child) => child.attrs['data-kind'] === kind);
}

function groupsOf(node: ChartNode, ...kinds: string[]): ChartNode[] {
  return (node.children ?? []).filter((child) => kinds.includes(child.attrs['data-kind'] ?? ''));
}

function x(node: ChartNode, name = 'x'): number {
  return Number(node.attrs[name]);
}

/**
 * A small XML well-formedness check: tags balance, attribute values are quoted and hold no raw
 * `<`, `&` only starts one of the five entities, and text holds no raw `<`. Returns the tags seen.
 */
function checkWellFormed(xml: string): string[] {
  const body = xml.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n/, '');
  const tokens = body.match(/<[^>]*>|[^<]+/g) ?? [];
  expect(tokens.join('')).toBe(body);
  const stack: string[] = [];
  const tags: string[] = [];
  const entity = /&(?!(amp|lt|gt|quot|apos);)/;
  for (const token of tokens) {
    if (!token.startsWith('<')) {
      expect(token).not.toMatch(entity);
      expect(token).not.toContain('>');
      continue;
    }
    const close = /^<\/([a-z]+)>$/.exec(token);
    if (close) {
      expect(stack.pop()).toBe(close[1]);
      continue;
    }
    const open = /^<([a-z]+)((?: [a-z][a-zA-Z0-9-]*="[^"<]*")*)(\/?)>$/.exec(token);
    expect({ token, ok: open !== null }).toEqual({ token, ok: true });
    const [, tag = '', attributes = '', selfClosing] = open!;
    expect(attributes).not.toMatch(entity);
    tags.push(tag);
    if (selfClosing !== '/') stack.push(tag);
  }
  expect(stack).toEqual([]);
  return tags;
}

describe('the SVG serializer', () => {
  test('when labels are hostile then every one is escaped and no markup reaches the file', () => {
    const chart = bar([
      { label: HOSTILE, value: 12 },
      { label: 'A & B', value: null },
    ]);
    const svg = serializeSvg(chart);
    expect(svg).not.toMatch(/<script/i);
    expect(svg).not.toMatch(/<foreignObject/i);
    expect(svg).not.toContain('<!--');
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(svg).toContain('&amp; &apos;quoted&apos; &quot;double&quot; ]]&gt;');
    expect(svg).toContain('A &amp; B: suppressed');
    const tags = checkWellFormed(svg);
    expect(new Set(tags)).toEqual(new Set(['svg', 'title', 'desc', 'rect', 'line', 'text', 'g']));
  });

  test('when a title or description is hostile then it is escaped too, and the file stays well formed', () => {
    const svg = serializeSvg(
      buildLineChart({
        title: HOSTILE,
        description: `${HOSTILE}\u0000\u0007`,
        points: [{ label: HOSTILE, value: 3 }],
        suppressedLabel: '<b>x</b>',
        direction: 'ltr',
      }),
    );
    checkWellFormed(svg);
    expect(svg.includes('\u0000') || svg.includes('\u0007')).toBe(false);
    expect(svg).toContain('\uFFFD');
  });

  test('when escapeXml is given the five special characters then each becomes its entity', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;',
    );
    expect(escapeXml('\uD800 lone')).toBe('\uFFFD lone');
    expect(escapeXml('😀 pair')).toBe('😀 pair');
  });

  test('when the file is written then it is a standalone SVG: declaration, namespace on the root only, no script, style, link or url()', () => {
    const svg = serializeSvg(line([{ label: '2025-01', value: 10 }]));
    expect(
      svg.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" ',
      ),
    ).toBe(true);
    expect(svg.match(/xmlns=/g)).toHaveLength(1);
    expect(svg).toMatch(/viewBox="0 0 \d+ \d+"/);
    for (const banned of [
      '<script',
      '<style',
      'style=',
      'href',
      'url(',
      '<foreignObject',
      '<image',
      ' on',
    ]) {
      expect({ banned, found: svg.includes(banned) }).toEqual({ banned, found: false });
    }
  });

  test.each<[string, ChartNode]>([
    ['a script element', { tag: 'script' as never, attrs: {}, text: 'alert(1)' }],
    ['a foreignObject', { tag: 'foreignObject' as never, attrs: {} }],
    ['a style element', { tag: 'style' as never, attrs: {}, text: '* { fill: url(#x) }' }],
    ['an image', { tag: 'image' as never, attrs: { href: 'https://tracker.example/x.png' } }],
    ['an event handler', { tag: 'rect', attrs: { onclick: 'alert(1)' } }],
    ['a link', { tag: 'text', attrs: { 'xlink:href': '#x' }, text: 'x' }],
    ['a style attribute', { tag: 'text', attrs: { style: 'fill:red' }, text: 'x' }],
    ['a url() paint', { tag: 'rect', attrs: { fill: 'url(#pattern)' } }],
    ['a named colour', { tag: 'rect', attrs: { fill: 'red' } }],
    ['a non-numeric coordinate', { tag: 'rect', attrs: { x: '1e3' } }],
    ['a quote in a coordinate', { tag: 'rect', attrs: { x: '1" onload="alert(1)' } }],
    ['text on a rect', { tag: 'rect', attrs: {}, text: 'x' }],
    ['children in a text', { tag: 'text', attrs: {}, children: [{ tag: 'rect', attrs: {} }] }],
    ['a nested svg', { tag: 'g', attrs: {}, children: [{ tag: 'svg', attrs: {} }] }],
    ['a bad id', { tag: 'title', attrs: { id: 'x"><script>' }, text: 'x' }],
    ['an inherited name', { tag: 'rect', attrs: { constructor: '1' } }],
  ])('when a tree holds %s then it is refused', (_name, child) => {
    const tree: ChartNode = {
      tag: 'svg',
      attrs: { viewBox: '0 0 10 10', role: 'img' },
      children: [child],
    };
    expect(() => serializeSvg(tree)).toThrow(ChartError);
    expect(() => validateChartNode(tree)).toThrow(ChartError);
  });

  test('when the root is not an svg element then it is refused', () => {
    expect(() => serializeSvg({ tag: 'g', attrs: {} })).toThrow(ChartError);
  });

  test('when charts are built then they pass the allow-lists themselves', () => {
    for (const chart of [
      bar([]),
      bar([{ label: 'a', value: null }]),
      bar([{ label: 'a', value: 0 }], 'rtl'),
      line([]),
      line([{ label: '2025-01', value: null }], 'rtl'),
      line(
        Array.from({ length: 120 }, (_, i) => ({
          label: `m${i}`,
          value: i % 7 === 0 ? null : i * 5,
        })),
      ),
    ]) {
      expect(() => validateChartNode(chart)).not.toThrow();
      checkWellFormed(serializeSvg(chart));
    }
  });
});

describe('accessibility of the charts', () => {
  test.each([
    ['bar', bar([{ label: 'a', value: 5 }])],
    ['line', line([{ label: '2025-01', value: 5 }])],
  ])(
    'when a %s chart is built then the root is role=img, named by its title and described by its desc',
    (_kind, chart) => {
      expect(chart.tag).toBe('svg');
      expect(chart.attrs['role']).toBe('img');
      const [titleId, descId] = (chart.attrs['aria-labelledby'] ?? '').split(' ');
      const title = chart.children?.find((child) => child.tag === 'title');
      const desc = chart.children?.find((child) => child.tag === 'desc');
      expect(title?.attrs['id']).toBe(titleId);
      expect(desc?.attrs['id']).toBe(descId);
      expect(title?.text).toMatch(/^Documented reports/);
      expect(desc?.text).toMatch(/^One/);
      expect(chart.attrs['viewBox']).toMatch(/^0 0 \d+ \d+$/);
    },
  );

  test('when ids are given then two charts on one page do not share title ids', () => {
    const a = buildBarChart({
      id: 'stats-bar',
      title: 't',
      description: 'd',
      bars: [],
      suppressedLabel: 's',
      direction: 'ltr',
    });
    const b = buildLineChart({
      id: 'stats-line',
      title: 't',
      description: 'd',
      points: [],
      suppressedLabel: 's',
      direction: 'ltr',
    });
    expect(a.attrs['aria-labelledby']).toBe('stats-bar-title stats-bar-desc');
    expect(b.attrs['aria-labelledby']).toBe('stats-line-title stats-line-desc');
    expect(() =>
      buildBarChart({
        id: 'x"y',
        title: 't',
        description: 'd',
        bars: [],
        suppressedLabel: 's',
        direction: 'ltr',
      }),
    ).toThrow(ChartError);
  });

  test('when values are drawn then each is also written as text (meaning is never in colour alone)', () => {
    const chart = bar([
      { label: 'threats', value: 25 },
      { label: 'surveillance', value: 10 },
      { label: 'online', value: null },
    ]);
    expect(byKind(chart, 'value').map((node) => node.text)).toEqual(['25', '10']);
    expect(byKind(chart, 'suppressed').map((node) => node.text)).toEqual(['suppressed']);
    const lines = line([
      { label: '2025-01', value: 15 },
      { label: '2025-02', value: 20 },
    ]);
    expect(byKind(lines, 'value').map((node) => node.text)).toEqual(['15', '20']);
  });

  test('when a bidi override is in a label then it is shown, not obeyed', () => {
    const chart = bar([{ label: 'abc\u202Efdp.exe', value: 10 }]);
    const [label] = byKind(chart, 'label');
    expect(label?.text).toBe('abc⟨U+202E⟩fdp.exe');
  });

  test('when a label is longer than any published name then the drawn text is shortened and the group title keeps it whole', () => {
    const long = 'Threats or pressure through relatives, at home and abroad, many times. '.repeat(
      2,
    );
    const chart = bar([{ label: long, value: 10 }]);
    const [label] = byKind(chart, 'label');
    expect([...(label?.text ?? '')].length).toBeLessThanOrEqual(80);
    expect(label?.text?.endsWith('…')).toBe(true);
    const [group] = groupsOf(chart, 'bar-group');
    expect(group?.children?.find((child) => child.tag === 'title')?.text).toBe(
      `${long.trim()}: 10`,
    );
  });

  test.each(['ltr', 'rtl'] as const)(
    'when labels are far longer than any published name then the charts grow no wider than for the longest label drawn whole (%s)',
    (direction) => {
      const drawnWhole = 'W'.repeat(80);
      const hostile = 'W'.repeat(100_000);
      const barOf = (label: string) => Number(bar([{ label, value: 1 }], direction).attrs['width']);
      expect(barOf(hostile)).toBe(barOf(drawnWhole));
      // The label area for 80 wide characters and the plot: still about one screen wide.
      expect(barOf(hostile)).toBeLessThanOrEqual(1200);
      const lineOf = (label: string) =>
        Number(
          line(
            Array.from({ length: 12 }, (_, i) => ({ label, value: i })),
            direction,
          ).attrs['width'],
        );
      expect(lineOf(hostile)).toBe(lineOf(drawnWhole));
      // Twelve periods at most 80 narrow-font characters each, plus the axis.
      expect(lineOf(hostile)).toBeLessThanOrEqual(12 * 620);
    },
  );

  test('when the title is longer than the chart is wide then the heading wraps onto a second line, whole, and the bars move down', () => {
    const title =
      'Documented reports by host country (ISO 3166-1), 2024-01 to 2025-03 (by month), public release';
    const short = bar([{ label: 'a', value: 5 }]);
    const long = buildBarChart({
      title,
      description: 'One bar.',
      bars: [{ label: 'a', value: 5 }],
      suppressedLabel: 'suppressed',
      direction: 'ltr',
    });
    const lines = byKind(long, 'heading').map((node) => node.text);
    expect(lines).toHaveLength(2);
    expect(lines.join(' ')).toBe(title);
    expect(x(byKind(long, 'bar')[0]!, 'y')).toBeGreaterThan(x(byKind(short, 'bar')[0]!, 'y'));
    expect(Number(long.attrs['height'])).toBeGreaterThan(Number(short.attrs['height']));
  });

  test.each(['ltr', 'rtl'] as const)(
    'when the labels are the longest published names then each is drawn whole, with room for it inside the chart (%s)',
    (direction) => {
      const names = [
        ...Object.values(PUBLISHED_CATEGORY_NAMES),
        publishedColumnName('country', OTHER_COUNTRIES, 10),
      ];
      const chart = bar(
        names.map((label) => ({ label, value: 10 })),
        direction,
      );
      const labels = byKind(chart, 'label');
      expect(labels.map((node) => node.text)).toEqual(names);
      const width = Number(chart.attrs['width']);
      for (const node of labels) {
        // The label ends at its x and reaches back toward the chart's start edge.
        const room = direction === 'ltr' ? x(node) : width - x(node);
        expect(room).toBeGreaterThanOrEqual([...node.text!].length * 12 * 0.68);
      }
    },
  );
});

describe('the bar chart', () => {
  test('when values are given then each bar is as long as its share of the largest', () => {
    const chart = bar([
      { label: 'a', value: 40 },
      { label: 'b', value: 10 },
      { label: 'c', value: 0 },
    ]);
    const widths = byKind(chart, 'bar').map((node) => x(node, 'width'));
    expect(widths).toHaveLength(3);
    expect(widths[1]! / widths[0]!).toBeCloseTo(0.25);
    expect(widths[2]).toBe(0);
  });

  test('when a value is suppressed then no bar is drawn for it and the marker is written instead', () => {
    const chart = bar([
      { label: 'a', value: 20 },
      { label: 'b', value: null },
    ]);
    const groups = groupsOf(chart, 'bar-group', 'suppressed-bar');
    expect(groups.map((group) => group.attrs['data-kind'])).toEqual([
      'bar-group',
      'suppressed-bar',
    ]);
    expect(byKind(groups[1]!, 'bar')).toEqual([]);
    expect(byKind(groups[1]!, 'suppressed')[0]?.text).toBe('suppressed');
  });

  test('when every value is suppressed then no bar is drawn and nothing divides by zero', () => {
    const chart = bar([
      { label: 'a', value: null },
      { label: 'b', value: null },
    ]);
    expect(byKind(chart, 'bar')).toEqual([]);
    expect(byKind(chart, 'suppressed')).toHaveLength(2);
    expect(serializeSvg(chart)).not.toMatch(/NaN|Infinity/);
  });

  test('when there are no bars then the chart is still drawn, with the empty label', () => {
    const chart = buildBarChart({
      title: 't',
      description: 'd',
      bars: [],
      suppressedLabel: 's',
      emptyLabel: 'Nothing to show.',
      direction: 'ltr',
    });
    expect(byKind(chart, 'bar')).toEqual([]);
    expect(byKind(chart, 'empty')[0]?.text).toBe('Nothing to show.');
    expect(serializeSvg(chart)).not.toMatch(/NaN|Infinity/);
  });

  test('when the direction is rtl then bars grow from the right, labels sit on the right and every text is rtl', () => {
    const data = [
      { label: 'ۋەقە', value: 30 },
      { label: 'b', value: null },
    ];
    const ltr = bar(data, 'ltr');
    const rtl = bar(data, 'rtl');
    const width = Number(rtl.attrs['width']);
    const [ltrBar] = byKind(ltr, 'bar');
    const [rtlBar] = byKind(rtl, 'bar');
    // Mirrored: the rtl bar ends where the ltr bar starts, counted from the other side.
    expect(x(rtlBar!) + x(rtlBar!, 'width')).toBeCloseTo(width - x(ltrBar!));
    expect(x(rtlBar!, 'width')).toBeCloseTo(x(ltrBar!, 'width'));
    const [rtlLabel] = byKind(rtl, 'label');
    const [ltrLabel] = byKind(ltr, 'label');
    expect(x(rtlLabel!)).toBeCloseTo(width - x(ltrLabel!));
    expect(x(rtlLabel!)).toBeGreaterThan(x(rtlBar!) + x(rtlBar!, 'width'));
    const [rtlValue] = byKind(rtl, 'value');
    expect(x(rtlValue!)).toBeLessThan(x(rtlBar!));
    const texts = walk(rtl).filter((node) => node.tag === 'text');
    expect(texts.length).toBeGreaterThan(3);
    for (const text of texts) expect(text.attrs['direction']).toBe('rtl');
    for (const text of walk(ltr).filter((node) => node.tag === 'text')) {
      expect(text.attrs['direction']).toBe('ltr');
    }
  });

  test.each([[-1], [1.5], [Number.NaN], [Number.POSITIVE_INFINITY]])(
    'when a value is %p then the chart is refused',
    (value) => {
      expect(() => bar([{ label: 'a', value }])).toThrow(ChartError);
      expect(() => line([{ label: 'a', value }])).toThrow(ChartError);
    },
  );
});

describe('the line chart', () => {
  test('when a value is suppressed then the line breaks into separate segments and the gap is marked', () => {
    const chart = line([
      { label: '2025-01', value: 10 },
      { label: '2025-02', value: 15 },
      { label: '2025-03', value: null },
      { label: '2025-04', value: 20 },
      { label: '2025-05', value: 25 },
    ]);
    const segments = byKind(chart, 'line');
    expect(segments).toHaveLength(2);
    expect(segments.map((segment) => segment.attrs['points']?.split(' ').length)).toEqual([2, 2]);
    expect(byKind(chart, 'point')).toHaveLength(4);
    expect(byKind(chart, 'gap')).toHaveLength(1);
    expect(byKind(chart, 'suppressed').map((node) => node.text)).toEqual(['suppressed']);
  });

  test('when a single point is given then it is drawn as a point with its value, without a line', () => {
    const chart = line([{ label: '2025-01', value: 10 }]);
    expect(byKind(chart, 'line')).toEqual([]);
    expect(byKind(chart, 'point')).toHaveLength(1);
    expect(byKind(chart, 'value')[0]?.text).toBe('10');
  });

  test('when a published value stands alone between suppressed ones then it keeps its point', () => {
    const chart = line([
      { label: 'a', value: null },
      { label: 'b', value: 10 },
      { label: 'c', value: null },
    ]);
    expect(byKind(chart, 'line')).toEqual([]);
    expect(byKind(chart, 'point')).toHaveLength(1);
    expect(byKind(chart, 'suppressed')).toHaveLength(2);
  });

  test('when every value is suppressed or there are none then nothing divides by zero', () => {
    for (const chart of [
      line([
        { label: 'a', value: null },
        { label: 'b', value: null },
      ]),
      line([]),
    ]) {
      expect(byKind(chart, 'point')).toEqual([]);
      expect(serializeSvg(chart)).not.toMatch(/NaN|Infinity/);
    }
  });

  test('when values rise then points rise (smaller y) and the axis reaches past the largest', () => {
    const chart = line([
      { label: 'a', value: 5 },
      { label: 'b', value: 40 },
    ]);
    const [low, high] = byKind(chart, 'point');
    expect(x(high!, 'cy')).toBeLessThan(x(low!, 'cy'));
    const ticks = byKind(chart, 'tick').map((node) => Number(node.text));
    expect(Math.max(...ticks)).toBeGreaterThanOrEqual(40);
  });

  test('when the direction is rtl then time runs right to left, mirrored, and every text is rtl', () => {
    const data = [
      { label: '2025-01', value: 10 },
      { label: '2025-02', value: 20 },
      { label: '2025-03', value: 30 },
    ];
    const ltr = line(data, 'ltr');
    const rtl = line(data, 'rtl');
    const width = Number(rtl.attrs['width']);
    const ltrX = byKind(ltr, 'point').map((node) => x(node, 'cx'));
    const rtlX = byKind(rtl, 'point').map((node) => x(node, 'cx'));
    expect(ltrX[0]).toBeLessThan(ltrX[2]!);
    expect(rtlX[0]).toBeGreaterThan(rtlX[2]!);
    rtlX.forEach((value, index) => expect(value).toBeCloseTo(width - ltrX[index]!));
    for (const text of walk(rtl).filter((node) => node.tag === 'text')) {
      expect(text.attrs['direction']).toBe('rtl');
    }
  });

  test('when there are many periods then the chart grows wider so labels keep their room', () => {
    const few = line([{ label: '2025-01', value: 1 }]);
    const many = line(Array.from({ length: 120 }, (_, i) => ({ label: `p${i}`, value: i })));
    expect(Number(few.attrs['width'])).toBe(720);
    const points = byKind(many, 'point').map((node) => x(node, 'cx'));
    expect(points[1]! - points[0]!).toBeGreaterThanOrEqual(56);
    expect(Number(many.attrs['width'])).toBeGreaterThanOrEqual(120 * 56);
  });
});
