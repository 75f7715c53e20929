// A process exits while other CPUs lazily hold its mm: the scenario of the "800 loads vs 800 IPIs"
// debate (seeds 000, 001), and two of its variants that open the holes of policy exit-flush: an
// exit with no VMAs, and lazy vCPUs the host has preempted.
import { embedPath } from './path';
import { Builder, sw } from './builder';
import type { BuildContext, ScenarioInstance, ScenarioSpec } from './types';

interface ExitShape {
  name: string;
  nrVmas: number;
  preemptedFraction: number;
}

/**
 * Every CPU ran a thread of the process. All but one have exited (prologue), each CPU switching
 * to its idle task and so lazily keeping the mm; then the last thread exits (the program), and its
 * mmput() runs __mmput(): the exit flush, the policy's work, the final __mmdrop().
 */
function buildExit(ctx: BuildContext, shape: ExitShape): ScenarioInstance {
  const n = ctx.cpus;
  const b = new Builder(n);
  const first = ctx.path ? 1 : 0;
  const proc = b.mm('proc', { nrVmas: ctx.params.nrVmas ?? shape.nrVmas });
  for (let cpu = first; cpu < n; cpu++) b.run(cpu, b.thread(`proc/${cpu}`, proc));
  for (let cpu = first + 1; cpu < n; cpu++) b.pro(cpu, { k: 'exitMm' }, ...sw(cpu, 0));
  b.main(first, { k: 'exitMm' }, ...sw(first, 0));
  const lazy: number[] = [];
  for (let cpu = first + 1; cpu < n; cpu++) lazy.push(cpu);
  const fraction = ctx.params.preemptedFraction ?? shape.preemptedFraction;
  if (fraction > 0 && lazy.length > 0) {
    const k = Math.max(1, Math.round(fraction * lazy.length));
    // The host descheduled the last k lazy vCPUs; they run again after a host time slice.
    for (const cpu of lazy.slice(lazy.length - k)) b.preempt.push({ cpu, until: ctx.costs.vcpuPreemptNs });
  }
  embedPath(b, ctx, proc);
  return b.done(shape.name, proc, ctx.path ? 0 : -1, null);
}

export const exitLazy: ScenarioSpec = {
  name: 'exit-lazy',
  title: 'Process exit with N lazy CPUs',
  description: 'The last thread of a process exits while every other CPU lazily holds its mm ("800 loads vs 800 IPIs").',
  throughputUnit: null,
  minCpus: 1,
  build: (ctx) => buildExit(ctx, { name: 'exit-lazy', nrVmas: 8, preemptedFraction: 0 }),
};

export const exitNoVmas: ScenarioSpec = {
  name: 'exit-no-vmas',
  title: 'Exit with no VMAs',
  description: 'As exit-lazy, but the process unmapped everything first: exit_mmap() finds no VMA and skips the flush.',
  throughputUnit: null,
  minCpus: 1,
  build: (ctx) => buildExit(ctx, { name: 'exit-no-vmas', nrVmas: 0, preemptedFraction: 0 }),
};

export const pvPreempted: ScenarioSpec = {
  name: 'pv-preempted',
  title: 'Paravirt exit with preempted vCPUs',
  description: 'As exit-lazy in a guest where the host has descheduled some of the lazy vCPUs (half, by default).',
  throughputUnit: null,
  minCpus: 2,
  build: (ctx) => buildExit(ctx, { name: 'pv-preempted', nrVmas: 8, preemptedFraction: 0.5 }),
};
