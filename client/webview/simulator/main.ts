// The simulator panel's page (dist/simulator.js): the path, the controls, the verdict table, the
// timeline and the charts. The engine runs in a Worker (worker.ts); this file keeps what the
// Worker answered, keyed by the inputs it was computed from, asks only for the parts the current
// controls lack, and redraws. sim-status says "ready" once every part for the current controls
// is drawn, and something else ("computing: …") until then.
//
// Responsiveness: a full sweep takes ~0.1-0.5 s, exhaustive exploration of a small machine up to
// seconds (context-switch at 4 CPUs), a sweep of the churn scenario tens of seconds. A debounce
// alone would still freeze the page for that long, so the engine runs in a Worker, answers part
// by part (timed verdicts first), and a control change terminates a stale job. Typing in a number
// field is additionally debounced so each keystroke does not restart the Worker.
import type { Step, StepKind } from '../../../server/src/paths/step';
import { INVARIANTS, type PolicyArchResult, type SweepResult } from '../../../server/src/sim/index';
import type { FromSimulator, SimPath, SimStep } from '../protocol';
import { ALL, ARCHS, POLICIES, SEED, TIMELINE_ROWS, TOPOLOGIES } from './catalog';
import { renderCharts, resizeCharts, setMarker } from './chartsView';
import { buildControls } from './controlsView';
import { byId } from './dom';
import { EngineClient } from './engineClient';
import { count } from './format';
import { renderSteps } from './stepsView';
import { sanitizeState, type Controls, type Focus, type PanelState } from './state';
import { onThemeChange } from './theme';
import { renderTimeline } from './timelineView';
import { isToSimulator } from './validate';
import { renderNotes, renderTable, renderTrace } from './verdictsView';
import type { EngineJob, FromWorker, MachineSpec, Timings } from './workerProtocol';

