// The per-CPU timeline of the focused cell as SVG: one row per CPU (what it ran: a user task,
// lazily a user mm, the kernel on init_mm, offline, preempted by the host) with marks for
// references, IPIs, scans, flushes, frees and the violation. Colours come from the stylesheet's
// theme variables; hovering a bar or mark shows its details (<title>, as text).
import type { Timeline } from '../../../server/src/sim/index';
import { el, svg } from './dom';
import { nanos } from './format';

const LABEL_W = 52;
const ROW_H = 14;
const ROW_GAP = 5;
const AXIS_H = 18;

const LANE_TEXT: Readonly<Record<string, string>> = {
  user: 'running a user task',
  lazy: 'lazy: kernel thread on a user mm',
  kernel: 'kernel on init_mm',
  offline: 'offline',
  preempted: 'vCPU preempted by the host',
};

const MARK_TEXT: Readonly<Record<string, string>> = {
  grab: 'reference taken',
  drop: 'reference dropped',
  'ipi-send': 'IPI sent',
  ipi: 'IPI handled',
  scan: 'hazard scan',
  flush: 'TLB flush',
  free: 'mm freed',
  violation: 'violation',
};

export function renderTimeline(box: HTMLElement, tl: Timeline | null, cpus: number, rows: number, width: number): void {
  if (tl === null) {
    box.replaceChildren(el('p', { className: 'muted', text: 'computing…' }));
    return;
  }
  const n = Math.min(rows, tl.cpus);
  const plotW = Math.max(120, width - LABEL_W - 8);
  const height = AXIS_H + n * (ROW_H + ROW_GAP);
  const end = tl.end > 0 ? tl.end : 1;
  const x = (t: number) => LABEL_W + (Math.min(Math.max(t, 0), end) / end) * plotW;
  const rowY = (cpu: number) => AXIS_H + cpu * (ROW_H + ROW_GAP);
  const root = svg('svg', { width: LABEL_W + plotW + 8, height, role: 'img', class: 'timeline-svg', 'aria-label': `timeline of ${n} of ${cpus} CPUs over ${nanos(end)}` });
  for (let i = 0; i <= 4; i++) {
    const t = (end * i) / 4;
    const tx = x(t);
    root.append(svg('line', { x1: tx, x2: tx, y1: AXIS_H - 4, y2: height, class: 'grid' }));
    const label = svg('text', { x: tx, y: AXIS_H - 7, class: 'axis', 'text-anchor': i === 0 ? 'start' : i === 4 ? 'end' : 'middle' });
    label.textContent = nanos(t);
    root.append(label);
  }
  for (let cpu = 0; cpu < n; cpu++) {
    const label = svg('text', { x: LABEL_W - 6, y: rowY(cpu) + ROW_H - 3, class: 'axis', 'text-anchor': 'end' });
    label.textContent = cpu === 0 ? 'CPU 0 ▸' : `CPU ${cpu}`;
    root.append(label);
  }
  for (const s of tl.segments) {
    if (s.cpu >= n) continue;
    const x0 = x(s.from);
    const w = Math.max(0.75, x(s.to) - x0);
    const what = s.task ? `${s.task}, ${s.mm} loaded` : `${s.mm} loaded`;
    root.append(svg('rect', { x: x0, y: rowY(s.cpu), width: w, height: ROW_H, class: `seg lane-${s.lane}` }, `CPU ${s.cpu}, ${nanos(s.from)} to ${nanos(s.to)}: ${LANE_TEXT[s.lane] ?? s.lane} (${what})`));
  }
  for (const m of tl.marks) {
    if (m.cpu >= n) continue;
    const mx = x(m.t);
    const y = rowY(m.cpu);
    const title = `CPU ${m.cpu} at ${nanos(m.t)}: ${MARK_TEXT[m.kind] ?? m.kind}: ${m.text}`;
    if (m.kind === 'violation' || m.kind === 'free') {
      root.append(svg('path', { d: `M${mx - 5},${y - 3} L${mx + 5},${y - 3} L${mx},${y + 5} Z`, class: `mark mark-${m.kind}` }, title));
    } else {
      root.append(svg('line', { x1: mx, x2: mx, y1: y - 2, y2: y + ROW_H + 2, class: `mark mark-${m.kind}` }, title));
    }
  }
  const kinds = [...new Set(tl.marks.filter((m) => m.cpu < n).map((m) => m.kind))];
  const lanes = [...new Set(tl.segments.filter((s) => s.cpu < n).map((s) => s.lane))];
  const legend = el(
    'div',
    { className: 'legend' },
    ...lanes.map((l) => el('span', { className: 'key' }, el('span', { className: `swatch lane-${l}` }), LANE_TEXT[l] ?? l)),
    ...kinds.map((k) => el('span', { className: 'key' }, el('span', { className: `tick mark-${k}` }), MARK_TEXT[k] ?? k)),
  );
  const notes: HTMLElement[] = [];
  if (n < tl.cpus) notes.push(el('p', { className: 'muted small', text: `Showing CPUs 0 to ${n - 1} of ${tl.cpus}. CPU 0 runs the path.` }));
  if (tl.truncated) notes.push(el('p', { className: 'muted small', text: 'The run was longer than the timeline keeps: later events are not drawn.' }));
  box.replaceChildren(el('div', { className: 'timeline-scroll' }, root), legend, ...notes);
}
