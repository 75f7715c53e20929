// Fork/exec/exit churn like a kernel build: on every CPU a shell forks a child (dup_mm), the child
// execs a compiler (exec_mmap puts the forked mm), runs, exits, and the shell runs again. Every
// exit leaves its CPU lazily on the dying mm until the shell's switch_mm: the common case that
// decides how often a shootdown has to IPI someone.
import { Builder, sw } from './builder';
import { embedPath } from './path';
import type { BuildContext, ScenarioInstance, ScenarioSpec } from './types';

function build(ctx: BuildContext): ScenarioInstance {
  const n = ctx.cpus;
  const b = new Builder(n);
  const first = ctx.path ? 1 : 0;
  const processes = Math.max(1, Math.floor(ctx.params.processes ?? (ctx.purpose === 'explore' ? 1 : 2)));
  const W = ctx.costs.contextSwitchNs;
  let victim = -1;
  for (let cpu = first; cpu < n; cpu++) {
    const shellMm = b.mm(`make/${cpu}`, { nrVmas: 12 });
    if (victim < 0) victim = shellMm;
    const shell = b.thread(`make/${cpu}`, shellMm);
    b.run(cpu, shell);
    for (let p = 0; p < processes; p++) {
      const forked = b.mm(`cc1/${cpu}.${p} (forked)`, { life: 'unborn', nrVmas: 12 });
      const execd = b.mm(`cc1/${cpu}.${p}`, { life: 'unborn', nrVmas: 20 });
      const child = b.thread(`cc1/${cpu}.${p}`, forked);
      b.main(
        cpu,
        { k: 'mmAlloc', mm: forked },
        { k: 'work', ns: W },
        ...sw(child, W, false),
        { k: 'execMmap', mm: execd },
        { k: 'work', ns: 4 * W },
        { k: 'exitMm' },
        ...sw(shell, W, false),
      );
    }
  }
  if (victim < 0) victim = b.mm('make', { nrVmas: 12 });
  embedPath(b, ctx, victim);
  return b.done('churn', victim, ctx.path ? 0 : -1, 'exits');
}

export const churn: ScenarioSpec = {
  name: 'churn',
  title: 'Fork/exec/exit churn (kernel build)',
  description: 'On every CPU a shell forks, the child execs, runs briefly and exits; the CPU is lazy on each dying mm until the shell runs again.',
  throughputUnit: 'process exits/s',
  minCpus: 1,
  build,
};
