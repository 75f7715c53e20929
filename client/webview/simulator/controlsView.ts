// The controls, as plain HTML form elements themed with --vscode-* variables.
//
// Why not @vscode-elements/elements: its web components work under this CSP (Lit uses
// constructable stylesheets), but a <vscode-single-select> is a custom dropdown in a shadow root:
// the end-to-end tests (ours and the workbench suite) drive the hooks with Playwright's
// selectOption()/fill(), which need native <select>/<input>, and screen readers get native
// semantics for free. Native controls styled with the theme's input/dropdown variables look the
// same in every theme and cost no bundle weight.
import { ALL, ARCHS, COST_PARAMS, defaultCost, MAX_CPUS, MIN_CPUS, POLICIES, SCENARIO_LIST, TOPOLOGIES } from './catalog';
import { el } from './dom';
import { clampCpus, type Controls } from './state';

export interface ControlsHandle {
  /** Puts values into the form (after a restore, or a clamp). */
  set(c: Controls): void;
}

/** `immediate`: apply now; otherwise the caller debounces (typing in a number field). */
export type OnChange = (c: Controls, immediate: boolean) => void;

function select(id: string, label: string, options: { value: string; label: string; title?: string }[]): { wrap: HTMLElement; input: HTMLSelectElement } {
  const input = el('select', { testid: id, attrs: { id, name: id } });
  for (const o of options) input.append(el('option', { text: o.label, attrs: { value: o.value }, ...(o.title ? { title: o.title } : {}) }));
  return { wrap: el('div', { className: 'field' }, el('label', { text: label, attrs: { for: id } }), input), input };
}

function numberField(id: string, label: string, min: number, max: number, placeholder: string, unit: string): { wrap: HTMLElement; input: HTMLInputElement } {
  const input = el('input', { testid: id, attrs: { id, name: id, type: 'number', min: String(min), max: String(max), step: '1', inputmode: 'numeric', placeholder } });
  return { wrap: el('div', { className: 'field' }, el('label', { text: label, attrs: { for: id } }), el('span', { className: 'with-unit' }, input, el('span', { className: 'unit muted', text: unit }))), input };
}

export function buildControls(form: HTMLFormElement, initial: Controls, onChange: OnChange): ControlsHandle {
  let current: Controls = { ...initial, costs: { ...initial.costs } };
  const scenario = select('control-scenario', 'Scenario', SCENARIO_LIST.map((s) => ({ value: s.name, label: s.title, title: s.description })));
  const policy = select('control-policy', 'Policy', [{ value: ALL, label: 'all policies' }, ...POLICIES.map((p) => ({ value: p, label: p }))]);
  const arch = select('control-arch', 'Architecture', [{ value: ALL, label: 'all architectures' }, ...ARCHS.map((a) => ({ value: a, label: a }))]);
  const cpus = numberField('control-cpus', 'CPUs', MIN_CPUS, MAX_CPUS, String(initial.cpus), `${MIN_CPUS} to ${MAX_CPUS}`);
  const topology = select('control-topology', 'Topology', TOPOLOGIES.map((t) => ({ value: t.value, label: t.label })));
  const costInputs = COST_PARAMS.map((p) => ({ p, f: numberField(`control-cost-${p.key}`, p.label, 0, p.max, `${defaultCost(p.key)}`, 'ns') }));
  const reset = el('button', { className: 'secondary', text: 'Preset costs', title: "Clear the cost fields: each architecture's preset values apply", attrs: { type: 'button', 'data-testid': 'control-reset-costs' } });
  const costs = el(
    'details',
    { className: 'costs' },
    el('summary', { text: 'Cost parameters' }),
    el('p', { className: 'muted small', text: "Empty: each architecture's preset (placeholders show the generic default)." }),
    ...costInputs.map((c) => c.f.wrap),
    reset,
  );
  form.replaceChildren(scenario.wrap, policy.wrap, arch.wrap, cpus.wrap, topology.wrap, costs);
  form.addEventListener('submit', (e) => e.preventDefault());

  const emit = (immediate: boolean) => onChange({ ...current, costs: { ...current.costs } }, immediate);
  scenario.input.addEventListener('change', () => {
    current.scenario = scenario.input.value;
    emit(true);
  });
  policy.input.addEventListener('change', () => {
    current.policy = policy.input.value;
    emit(true);
  });
  arch.input.addEventListener('change', () => {
    current.arch = arch.input.value;
    emit(true);
  });
  topology.input.addEventListener('change', () => {
    current.topology = topology.input.value;
    emit(true);
  });
  // Typing debounces ('input'); leaving the field or Enter ('change') applies and shows the clamp.
  const readCpus = (commit: boolean) => {
    const v = cpus.input.valueAsNumber;
    if (!Number.isFinite(v)) {
      if (commit) cpus.input.value = String(current.cpus);
      return;
    }
    const clamped = clampCpus(v);
    if (commit && clamped !== v) cpus.input.value = String(clamped);
    if (clamped === current.cpus) return;
    current.cpus = clamped;
    emit(commit);
  };
  cpus.input.addEventListener('input', () => readCpus(false));
  cpus.input.addEventListener('change', () => readCpus(true));
  for (const { p, f } of costInputs) {
    const read = (commit: boolean) => {
      const raw = f.input.value.trim();
      const v = f.input.valueAsNumber;
      const next = { ...current.costs };
      if (raw === '') delete next[p.key];
      else if (Number.isFinite(v) && v >= 0 && v <= p.max) next[p.key] = v;
      else return;
      if (next[p.key] === current.costs[p.key]) return;
      current.costs = next;
      emit(commit);
    };
    f.input.addEventListener('input', () => read(false));
    f.input.addEventListener('change', () => read(true));
  }
  reset.addEventListener('click', () => {
    for (const { f } of costInputs) f.input.value = '';
    current.costs = {};
    emit(true);
  });

  const handle: ControlsHandle = {
    set(c: Controls): void {
      current = { ...c, costs: { ...c.costs } };
      scenario.input.value = c.scenario;
      policy.input.value = c.policy;
      arch.input.value = c.arch;
      cpus.input.value = String(c.cpus);
      topology.input.value = c.topology;
      for (const { p, f } of costInputs) f.input.value = c.costs[p.key] === undefined ? '' : String(c.costs[p.key]);
      if (Object.keys(c.costs).length > 0) costs.open = true;
    },
  };
  handle.set(current);
  return handle;
}
