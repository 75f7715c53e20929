// Partial-order reduction for the exhaustive explorer. If one CPU's whole future (the rest of its
// program, its continuations, what it holds and has loaded) shares no mm and no task with the
// future of any other CPU, and nothing can reach across (no IPI wait, no scenario ordering, no
// policy that IPIs or scans every CPU on an architecture without a cpumask), then its steps
// commute with everyone else's: exploring only that CPU's next actions at this state loses no
// reachable outcome. The invariants are predicates over CPUs and mms, so a violation shows up in
// the reduced schedules too. Without this, CPUs that never meet (a kernel build on every CPU)
// multiply their interleavings for nothing.
import { eventMm, type Event } from './events';
import { INIT_MM, NONE, type Cpu, type World } from './state';

interface Suffix {
  /** mm ids referenced by prog[pc..]. */
  mms: Set<number>[];
  /** task ids referenced by prog[pc..]. */
  tasks: Set<number>[];
  /** prog[pc..] orders itself against other CPUs (signal/await, hotplug of another CPU). */
  crossCpu: boolean[];
}

function eventTask(ev: Event): number {
  if (ev.k === 'switch') return ev.next;
  if ('holder' in ev && ev.holder >= 0) return ev.holder;
  return NONE;
}

function crosses(ev: Event): boolean {
  return ev.k === 'signal' || ev.k === 'await' || ev.k === 'finishCpu' || ev.k === 'cpuOnline' || ev.k === 'ipiSend' || ev.k === 'ipiWait';
}

function suffixOf(prog: readonly Event[]): Suffix {
  const n = prog.length;
  const mms: Set<number>[] = new Array<Set<number>>(n + 1);
  const tasks: Set<number>[] = new Array<Set<number>>(n + 1);
  const crossCpu: boolean[] = new Array<boolean>(n + 1);
  mms[n] = new Set();
  tasks[n] = new Set();
  crossCpu[n] = false;
  for (let i = n - 1; i >= 0; i--) {
    const ev = prog[i]!;
    const m = eventMm(ev);
    const t = eventTask(ev);
    mms[i] = m === NONE ? mms[i + 1]! : new Set(mms[i + 1]!).add(m);
    tasks[i] = t === NONE ? tasks[i + 1]! : new Set(tasks[i + 1]!).add(t);
    crossCpu[i] = crossCpu[i + 1]! || crosses(ev) || ev.k === 'path';
  }
  return { mms, tasks, crossCpu };
}

export class Reducer {
  private readonly suffixes: Suffix[];
  private readonly global: boolean;

  constructor(w: World) {
    this.suffixes = w.cpus.map((c) => suffixOf(c.prog));
    // A policy that IPIs or scans "every CPU that may use the mm" reaches every CPU when the
    // architecture keeps no cpumask: then every CPU may touch every other.
    this.global = !w.m.arch.tracksCpumask && w.m.policy.reachesCandidates;
  }

  /** A CPU whose enabled actions alone may be explored at this state, or NONE. */
  independentCpu(w: World, enabled: readonly [number, number][]): number {
    if (this.global || enabled.length < 2) return NONE;
    const n = w.cpus.length;
    const mms: Set<number>[] = [];
    const tasks: Set<number>[] = [];
    for (let i = 0; i < n; i++) {
      const f = this.footprint(w, w.cpus[i]!);
      if (f === null) return NONE;
      mms.push(f.mms);
      tasks.push(f.tasks);
    }
    for (const [id] of enabled) {
      const c = w.cpus[id]!;
      if (c.inbox.length > 0 || c.waiting > 0) continue;
      let alone = true;
      for (let d = 0; d < n && alone; d++) {
        if (d === id) continue;
        for (const m of mms[id]!) if (mms[d]!.has(m)) alone = false;
        for (const t of tasks[id]!) if (tasks[d]!.has(t)) alone = false;
      }
      if (alone) return id;
    }
    return NONE;
  }

  /** What this CPU may touch from now on; null if it orders itself against other CPUs. */
  private footprint(w: World, c: Cpu): { mms: Set<number>; tasks: Set<number> } | null {
    const s = this.suffixes[c.id]!;
    const pc = Math.min(c.pc, c.prog.length);
    if (s.crossCpu[pc]) return null;
    const mms = new Set<number>(s.mms[pc]);
    const tasks = new Set<number>(s.tasks[pc]);
    for (const ev of c.cont) {
      if (crosses(ev)) return null;
      const m = eventMm(ev);
      if (m !== NONE) mms.add(m);
    }
    tasks.add(c.curr);
    for (const t of tasks) {
      const task = w.tasks[t]!;
      mms.add(task.mm).add(task.activeMm).add(task.usersRef).add(task.useRef);
    }
    mms.add(c.loadedMm).add(c.prevMm).add(c.hazardSlot).add(c.lazyRef);
    if (c.id === w.pathCpu) mms.add(w.pathMm);
    // A cpumask bit, even a stale one, lets a flush of that mm reach this CPU.
    for (const mm of w.mms) if (mm.cpumask[c.id] === 1) mms.add(mm.id);
    mms.delete(NONE);
    mms.delete(INIT_MM);
    return { mms, tasks };
  }
}
