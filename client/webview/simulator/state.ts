// The panel's state: the controls, the path and the cell in focus. Kept with the webview's
// setState() so VS Code restores the panel after a restart; what comes back from getState() is
// checked like any other input (an older or damaged state falls back field by field).
import type { SimPath } from '../protocol';
import { ALL, ARCHS, COST_PARAMS, DEFAULT_CPUS, DEFAULT_SCENARIO, MAX_CPUS, MIN_CPUS, POLICIES, SCENARIO_LIST, TOPOLOGIES } from './catalog';
import { isSimPath, isRecord } from './validate';

export interface Controls {
  policy: string;
  arch: string;
  cpus: number;
  scenario: string;
  topology: string;
  /** Only the parameters the user set; the rest come from each architecture's preset. */
  costs: Record<string, number>;
}

export interface Focus {
  policy: string;
  arch: string;
}

export interface PanelState {
  v: 1;
  controls: Controls;
  path: SimPath | null;
  focus: Focus | null;
}

export function defaultControls(): Controls {
  return { policy: ALL, arch: ALL, cpus: DEFAULT_CPUS, scenario: DEFAULT_SCENARIO, topology: 'preset', costs: {} };
}

export function clampCpus(n: number): number {
  return Math.min(MAX_CPUS, Math.max(MIN_CPUS, Math.round(n)));
}

function oneOf(value: unknown, allowed: readonly string[], fallback: string): string {
  return typeof value === 'string' && allowed.includes(value) ? value : fallback;
}

export function sanitizeControls(raw: unknown): Controls {
  const d = defaultControls();
  if (!isRecord(raw)) return d;
  const costs: Record<string, number> = {};
  if (isRecord(raw.costs)) {
    for (const p of COST_PARAMS) {
      const v = raw.costs[p.key];
      if (typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= p.max) costs[p.key] = v;
    }
  }
  return {
    policy: oneOf(raw.policy, [ALL, ...POLICIES], d.policy),
    arch: oneOf(raw.arch, [ALL, ...ARCHS], d.arch),
    cpus: typeof raw.cpus === 'number' && Number.isFinite(raw.cpus) ? clampCpus(raw.cpus) : d.cpus,
    scenario: oneOf(raw.scenario, SCENARIO_LIST.map((s) => s.name), d.scenario),
    topology: oneOf(raw.topology, TOPOLOGIES.map((t) => t.value), d.topology),
    costs,
  };
}

export function sanitizeFocus(raw: unknown): Focus | null {
  if (!isRecord(raw)) return null;
  if (typeof raw.policy !== 'string' || !POLICIES.includes(raw.policy)) return null;
  if (typeof raw.arch !== 'string' || !ARCHS.includes(raw.arch)) return null;
  return { policy: raw.policy, arch: raw.arch };
}

export function sanitizeState(raw: unknown): PanelState {
  if (!isRecord(raw) || raw.v !== 1) return { v: 1, controls: defaultControls(), path: null, focus: null };
  return { v: 1, controls: sanitizeControls(raw.controls), path: isSimPath(raw.path) ? raw.path : null, focus: sanitizeFocus(raw.focus) };
}
