// The six invariants of docs/simulator.md. Event-time checks (a dereference of a freed mm, a drop
// without a reference, an active_mm write with IRQs on, a return to user with a barrier pending,
// __mmdrop's cpumask coverage, a walk after exit_mmap) sit where the event happens (ops.ts,
// kernel.ts) and call violate(). checkStep() runs after every step on what the step touched;
// checkAll() looks at the whole world and is what the explorer runs (small machines) and what
// every run does when it ends.
import type { Range } from '../paths/step';
import { INIT_MM, NONE, type Cpu, type Mm, type World } from './state';
import type { TraceStep } from './trace';

export interface InvariantInfo {
  id: number;
  name: string;
  text: string;
}

export const INVARIANTS: readonly InvariantInfo[] = Object.freeze([
  { id: 1, name: 'no-use-after-free', text: 'No use of a freed mm through active_mm, the loaded mm, rq->prev_mm, a hazard slot or the annotated path.' },
  { id: 2, name: 'count-conserved', text: 'mm_count is conserved: every grab has exactly one drop on every path, and it never goes negative.' },
  { id: 3, name: 'cpumask-covers-lazy', text: 'Under shootdown, the CPUs __mmdrop() shoots down cover every CPU still lazily using the mm.' },
  { id: 4, name: 'switch-irqs-off', text: 'active_mm and the loaded mm change only with IRQs off.' },
  { id: 5, name: 'membarrier-barrier', text: 'A full barrier sits between changing rq->curr or current->mm and returning to user space.' },
  { id: 6, name: 'no-walk-after-exit-mmap', text: 'Page tables are not walked after exit_mmap() (mm_users 0, only mm_count held).' },
]);

export interface Violation {
  invariant: number;
  name: string;
  message: string;
  cpu: number;
  mm: string | null;
  /** Step number (1-based) and simulated time of the failing step. */
  seq: number;
  t: number;
  /** The source range of the annotated-path step that failed, when it was one. */
  range?: Range;
  /** The steps that led to it, oldest first, ending with the failing step. */
  trace: TraceStep[];
  /** Earlier steps were dropped from a bounded trace. */
  truncated: boolean;
}

/** Record the first violation; later ones are consequences and are ignored. */
export function violate(w: World, invariant: number, cpu: Cpu, message: string, mm: Mm | null): void {
  if (w.violation !== null) return;
  const info = INVARIANTS[invariant - 1]!;
  const { steps, truncated } = w.trace.steps(w);
  const last = steps[steps.length - 1];
  w.violation = {
    invariant,
    name: info.name,
    message,
    cpu: cpu.id,
    mm: mm ? mm.name : null,
    seq: last?.seq ?? 0,
    t: cpu.clock,
    ...(last?.range ? { range: last.range } : {}),
    trace: steps,
    truncated,
  };
  w.tl?.mark(cpu.id, cpu.clock, 'violation', `invariant ${invariant}: ${message}`);
}

/** Invariant 1 for one CPU: what the CPU itself keeps pointing at. */
export function checkCpu(w: World, cpu: Cpu): void {
  if (w.violation !== null) return;
  const mms = w.mms;
  if (cpu.online && cpu.loadedMm !== INIT_MM && mms[cpu.loadedMm]!.life === 'freed') {
    violate(w, 1, cpu, `CPU ${cpu.id} still has ${mms[cpu.loadedMm]!.name} loaded after it was freed: its MMU walks freed page tables`, mms[cpu.loadedMm]!);
  } else if (cpu.hazardSlot !== NONE && mms[cpu.hazardSlot]!.life === 'freed') {
    violate(w, 1, cpu, `CPU ${cpu.id}'s hazard slot still names ${mms[cpu.hazardSlot]!.name} after it was freed`, mms[cpu.hazardSlot]!);
  } else if (cpu.prevMm !== NONE && cpu.prevMm !== INIT_MM && w.m.policy.countsLazy && mms[cpu.prevMm]!.life === 'freed') {
    violate(w, 1, cpu, `rq->prev_mm of CPU ${cpu.id} names ${mms[cpu.prevMm]!.name}, freed before finish_task_switch() drops it`, mms[cpu.prevMm]!);
  }
}

