// Cost against CPU count, one uPlot chart per metric: a line per policy x architecture (colour:
// policy, dash: architecture), the x axis logarithmic (uPlot's distr 3, base 2: 1 to 1024 CPUs),
// the published figures of the scenario as rings, and a dashed marker at the CPU count the table
// was computed for. uPlot draws on canvas, so each chart also carries its numbers as a table
// (collapsed) for screen readers, copying, and the tests.
import uPlot from 'uplot';
import type { PublishedPoint, SweepPoint, SweepResult } from '../../../server/src/sim/index';
import { el } from './dom';
import { count, si } from './format';
import { archDash, cssVar, policyColor } from './theme';

type Metric = 'throughput' | 'ipis' | 'policyIpis' | 'loads' | 'remoteTransfers' | 'exitLatencyNs';

interface ChartSpec {
  metric: Metric;
  title: string;
  logY: boolean;
  /** From the engine's unit to the chart's. */
  scale: number;
}

export interface ChartsModel {
  sweep: SweepResult;
  /** Whose costs these are (the path and the scenario), above the legend; shown as text. */
  caption: string;
  policies: readonly string[];
  archs: readonly string[];
  /** Every policy and arch of the engine, so colours and dashes do not shift with the filter. */
  allPolicies: readonly string[];
  allArchs: readonly string[];
  cpus: number;
  stale: boolean;
}

function specs(sweep: SweepResult): ChartSpec[] {
  const has = (m: Metric) => sweep.series.some((s) => s.points.some((p) => p[m] !== null));
  const out: ChartSpec[] = [];
  if (sweep.throughputUnit !== null && has('throughput')) out.push({ metric: 'throughput', title: `throughput (${sweep.throughputUnit}, log scale)`, logY: true, scale: 1 });
  out.push({ metric: 'ipis', title: 'IPIs (all)', logY: false, scale: 1 });
  out.push({ metric: 'policyIpis', title: 'IPIs the policy sent', logY: false, scale: 1 });
  out.push({ metric: 'loads', title: 'remote loads', logY: false, scale: 1 });
  out.push({ metric: 'remoteTransfers', title: 'remote cache-line transfers', logY: false, scale: 1 });
  if (has('exitLatencyNs')) out.push({ metric: 'exitLatencyNs', title: 'exit latency (µs)', logY: false, scale: 1 / 1000 });
  return out;
}

function value(p: SweepPoint, m: Metric): number | null {
  return p[m];
}

let charts: uPlot[] = [];
/** The CPU count the dashed marker stands at; the draw hook reads it, so moving it is a redraw. */
let markerCpus = 1;

/** Moves the marker without rebuilding the charts (the CPU count changed, the sweep did not). */
export function setMarker(box: HTMLElement, cpus: number): void {
  markerCpus = cpus;
  for (const c of charts) c.redraw(false, false);
  for (const f of box.querySelectorAll<HTMLElement>('[data-testid="chart"]')) f.dataset.markerCpus = String(cpus);
  const key = box.querySelector('.marker-label');
  if (key) key.textContent = markerLabel(cpus);
}

function markerLabel(cpus: number): string {
  return `${cpus} CPUs (the table's machine)`;
}

export function destroyCharts(): void {
  for (const c of charts) c.destroy();
  charts = [];
}

export function resizeCharts(width: number): void {
  for (const c of charts) c.setSize({ width: chartWidth(width), height: c.height });
}

function chartWidth(container: number): number {
  // Two columns when there is room for them (see .charts in simulator.css).
  const cols = container >= 900 ? 2 : 1;
  return Math.max(240, Math.floor((container - (cols - 1) * 16) / cols) - 2);
}

