// The published figures of docs/simulator.md ("Published results"), for the charts to mark and
// the calibration tests to compare with. They are never inputs of the model.

export interface PublishedPoint {
  id: string;
  label: string;
  source: string;
  scenario: string;
  arch: string;
  policy: string;
  cpus: number;
  metric: 'throughput' | 'ipis' | 'policyIpis' | 'loads';
  value: number;
}

export const PUBLISHED: readonly PublishedPoint[] = Object.freeze([
  {
    id: 'power8-refcount',
    label: 'POWER8 16-socket, 192 cores: about 1 M context switches/s with lazy refcounting',
    source: 'Piggin, "powerpc/64s: enable MMU_LAZY_TLB_SHOOTDOWN" (v7, Feb 2023)',
    scenario: 'context-switch',
    arch: 'powerpc-radix',
    policy: 'refcount',
    cpus: 1536,
    metric: 'throughput',
    value: 1e6,
  },
  {
    id: 'power8-shootdown',
    label: 'POWER8 16-socket, 192 cores: 118 M context switches/s with lazy shootdown',
    source: 'Piggin, "powerpc/64s: enable MMU_LAZY_TLB_SHOOTDOWN" (v7, Feb 2023)',
    scenario: 'context-switch',
    arch: 'powerpc-radix',
    policy: 'shootdown',
    cpus: 1536,
    metric: 'throughput',
    value: 118e6,
  },
  {
    id: 'x86-800-hazard-loads',
    label: '800-CPU exit: hazard pointers cost about 800 loads',
    source: 'van Riel / Lutomirski, LKML Jan 2022 (seeds 000, 001)',
    scenario: 'exit-lazy',
    arch: 'x86',
    policy: 'hazard',
    cpus: 800,
    metric: 'loads',
    value: 800,
  },
  {
    id: 'x86-800-shootdown-ipis',
    label: '800-CPU exit: an IPI shootdown costs about 800 IPIs',
    source: 'van Riel, LKML Jan 2022 (seed 000)',
    scenario: 'exit-lazy',
    arch: 'x86',
    policy: 'shootdown',
    cpus: 800,
    metric: 'ipis',
    value: 800,
  },
  {
    id: 'x86-800-exit-flush',
    label: '800-CPU exit: "exactly zero extra IPIs" when the exit flush does the shootdown',
    source: 'Torvalds, LKML Jan 9 2022 (seed 000)',
    scenario: 'exit-lazy',
    arch: 'x86',
    policy: 'exit-flush',
    cpus: 800,
    metric: 'policyIpis',
    value: 0,
  },
]);
