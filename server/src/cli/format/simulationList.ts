// `lazymm simulate --list`: what can be simulated, one line each, from the simulator's own tables
// (so a new scenario, policy or architecture shows up here without touching the CLI).
import { ARCH_NAMES, ARCHS, DEFAULT_SCENARIO, INVARIANTS, POLICIES, POLICY_NAMES, SCENARIO_NAMES, SCENARIOS } from '../../sim';
import { renderTable } from './simulationTable';

interface Listing {
  scenarios: { name: string; title: string; description: string; minCpus: number; throughputUnit: string | null; default: boolean }[];
  policies: { name: string; title: string; source: string }[];
  archs: { name: string; title: string; tracksCpumask: boolean }[];
  invariants: { id: number; name: string; text: string }[];
}

function listing(): Listing {
  return {
    scenarios: SCENARIO_NAMES.map((name) => {
      const s = SCENARIOS[name]!;
      return { name, title: s.title, description: s.description, minCpus: s.minCpus, throughputUnit: s.throughputUnit, default: name === DEFAULT_SCENARIO };
    }),
    policies: POLICY_NAMES.map((name) => ({ name, title: POLICIES[name]!.title, source: POLICIES[name]!.source })),
    archs: ARCH_NAMES.map((name) => ({ name, title: ARCHS[name].title, tracksCpumask: ARCHS[name].tracksCpumask })),
    invariants: INVARIANTS.map((i) => ({ id: i.id, name: i.name, text: i.text })),
  };
}

export function formatSimulationList(format: 'text' | 'json'): string {
  const l = listing();
  if (format === 'json') return `${JSON.stringify(l, null, 2)}\n`;
  const section = (title: string, rows: string[][]) => [title, ...renderTable(null, rows, ['left', 'left']).map((r) => `  ${r}`)];
  return `${[
    ...section(
      'scenarios:',
      l.scenarios.map((s) => [s.name, `${s.title}${s.default ? ' (default)' : ''}: ${s.description}`]),
    ),
    '',
    ...section(
      'policies:',
      l.policies.map((p) => [p.name, `${p.title}; ${p.source}`]),
    ),
    '',
    ...section(
      'architectures:',
      l.archs.map((a) => [a.name, a.title]),
    ),
    '',
    ...section(
      'invariants:',
      l.invariants.map((i) => [`${i.id} ${i.name}`, i.text]),
    ),
  ].join('\n')}\n`;
}
