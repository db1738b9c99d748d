/**
 * Draws a chart tree from contract/stats-chart.ts in the page. The dashboard runs under a
 * strict CSP with Trusted Types, so nothing here parses markup: every element is made with
 * createElementNS, every attribute set with setAttribute and every text with textContent. The
 * tree is checked against the chart module's allow-lists first, so no script, event handler,
 * link or url() reference can reach the page through a chart.
 */
import { SVG_NAMESPACE, validateChartNode, type ChartNode } from '../../../contract/stats-chart';

function build(node: ChartNode): SVGElement {
  const created = document.createElementNS(SVG_NAMESPACE, node.tag);
  for (const [name, value] of Object.entries(node.attrs)) created.setAttribute(name, value);
  if (node.text !== undefined) created.textContent = node.text;
  for (const child of node.children ?? []) created.append(build(child));
  return created;
}

/** The chart as an <svg> element; throws ChartError for a tree outside the allow-lists. */
export function renderChart(node: ChartNode): SVGSVGElement {
  validateChartNode(node);
  return build(node) as SVGSVGElement;
}