export function renderCharts(box: HTMLElement, m: ChartsModel): void {
  destroyCharts();
  const fg = cssVar('--vscode-foreground', '#cccccc');
  const muted = cssVar('--vscode-descriptionForeground', '#999999');
  const grid = cssVar('--vscode-editorWidget-border', cssVar('--vscode-panel-border', 'rgba(128,128,128,0.35)'));
  const bg = cssVar('--vscode-editor-background', '#1e1e1e');
  const font = `11px ${cssVar('--vscode-font-family', 'sans-serif')}`;
  const shown = m.sweep.series.filter((s) => m.policies.includes(s.policy) && m.archs.includes(s.arch));
  const width = chartWidth(box.clientWidth || 800);
  // chart-legend: the caption spans every column of the grid, as the legend does.
  const items: HTMLElement[] = [el('p', { className: 'muted hint chart-legend', testid: 'charts-caption', text: m.caption }), legend(m)];
  const pending: (() => void)[] = [];
  for (const spec of specs(m.sweep)) {
    const published = m.sweep.published.filter((p) => p.metric === spec.metric && m.policies.includes(p.policy) && m.archs.includes(p.arch));
    const xs = [...new Set([...m.sweep.cpuCounts, ...published.map((p) => p.cpus)])].sort((a, b) => a - b);
    const y = (v: number | null): number | null => (v === null || (spec.logY && v <= 0) ? null : v * spec.scale);
    const lines = shown.map((s) => xs.map((x) => y(s.points.find((p) => p.cpus === x) ? value(s.points.find((p) => p.cpus === x)!, spec.metric) : null)));
    const rings = published.map((p) => xs.map((x) => (x === p.cpus ? y(p.value) : null)));
    const series: uPlot.Series[] = [
      {},
      ...shown.map((s) => ({
        label: `${s.policy} / ${s.arch}`,
        stroke: policyColor(m.allPolicies.indexOf(s.policy)),
        dash: archDash(m.allArchs.indexOf(s.arch)),
        width: 1.75,
        spanGaps: true,
        points: { show: true, size: 4 },
      })),
      ...published.map((p: PublishedPoint) => ({
        label: `published: ${p.label}`,
        stroke: policyColor(m.allPolicies.indexOf(p.policy)),
        paths: () => null,
        points: { show: true, size: 13, width: 2.5, fill: bg },
      })),
    ];
    markerCpus = m.cpus;
    const opts: uPlot.Options = {
      width,
      height: 190,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false, distr: 3, log: 2 }, y: spec.logY ? { distr: 3, log: 10 } : { range: (_u, _min, max) => [0, max > 0 ? max * 1.08 : 1] } },
      axes: [
        { stroke: muted, font, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, values: (_u, splits) => splits.map((v) => (v >= 1 ? count(v) : '')) },
        { stroke: muted, font, size: 52, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, values: (_u, splits) => splits.map((v) => si(v)) },
      ],
      series,
      hooks: {
        draw: [
          (u: uPlot) => {
            const cx = u.valToPos(markerCpus, 'x', true);
            if (!Number.isFinite(cx) || cx < u.bbox.left || cx > u.bbox.left + u.bbox.width) return;
            const ctx = u.ctx;
            ctx.save();
            ctx.strokeStyle = fg;
            ctx.globalAlpha = 0.6;
            ctx.setLineDash([3, 3]);
            ctx.lineWidth = 1;
            ctx.beginPath();
            ctx.moveTo(cx, u.bbox.top);
            ctx.lineTo(cx, u.bbox.top + u.bbox.height);
            ctx.stroke();
            ctx.restore();
          },
        ],
      },
    };
    const plot = el('div', { className: 'plot' });
    const chart = el(
      'figure',
      { className: 'chart', testid: 'chart', attrs: { 'data-metric': spec.metric, 'data-marker-cpus': String(m.cpus), 'data-series': shown.map((s) => `${s.policy}/${s.arch}`).join(' ') } },
      el('figcaption', { text: spec.title }),
      plot,
      dataTable(spec, xs, shown.map((s) => `${s.policy} / ${s.arch}`), lines, published),
    );
    items.push(chart);
    pending.push(() => charts.push(new uPlot(opts, [xs, ...lines, ...rings], plot)));
  }
  box.classList.toggle('stale', m.stale);
  box.replaceChildren(...items);
  // uPlot measures its container: create the charts once they are in the document.
  for (const make of pending) make();
}

function legend(m: ChartsModel): HTMLElement {
  const keys: HTMLElement[] = [];
  for (const p of m.policies) {
    const swatch = el('span', { className: 'line-key' });
    swatch.append(lineSample(policyColor(m.allPolicies.indexOf(p)), []));
    keys.push(el('span', { className: 'key' }, swatch, p));
  }
  for (const a of m.archs) {
    const swatch = el('span', { className: 'line-key' });
    swatch.append(lineSample(cssVar('--vscode-foreground', '#ccc'), archDash(m.allArchs.indexOf(a))));
    keys.push(el('span', { className: 'key' }, swatch, a));
  }
  keys.push(el('span', { className: 'key' }, el('span', { className: 'ring' }), 'published figure'));
  keys.push(el('span', { className: 'key' }, el('span', { className: 'marker-key' }), el('span', { className: 'marker-label', text: markerLabel(m.cpus) })));
  return el('div', { className: 'legend chart-legend' }, ...keys);
}

function lineSample(color: string, dash: number[]): SVGSVGElement {
  const s = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  s.setAttribute('width', '28');
  s.setAttribute('height', '8');
  const l = document.createElementNS('http://www.w3.org/2000/svg', 'line');
  for (const [k, v] of Object.entries({ x1: '1', x2: '27', y1: '4', y2: '4', stroke: color, 'stroke-width': '2', 'stroke-dasharray': dash.join(' ') })) l.setAttribute(k, v);
  s.append(l);
  return s;
}

function dataTable(spec: ChartSpec, xs: number[], labels: string[], lines: (number | null)[][], published: PublishedPoint[]): HTMLElement {
  const fmt = (v: number | null) => (v === null ? '–' : spec.metric === 'throughput' ? si(v) : spec.scale === 1 ? count(v) : v.toFixed(2));
  const head = el('tr', {}, el('th', { text: 'CPUs', attrs: { scope: 'col' } }), ...xs.map((x) => el('th', { text: String(x), attrs: { scope: 'col' } })));
  const rows = labels.map((label, i) => el('tr', { attrs: { 'data-series': label.replace(' / ', '/') } }, el('th', { text: label, attrs: { scope: 'row' } }), ...lines[i]!.map((v) => el('td', { text: fmt(v) }))));
  const notes = published.map((p) => el('li', { text: `${p.label} (${p.policy} on ${p.arch}, ${p.cpus} CPUs: ${fmt(p.value * spec.scale)}). Source: ${p.source}` }));
  return el(
    'details',
    { className: 'chart-data' },
    el('summary', { text: 'values' }),
    el('div', { className: 'table-scroll' }, el('table', {}, el('thead', {}, head), el('tbody', {}, ...rows))),
    ...(notes.length > 0 ? [el('ul', { className: 'small' }, ...notes)] : []),
  );
}
