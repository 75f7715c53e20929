// The records of the timed runs' worlds, reused from run to run. A 1024-CPU world is some 700 KB
// of CPU, task and line records, and a run of it only ~2 ms: allocating them afresh every run cost
// their construction, the scavenges that collect them, and above all a run over memory no cache
// has seen (each world lands elsewhere in the young generation), where the reused records stay in
// the cache from one run to the next (the panel's re-runs, the sweep, the bench all repeat them).
//
// Per scenario instance (and whether the architecture tracks mm_cpumask(), the one thing the
// records take from the machine), a template is kept as initialRecords() built it, and a scratch
// copy that each run starts from: copyCpu/copyMm/copyTask copy every field by name (the explorer's
// test checks that none is missed), so a reset scratch is field for field a fresh world.
import { copyCpu, copyMm, copyTask, type Machine } from './state';
import type { ScenarioInstance } from './scenarios/types';
import { initialRecords, type Records } from './world';

interface Pooled {
  template: Records;
  scratch: Records;
}

/** Weak: a path's instance (one per request) takes its pool with it when it goes. */
const pools = new WeakMap<ScenarioInstance, (Pooled | undefined)[]>();

/**
 * Records for a new world of `inst` on `m`, as initialRecords() would build them, but those the
 * previous call for this instance returned: that world must no longer be in use. runTimed() is
 * the one caller, and it is done with its world when it returns (its result holds no record).
 * The explorer keeps its worlds and builds its own.
 */
export function reusedRecords(m: Machine, inst: ScenarioInstance): Records {
  let byArch = pools.get(inst);
  if (byArch === undefined) pools.set(inst, (byArch = []));
  const slot = m.arch.tracksCpumask ? 1 : 0;
  const pooled = byArch[slot];
  if (pooled === undefined || pooled.template.cpus.length !== m.cpus) {
    // First use: the template and a scratch copy to run on, both as initialRecords() makes them.
    const fresh = { template: initialRecords(m, inst), scratch: initialRecords(m, inst) };
    byArch[slot] = fresh;
    return fresh.scratch;
  }
  const { template, scratch } = pooled;
  for (let i = 0, n = template.cpus.length; i < n; i++) copyCpu(scratch.cpus[i]!, template.cpus[i]!);
  for (let i = 0, n = template.mms.length; i < n; i++) copyMm(scratch.mms[i]!, template.mms[i]!);
  for (let i = 0, n = template.tasks.length; i < n; i++) copyTask(scratch.tasks[i]!, template.tasks[i]!);
  return scratch;
}
