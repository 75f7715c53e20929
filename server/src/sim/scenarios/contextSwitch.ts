// will-it-scale context_switch1_threads: pairs of threads of one process ping-pong through a pipe.
// With as many threads as CPUs each CPU goes thread -> idle -> thread on every switch (Piggin:
// "so each switch will go in and out of idle"), and under refcount every one of those round trips
// does mmgrab_lazy_tlb() + mmdrop_lazy_tlb() on the process's one mm_count line. With more threads
// than CPUs, a CPU switches directly between its threads (user -> user, same mm) and goes through
// idle only once per pass over them. The benchmark ends, and the process exits.
import { Builder } from './builder';
import { embedPath } from './path';
import type { Event } from '../events';
import type { BuildContext, ScenarioInstance, ScenarioSpec } from './types';

/** Events are immutable: every CPU's program shares this one. */
const EXIT_MM: Event = Object.freeze({ k: 'exitMm' });

function build(ctx: BuildContext): ScenarioInstance {
  const n = ctx.cpus;
  const b = new Builder(n);
  const first = ctx.path ? 1 : 0;
  const proc = b.mm('will-it-scale', { nrVmas: 16 });
  const avail = n - first;
  const threads = Math.max(1, Math.floor(ctx.params.threads ?? avail));
  const rounds = Math.max(1, Math.floor(ctx.params.rounds ?? (ctx.purpose === 'explore' ? 1 : 3)));
  const W = ctx.costs.contextSwitchNs;
  const perCpu: number[][] = [];
  for (let i = 0; i < avail; i++) perCpu.push([]);
  for (let t = 0; t < threads; t++) perCpu[t % avail]!.push(b.thread(`context_switch1/${t}`, proc));
  for (let i = 0; i < avail; i++) {
    const cpu = first + i;
    const mine = perCpu[i]!;
    if (mine.length === 0) continue;
    b.run(cpu, mine[0]!);
    for (let r = 0; r < rounds; r++) {
      for (let j = 1; j < mine.length; j++) b.switchOn(cpu, mine[j]!, W, true);
      b.switchOn(cpu, cpu, W, true);
      b.switchOn(cpu, mine[0]!, W, true);
    }
    // The run is over: each thread exits in turn; the CPU ends in its idle task.
    b.main(cpu, EXIT_MM);
    for (let j = 1; j < mine.length; j++) {
      b.switchOn(cpu, mine[j]!, 0);
      b.main(cpu, EXIT_MM);
    }
    b.switchOn(cpu, cpu, 0);
  }
  if (threads > avail) b.notes.push(`${threads} threads on ${avail} CPUs: each CPU passes through idle once every ${Math.ceil(threads / avail)} switches`);
  embedPath(b, ctx, proc);
  return b.done('context-switch', proc, ctx.path ? 0 : -1, 'switches');
}

export const contextSwitch: ScenarioSpec = {
  name: 'context-switch',
  title: 'will-it-scale context_switch1_threads',
  description: 'Threads of one process switch through idle on every CPU (thread -> idle -> thread), then the process exits.',
  throughputUnit: 'context switches/s',
  minCpus: 1,
  build,
};