interface VsCodeApi {
  postMessage(m: FromSimulator): void;
  getState(): unknown;
  setState(s: PanelState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const TYPING_DEBOUNCE_MS = 250;

const vscode = acquireVsCodeApi();
let state: PanelState = sanitizeState(vscode.getState());
/** The lazymm.architecture setting: which architecture the timeline starts on. */
let archSetting: string | null = null;

interface Cell {
  result: PolicyArchResult;
  /** Exploration is done (or was not needed: the timed schedule already broke an invariant). */
  final: boolean;
}
interface TableEntry {
  key: string;
  cells: Map<string, Cell>;
  notes: string[];
  complete: boolean;
}
let table: TableEntry | null = null;
let timeline: { key: string; result: PolicyArchResult | null } | null = null;
/** `label` names the path the sweep ran (the charts say whose costs they show, even when stale). */
let sweepEntry: { key: string; result: SweepResult; complete: boolean; label: string } | null = null;
let inflight: { id: number; table?: string; timeline?: string; sweep?: string } | null = null;
let jobSeq = 0;
let failure: string | null = null;
let typing: ReturnType<typeof setTimeout> | null = null;
let lastTimings: Timings | null = null;

const status = byId<HTMLElement>('status');
const tableEl = byId<HTMLTableElement>('verdicts');
const chartsEl = byId<HTMLElement>('charts');
const timelineEl = byId<HTMLElement>('timeline');

const workerUrl = document.querySelector<HTMLMetaElement>('meta[name="lazymm-worker"]')?.content ?? '';
const engine = new EngineClient(workerUrl, onWorker, (message) => {
  failure = message;
  inflight = null;
  scheduleRender();
});

// --- inputs and keys ---

function selected(): { policies: string[]; archs: string[] } {
  const c = state.controls;
  return { policies: c.policy === ALL ? [...POLICIES] : [c.policy], archs: c.arch === ALL ? [...ARCHS] : [c.arch] };
}

function focus(): Focus {
  const { policies, archs } = selected();
  const f = state.focus;
  if (f && policies.includes(f.policy) && archs.includes(f.arch)) return f;
  return { policy: policies[0]!, arch: archSetting !== null && archs.includes(archSetting) ? archSetting : archs[0]! };
}

function machine(c: Controls): MachineSpec {
  const t = TOPOLOGIES.find((x) => x.value === c.topology);
  return { scenario: c.scenario, cpus: c.cpus, topology: t && t.value !== 'preset' ? { coresPerSocket: t.coresPerSocket, threadsPerCore: t.threadsPerCore } : null, costs: c.costs, seed: SEED };
}

function engineSteps(path: SimPath): Step[] {
  // isSimStep checked every kind against StepKind when the path came in.
  return path.steps.map((s) => ({ kind: s.kind as StepKind, message: s.message, range: s.range }));
}

function keys(): { table: string; timeline: string; sweep: string } {
  const m = machine(state.controls);
  const steps = state.path ? engineSteps(state.path) : [];
  const t = JSON.stringify([m, steps]);
  const f = focus();
  // The sweep runs the path at every CPU count: a new path is a new sweep, a new CPU count is not.
  return { table: t, timeline: JSON.stringify([t, f.policy, f.arch]), sweep: JSON.stringify([m.scenario, m.topology, m.costs, m.seed, steps]) };
}

/** Whose costs the charts show, in the words of the subheading. */
function pathLabel(path: SimPath): string {
  return path.ruleId ? `the path of ${path.ruleId} in ${path.functionName}` : `the path of ${path.functionName}`;
}

function chartsCaption(entry: { result: SweepResult; label: string }): string {
  const counts = entry.result.cpuCounts;
  const range = counts.length > 0 ? `, at ${count(counts[0]!)} to ${count(counts[counts.length - 1]!)} CPUs` : '';
  // The sweep skips machines too small for the scenario plus the path's own CPU: say why it starts later.
  const from = counts.length > 0 && counts[0]! > 1 ? ' (fewer leave the path no CPU of its own)' : '';
  return `Curves for ${entry.label}, run on CPU 0 in scenario ${entry.result.scenario}${range}${from}.`;
}

// --- the engine ---

/** Asks the Worker for whatever the current controls lack, unless a running job already covers it. */
function refresh(): void {
  if (state.path === null) {
    scheduleRender();
    return;
  }
  const k = keys();
  const have = { table: table?.key === k.table && table.complete, timeline: timeline?.key === k.timeline, sweep: sweepEntry?.key === k.sweep && sweepEntry.complete };
  const covered = (part: 'table' | 'timeline' | 'sweep') => have[part] || inflight?.[part] === k[part];
  if (!covered('table') || !covered('timeline') || !covered('sweep')) {
    const m = machine(state.controls);
    const steps = engineSteps(state.path);
    const f = focus();
    const job: EngineJob = { id: ++jobSeq };
    if (!have.table) job.table = { key: k.table, machine: m, steps };
    if (!have.timeline) job.timeline = { key: k.timeline, machine: m, steps, policy: f.policy, arch: f.arch, rows: TIMELINE_ROWS };
    if (!have.sweep) job.sweep = { key: k.sweep, machine: m, steps };
    inflight = { id: job.id, ...(job.table ? { table: k.table } : {}), ...(job.timeline ? { timeline: k.timeline } : {}), ...(job.sweep ? { sweep: k.sweep } : {}) };
    failure = null;
    void engine.run(job);
  }
  scheduleRender();
}

function onWorker(m: FromWorker): void {
  const k = keys();
  switch (m.type) {
    case 'cells':
      if (m.key !== k.table) break;
      table = { key: m.key, cells: new Map(m.results.map((r) => [`${r.policy}/${r.arch}`, { result: r, final: !r.verdict.safe }])), notes: m.notes, complete: false };
      break;
    case 'explored':
      if (table?.key === m.key) table.cells.set(`${m.result.policy}/${m.result.arch}`, { result: m.result, final: true });
      break;
    case 'timeline':
      if (m.key === k.timeline) timeline = { key: m.key, result: m.result };
      break;
    case 'sweep':
      // The key matched, so the sweep ran the current path.
      if (m.key === k.sweep && state.path !== null) sweepEntry = { key: m.key, result: m.result, complete: m.complete, label: pathLabel(state.path) };
      break;
    case 'done':
      if (inflight?.id === m.id) {
        if (inflight.table !== undefined && table?.key === inflight.table) {
          table.complete = true;
          for (const c of table.cells.values()) c.final = true;
        }
        if (inflight.timeline !== undefined && timeline?.key !== inflight.timeline && inflight.timeline === k.timeline) timeline = { key: inflight.timeline, result: null };
        inflight = null;
      }
      lastTimings = m.timings;
      break;
    case 'error':
      if (inflight?.id === m.id) inflight = null;
      failure = m.message;
      break;
  }
  scheduleRender();
  // A part the current controls need may have been left out of the job that just ended.
  if (m.type === 'done') refresh();
}

// --- drawing ---

let renderQueued = false;
let chartsDrawn = '';
let markerDrawn = 0;
let timelineDrawn: { entry: object | null; width: number } = { entry: null, width: 0 };
let stepsDrawn = '';
let themeEpoch = 0;

/** Also says "not ready" at once: a test (or a user) must never read a "ready" that predates a change. */
function scheduleRender(): void {
  if (renderQueued) return;
  renderQueued = true;
  status.textContent = 'computing: drawing…';
  setTimeout(render, 0);
}

function reveal(line: number, character: number): void {
  vscode.postMessage({ type: 'reveal', line, character });
}

function render(): void {
  renderQueued = false;
  const k = keys();
  const { policies, archs } = selected();
  const f = focus();
  const path = state.path;

  byId('heading').textContent = path ? `simulate ${path.functionName}` : 'lazymm simulator';
  byId('subheading').textContent = path ? [path.file, path.ruleId ? `the path of ${path.ruleId}` : 'the function\'s path', `${path.steps.length} step${path.steps.length === 1 ? '' : 's'}`].join(' · ') : '';

  const tableFresh = table?.key === k.table;
  const focusCell = table?.cells.get(`${f.policy}/${f.arch}`) ?? null;
  const failing = tableFresh ? (focusCell?.result.verdict.violation?.range?.start ?? null) : null;
  const stepsSig = JSON.stringify([path, failing]);
  if (stepsSig !== stepsDrawn) {
    stepsDrawn = stepsSig;
    renderSteps(byId('steps'), path, failing, (s: SimStep) => reveal(s.range.start.line, s.range.start.character));
  }

  renderTable(tableEl, { policies, archs, focus: f, stale: !tableFresh, cell: (p, a) => table?.cells.get(`${p}/${a}`) ?? null }, (next) => {
    state = { ...state, focus: next };
    save();
    refresh();
  });
  renderNotes(byId('notes'), [...(failure ? [failure] : []), ...(tableFresh ? table!.notes : [])]);
  renderTrace(byId('trace'), focusCell?.result ?? null, focusCell?.final ?? false, INVARIANTS, reveal);

  const tlWidth = timelineEl.clientWidth;
  const tlEntry = timeline?.key === k.timeline ? timeline : null;
  if (tlEntry !== timelineDrawn.entry || tlWidth !== timelineDrawn.width) {
    timelineDrawn = { entry: tlEntry, width: tlWidth };
    renderTimeline(timelineEl, tlEntry?.result?.timeline ?? null, state.controls.cpus, TIMELINE_ROWS, tlWidth || 800);
  }
  byId('timeline-sub').textContent = tlEntry?.result ? `${f.policy} on ${f.arch}, ${tlEntry.result.cpus} CPUs, the timed schedule` : '';

  if (sweepEntry !== null) {
    // Another function with the very same steps has the same curves, under its own name.
    if (sweepEntry.key === k.sweep && path !== null) sweepEntry.label = pathLabel(path);
    const caption = chartsCaption(sweepEntry);
    // The CPU count only moves the marker: no need to rebuild the charts for it.
    const sig = JSON.stringify([sweepEntry.key, sweepEntry.complete, sweepEntry.result.series.length, policies, archs, themeEpoch, sweepEntry.key === k.sweep, caption]);
    if (sig !== chartsDrawn) {
      chartsDrawn = sig;
      markerDrawn = state.controls.cpus;
      renderCharts(chartsEl, { sweep: sweepEntry.result, caption, policies, archs, allPolicies: POLICIES, allArchs: ARCHS, cpus: state.controls.cpus, stale: sweepEntry.key !== k.sweep });
    } else if (markerDrawn !== state.controls.cpus) {
      markerDrawn = state.controls.cpus;
      setMarker(chartsEl, state.controls.cpus);
    }
  }

  status.textContent = statusText(k);
  if (lastTimings) status.dataset.timings = JSON.stringify(lastTimings);
}

function statusText(k: { table: string; timeline: string; sweep: string }): string {
  if (failure !== null && inflight === null) return `error: ${failure}`;
  if (state.path === null) return 'waiting for a path';
  const parts: string[] = [];
  if (typing !== null) parts.push('waiting for typing to stop');
  if (!(table?.key === k.table && table.complete)) {
    if (table?.key === k.table) {
      const done = [...table.cells.values()].filter((c) => c.final).length;
      parts.push(`exploring interleavings ${done}/${table.cells.size}`);
    } else parts.push('verdicts');
  }
  if (timeline?.key !== k.timeline) parts.push('timeline');
  if (!(sweepEntry?.key === k.sweep && sweepEntry.complete)) parts.push(sweepEntry?.key === k.sweep ? `sweep ${new Set(sweepEntry.result.series.map((s) => s.arch)).size}/${ARCHS.length} architectures` : 'sweep');
  return parts.length === 0 ? 'ready' : `computing: ${parts.join(', ')}…`;
}

function save(): void {
  vscode.setState(state);
}

// --- wiring ---

const controls = buildControls(byId<HTMLFormElement>('controls'), state.controls, (c, immediate) => {
  state = { ...state, controls: c };
  save();
  if (typing !== null) clearTimeout(typing);
  typing = null;
  if (immediate) {
    refresh();
    return;
  }
  typing = setTimeout(() => {
    typing = null;
    refresh();
  }, TYPING_DEBOUNCE_MS);
  scheduleRender();
});
controls.set(state.controls);

window.addEventListener('message', (e: MessageEvent<unknown>) => {
  const m = e.data;
  if (!isToSimulator(m)) return;
  state = { ...state, path: m.path };
  if (m.arch !== undefined && ARCHS.includes(m.arch)) archSetting = m.arch;
  save();
  refresh();
});

onThemeChange(() => {
  themeEpoch++;
  scheduleRender();
});

let lastWidth = chartsEl.clientWidth;
new ResizeObserver(() => {
  const w = chartsEl.clientWidth;
  if (w === lastWidth) return;
  lastWidth = w;
  resizeCharts(w);
  scheduleRender();
}).observe(chartsEl);

save();
refresh();
vscode.postMessage({ type: 'ready' });