/** Invariant 2 for one mm: counts never go negative. */
export function checkMm(w: World, mm: Mm, cpu: Cpu): void {
  if (w.violation !== null) return;
  if (mm.count < 0) violate(w, 2, cpu, `mm_count of ${mm.name} went negative (${mm.count})`, mm);
  else if (mm.users < 0) violate(w, 2, cpu, `mm_users of ${mm.name} went negative (${mm.users})`, mm);
  else if (mm.life === 'freed') for (const c of w.cpus) checkCpu(w, c);
}

/** After every step: what the step touched. */
export function checkStep(w: World): void {
  const dc = w.dirtyCpus;
  // checkCpu() looks for pointers to a freed mm: none can exist before the first free.
  if (w.freedMms > 0) for (let i = 0, n = w.nDirtyCpus; i < n; i++) checkCpu(w, w.cpus[dc[i]!]!);
  const dm = w.dirtyMms;
  const cpu = w.cpus[dc[0]!]!;
  for (let i = 0, n = w.nDirtyMms; i < n; i++) checkMm(w, w.mms[dm[i]!]!, cpu);
}

/**
 * Invariant 3, when __mmdrop() runs under a policy that relies on the cpumask: every CPU with the
 * mm still loaded is among the CPUs the shootdown will reach.
 */
export function checkShootdownCovers(w: World, cpu: Cpu, mm: Mm, targets: readonly number[]): void {
  const reached = new Uint8Array(w.cpus.length);
  for (const t of targets) reached[t] = 1;
  for (const c of w.cpus) {
    if (c.loadedMm === mm.id && reached[c.id] === 0) {
      violate(w, 3, cpu, `__mmdrop(${mm.name}) on CPU ${cpu.id}: CPU ${c.id} still has it loaded${c.isLazy ? ' lazily' : ''} but is not in the ${w.m.arch.tracksCpumask ? 'mm_cpumask()' : 'set of CPUs'} the shootdown IPIs`, mm);
      return;
    }
  }
}

/** Who holds each mm_count reference, summed: invariant 2's conservation over the whole world. */
function ledgerSums(w: World): { count: Int32Array; users: Int32Array } {
  const count = new Int32Array(w.mms.length);
  const users = new Int32Array(w.mms.length);
  for (const mm of w.mms) {
    count[mm.id] = mm.usersHold + mm.pathCount + mm.ownerCount + mm.handedOver;
    users[mm.id] = mm.pathUsers + mm.handedOverUsers;
  }
  for (const c of w.cpus) if (c.lazyRef !== NONE) count[c.lazyRef]!++;
  for (const t of w.tasks) {
    if (t.useRef !== NONE) count[t.useRef]!++;
    if (t.usersRef !== NONE) users[t.usersRef]!++;
  }
  return { count, users };
}

/** Every invariant that can be judged from state alone, over the whole world. */
export function checkAll(w: World): void {
  if (w.violation !== null) return;
  for (const c of w.cpus) checkCpu(w, c);
  const { count, users } = ledgerSums(w);
  const anyCpu = w.cpus[0]!;
  for (const mm of w.mms) {
    if (mm.id === INIT_MM || mm.life === 'unborn' || mm.life === 'freed') continue;
    checkMm(w, mm, anyCpu);
    // Every step moves a count and its ledger entry together, so they agree between any two steps.
    if (w.violation === null && mm.count !== count[mm.id]) {
      violate(w, 2, anyCpu, `mm_count of ${mm.name} is ${mm.count} but ${count[mm.id]} references are held: ${mm.count > count[mm.id]! ? 'a grab without a drop (leak)' : 'a drop without a grab'}`, mm);
    } else if (w.violation === null && mm.users !== users[mm.id]) {
      violate(w, 2, anyCpu, `mm_users of ${mm.name} is ${mm.users} but ${users[mm.id]} users hold it`, mm);
    }
  }
}
