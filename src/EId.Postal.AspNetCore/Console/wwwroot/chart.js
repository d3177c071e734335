// A small bar chart drawn as inline SVG (no library): one <rect class="bar"> per value, labelled axes.
const svgNs = 'http://www.w3.org/2000/svg';

function svg(tag, attributes, text) {
  const node = document.createElementNS(svgNs, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = String(text);
  return node;
}

/**
 * Draws values as vertical bars.
 * @param {{label: string, value: number}[]} points
 * @param {string} title
 * @returns {SVGSVGElement}
 */
export function drawBarChart(points, title) {
  const width = 640;
  const height = 240;
  const margin = { top: 24, right: 12, bottom: 40, left: 40 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const max = Math.max(1, ...points.map((p) => p.value));
  const root = svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title, class: 'chart' });
  root.append(svg('title', {}, title), svg('text', { x: margin.left, y: 14 }, title));
  root.append(svg('line', { x1: margin.left, y1: margin.top + plotHeight, x2: margin.left + plotWidth, y2: margin.top + plotHeight, class: 'axis' }));
  root.append(svg('line', { x1: margin.left, y1: margin.top, x2: margin.left, y2: margin.top + plotHeight, class: 'axis' }));
  root.append(svg('text', { x: margin.left - 6, y: margin.top + 4, 'text-anchor': 'end' }, max));
  root.append(svg('text', { x: margin.left - 6, y: margin.top + plotHeight, 'text-anchor': 'end' }, 0));
  const slot = points.length === 0 ? plotWidth : plotWidth / points.length;
  const barWidth = Math.max(2, slot * 0.7);
  // Label at most ~10 days so the labels never overlap.
  const labelEvery = Math.max(1, Math.ceil(points.length / 10));
  points.forEach((point, i) => {
    const barHeight = (point.value / max) * plotHeight;
    const x = margin.left + i * slot + (slot - barWidth) / 2;
    const bar = svg('rect', { x, y: margin.top + plotHeight - barHeight, width: barWidth, height: barHeight, class: 'bar', 'data-label': point.label, 'data-value': point.value });
    bar.append(svg('title', {}, `${point.label}: ${point.value}`));
    root.append(bar);
    if (i % labelEvery === 0) {
      root.append(svg('text', { x: x + barWidth / 2, y: height - margin.bottom + 14, 'text-anchor': 'middle' }, point.label.slice(5)));
    }
  });
  return root;
}
