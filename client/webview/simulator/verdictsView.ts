// The verdict table (policy rows x architecture columns) and, under it, the focused cell's
// violation trace or what was checked. A cell's text starts with "safe" or "violated" (the tests'
// hook); until exploration has finished a cell shows the timed schedule's verdict and says so.
import type { InvariantInfo, PolicyArchResult, TraceStep } from '../../../server/src/sim/index';
import { el, onActivate } from './dom';
import { count, nanos, si } from './format';
import type { Focus } from './state';

export interface TableModel {
  policies: readonly string[];
  archs: readonly string[];
  cell(policy: string, arch: string): { result: PolicyArchResult; final: boolean } | null;
  focus: Focus;
  stale: boolean;
}

function verdictText(r: PolicyArchResult): string {
  const v = r.verdict.violation;
  return v === null ? 'safe' : `violated: invariant ${v.invariant} (${v.name})`;
}

function checkedText(r: PolicyArchResult, final: boolean): string {
  if (!final) return 'timed schedule; exploring interleavings…';
  const c = r.verdict.checked;
  if (r.verdict.violation !== null && c.mode === 'timed') return 'found on the timed schedule';
  if (c.mode === 'exhaustive') return `${c.complete ? 'every' : 'bounded'} interleaving, ${count(c.states)} states`;
  if (c.mode === 'random') return `${c.schedules} seeded schedules`;
  return 'timed schedule';
}

function metricsText(r: PolicyArchResult): string {
  const parts = [`IPIs ${count(r.ipis)}`, `atomics ${count(r.atomics)}`, `transfers ${count(r.remoteTransfers)}`, `loads ${count(r.loads)}`];
  if (r.broadcastFlushes > 0) parts.push(`TLBI ${count(r.broadcastFlushes)}`);
  if (r.exitLatencyNs !== null) parts.push(`exit ${nanos(r.exitLatencyNs)}`);
  if (r.throughput !== null) parts.push(`${si(r.throughput.value)}${r.throughput.unit}`);
  return parts.join(' · ');
}

export function renderTable(table: HTMLTableElement, m: TableModel, onFocus: (f: Focus) => void): void {
  const head = el('tr', {}, el('th', { text: 'policy \\ arch', attrs: { scope: 'col' } }), ...m.archs.map((a) => el('th', { text: a, attrs: { scope: 'col' } })));
  const rows = m.policies.map((p) =>
    el(
      'tr',
      {},
      el('th', { text: p, attrs: { scope: 'row' } }),
      ...m.archs.map((a) => {
        const c = m.cell(p, a);
        const focused = m.focus.policy === p && m.focus.arch === a;
        const td = el('td', { attrs: { 'data-policy': p, 'data-arch': a } });
        td.classList.toggle('focused', focused);
        if (c === null) {
          td.className += ' pending';
          td.append(el('span', { className: 'verdict muted', text: 'computing…' }));
          td.dataset.verdict = 'pending';
        } else {
          const bad = c.result.verdict.violation !== null;
          td.dataset.verdict = bad ? 'violated' : 'safe';
          td.dataset.final = String(c.final);
          td.classList.add(bad ? 'violated' : 'safe');
          td.append(
            el('span', { className: 'verdict', text: verdictText(c.result) }),
            el('span', { className: 'checked muted', text: checkedText(c.result, c.final) }),
            el('span', { className: 'metrics', text: metricsText(c.result) }),
          );
        }
        td.setAttribute('aria-selected', String(focused));
        td.title = `${p} on ${a}: show its timeline and trace`;
        onActivate(td, () => onFocus({ policy: p, arch: a }));
        return td;
      }),
    ),
  );
  table.classList.toggle('stale', m.stale);
  table.replaceChildren(el('thead', {}, head), el('tbody', {}, ...rows));
}

function traceLine(s: TraceStep, reveal: (line: number, character: number) => void): HTMLElement {
  const li = el(
    'li',
    { className: s.range ? 'trace-step on-path' : 'trace-step' },
    el('span', { className: 'cpu', text: `CPU ${s.cpu}` }),
    el('span', { className: 't muted', text: s.t > 0 ? nanos(s.t) : '' }),
    el('span', { className: 'text', text: s.text }),
    el('span', { className: 'kernel muted', text: s.kernel }),
  );
  const range = s.range;
  if (range) {
    li.title = `the path's step at line ${range.start.line + 1}: reveal in the editor`;
    onActivate(li, () => reveal(range.start.line, range.start.character));
  }
  return li;
}

/** The focused cell: its violation with the trace that led to it, or what the check covered. */
export function renderTrace(box: HTMLElement, r: PolicyArchResult | null, final: boolean, invariants: readonly InvariantInfo[], reveal: (line: number, character: number) => void): void {
  if (r === null) {
    box.replaceChildren();
    return;
  }
  const v = r.verdict.violation;
  const title = `${r.policy} on ${r.arch}, ${r.cpus} CPUs (${r.preset})`;
  const notes = r.notes.map((n) => el('li', { text: n }));
  if (v === null) {
    box.replaceChildren(el('h3', { text: `${title}: safe` }), el('p', { className: 'muted', text: `Checked: ${checkedText(r, final)}.` }), el('ul', { className: 'notes' }, ...notes));
    return;
  }
  const info = invariants.find((i) => i.id === v.invariant);
  box.replaceChildren(
    el('h3', { testid: 'violation', text: `${title}: invariant ${v.invariant} (${v.name}) violated` }),
    el('p', { className: 'violation-message', text: v.message }),
    ...(info ? [el('p', { className: 'muted small', text: `Invariant ${info.id}: ${info.text}` })] : []),
    el('ul', { className: 'notes' }, ...notes),
    el('h4', { text: v.truncated ? 'The last steps before it' : 'The steps that led to it' }),
    el('ol', { className: 'trace-steps', testid: 'trace' }, ...v.trace.map((s) => traceLine(s, reveal))),
  );
  // The failing step is the last one: show the end of a long trace first.
  const list = box.querySelector<HTMLElement>('.trace-steps');
  if (list) list.scrollTop = list.scrollHeight;
}

export function renderNotes(list: HTMLElement, notes: readonly string[]): void {
  list.replaceChildren(...notes.map((n) => el('li', { text: n })));
}
