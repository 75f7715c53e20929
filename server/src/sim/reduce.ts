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

/**
 * Sets of small ids (mm ids, task ids) as bit sets: a footprint is rebuilt for every CPU at every
 * explored state, and Sets of numbers made that a tenth of exploration's time.
 */
class Bits {
  readonly words: Uint32Array;
  constructor(size: number) {
    this.words = new Uint32Array(Math.max(1, Math.ceil(size / 32)));
  }
  add(id: number): void {
    this.words[id >>> 5]! |= 1 << (id & 31);
  }
  delete(id: number): void {
    this.words[id >>> 5]! &= ~(1 << (id & 31));
  }
  has(id: number): boolean {
    return (this.words[id >>> 5]! & (1 << (id & 31))) !== 0;
  }
  copy(from: Bits): void {
    this.words.set(from.words);
  }
  intersects(other: Bits): boolean {
    const a = this.words;
    const b = other.words;
    for (let i = 0; i < a.length; i++) if ((a[i]! & b[i]!) !== 0) return true;
    return false;
  }
}

interface Suffix {
  /** mm ids referenced by prog[pc..]. */
  mms: Bits[];
  /** task ids referenced by prog[pc..]. */
  tasks: Bits[];
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

/** `next` with `bit` added, as a new set; `next` itself (shared) when there is no bit (NONE). */
function plus(next: Bits, bit: number, size: number): Bits {
  if (bit === NONE) return next;
  const b = new Bits(size);
  b.copy(next);
  b.add(bit);
  return b;
}

function suffixOf(prog: readonly Event[], nMms: number, nTasks: number): Suffix {
  const n = prog.length;
  const mms: Bits[] = new Array<Bits>(n + 1);
  const tasks: Bits[] = new Array<Bits>(n + 1);
  const crossCpu: boolean[] = new Array<boolean>(n + 1);
  mms[n] = new Bits(nMms);
  tasks[n] = new Bits(nTasks);
  crossCpu[n] = false;
  for (let i = n - 1; i >= 0; i--) {
    const ev = prog[i]!;
    const m = eventMm(ev);
    const t = eventTask(ev);
    mms[i] = plus(mms[i + 1]!, m, nMms);
    tasks[i] = plus(tasks[i + 1]!, t, nTasks);
    crossCpu[i] = crossCpu[i + 1]! || crosses(ev) || ev.k === 'path';
  }
  return { mms, tasks, crossCpu };
}

export class Reducer {
  private readonly suffixes: Suffix[];
  private readonly global: boolean;
  /** Each CPU's footprint at the state being looked at, rebuilt in place. */
  private readonly mms: Bits[];
  private readonly tasks: Bits[];

  constructor(w: World) {
    const nMms = w.mms.length;
    const nTasks = w.tasks.length;
    this.suffixes = w.cpus.map((c) => suffixOf(c.prog, nMms, nTasks));
    // A policy that IPIs or scans "every CPU that may use the mm" reaches every CPU when the
    // architecture keeps no cpumask: then every CPU may touch every other.
    this.global = !w.m.arch.tracksCpumask && w.m.policy.reachesCandidates;
    this.mms = w.cpus.map(() => new Bits(nMms));
    this.tasks = w.cpus.map(() => new Bits(nTasks));
  }

  /** A CPU whose enabled actors (cpu * 3 + action, actors[0..n)) alone may be explored at this state, or NONE. */
  independentCpu(w: World, actors: readonly number[], n: number): number {
    if (this.global || n < 2) return NONE;
    const cpus = w.cpus.length;
    for (let i = 0; i < cpus; i++) if (!this.footprint(w, w.cpus[i]!)) return NONE;
    for (let a = 0; a < n; a++) {
      const id = Math.floor(actors[a]! / 3);
      const c = w.cpus[id]!;
      if (c.inbox.length > 0 || c.waiting > 0) continue;
      let alone = true;
      for (let d = 0; d < cpus && alone; d++) {
        if (d === id) continue;
        if (this.mms[id]!.intersects(this.mms[d]!) || this.tasks[id]!.intersects(this.tasks[d]!)) alone = false;
      }
      if (alone) return id;
    }
    return NONE;
  }

  /**
   * What this CPU may touch from now on, into this.mms[c.id] and this.tasks[c.id]; false if it
   * orders itself against other CPUs.
   */
  private footprint(w: World, c: Cpu): boolean {
    const s = this.suffixes[c.id]!;
    const pc = Math.min(c.pc, c.prog.length);
    if (s.crossCpu[pc]) return false;
    const mms = this.mms[c.id]!;
    const tasks = this.tasks[c.id]!;
    mms.copy(s.mms[pc]!);
    mms.delete(INIT_MM); // the program may name it; it is no meeting point either
    tasks.copy(s.tasks[pc]!);
    for (const ev of c.cont) {
      if (crosses(ev)) return false;
      addMm(mms, eventMm(ev));
    }
    tasks.add(c.curr);
    for (let t = 0; t < w.tasks.length; t++) {
      if (!tasks.has(t)) continue;
      const task = w.tasks[t]!;
      addMm(mms, task.mm);
      addMm(mms, task.activeMm);
      addMm(mms, task.usersRef);
      addMm(mms, task.useRef);
    }
    addMm(mms, c.loadedMm);
    addMm(mms, c.prevMm);
    addMm(mms, c.hazardSlot);
    addMm(mms, c.lazyRef);
    if (c.id === w.pathCpu) addMm(mms, w.pathMm);
    // A cpumask bit, even a stale one, lets a flush of that mm reach this CPU.
    for (const mm of w.mms) if (mm.cpumask[c.id] === 1) addMm(mms, mm.id);
    return true;
  }
}

/** NULL and init_mm are no meeting point: they are left out (init_mm is never freed or counted). */
function addMm(mms: Bits, id: number): void {
  if (id !== NONE && id !== INIT_MM) mms.add(id);
}
