// CPU hotplug while lazy: a CPU that lazily holds a process's mm goes offline while the process
// exits. idle_task_exit() on the dying CPU switches it to init_mm; finish_cpu() on the control CPU
// drops the idle task's lazy reference and clears the CPU from every mm_cpumask(); then the CPU
// comes back. The race the domain notes warn about, the mask cleared while the CPU is still lazy,
// is what an annotated path that clears the bit early shows.
import { Builder, sw } from './builder';
import { embedPath } from './path';
import type { BuildContext, ScenarioInstance, ScenarioSpec } from './types';

function build(ctx: BuildContext): ScenarioInstance {
  const n = ctx.cpus;
  const b = new Builder(n);
  const first = ctx.path ? 1 : 0;
  const proc = b.mm('proc', { nrVmas: 8 });
  const control = first;
  const exiting = first + 1;
  const dying = n - 1;
  for (let cpu = exiting; cpu < n; cpu++) b.run(cpu, b.thread(`proc/${cpu}`, proc));
  for (let cpu = exiting + 1; cpu < n; cpu++) b.pro(cpu, { k: 'exitMm' }, ...sw(cpu, 0));
  b.main(exiting, { k: 'exitMm' }, ...sw(exiting, 0));
  b.main(dying, { k: 'cpuOffline' });
  b.main(control, { k: 'finishCpu', cpu: dying }, { k: 'cpuOnline', cpu: dying });
  embedPath(b, ctx, proc);
  return b.done('cpu-hotplug', proc, ctx.path ? 0 : -1, null);
}

export const cpuHotplug: ScenarioSpec = {
  name: 'cpu-hotplug',
  title: 'CPU hotplug while lazy',
  description: 'A CPU lazily holding a process mm goes offline (idle_task_exit, finish_cpu) and comes back while the process exits.',
  throughputUnit: null,
  minCpus: 2,
  build,
};
