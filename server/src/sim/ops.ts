// The primitives every event, policy and architecture is built from: time passing, cache-line
// traffic (the closed-loop cost model), reference counts with invariant 2's ledger, and the
// checked writes of active_mm and the loaded mm (invariants 1 and 4).
import { H_LAZY, H_OWNER, H_PATH, H_USERS, type Event, type Holder } from './events';
import { violate } from './invariants';
import { INIT_MM, NONE, type Cpu, type Line, type Machine, type Mm, type Task, type World } from './state';

export function touchCpu(w: World, cpu: Cpu): void {
  if (w.dirtyEpoch[cpu.id] === w.epoch) return;
  w.dirtyEpoch[cpu.id] = w.epoch;
  w.dirtyCpus[w.nDirtyCpus++] = cpu.id;
}

export function touchMm(w: World, mm: Mm): void {
  w.dirtyMms[w.nDirtyMms++] = mm.id;
}

/** Local work: time passes on this CPU, with seeded jitter so CPUs drift apart as real ones do. */
export function work(w: World, cpu: Cpu, ns: number): void {
  if (!w.timed || ns <= 0) return;
  const j = w.m.costs.jitter;
  if (j > 0) {
    const table = w.jitter;
    const noise = table[w.jitterAt++ & (table.length - 1)]!;
    cpu.clock += ns * (1 + j * noise);
  } else {
    cpu.clock += ns;
  }
}

/** A fixed cost: no jitter, so counted operations (IPI sends, flushes) stay exact. */
export function spend(w: World, cpu: Cpu, ns: number): void {
  if (w.timed) cpu.clock += ns;
}

export function transferNs(m: Machine, from: number, to: number): number {
  if (m.coreOf[from] === m.coreOf[to]) return m.costs.smtTransferNs;
  if (m.socketOf[from] === m.socketOf[to]) return m.costs.sameSocketTransferNs;
  return m.costs.crossSocketTransferNs;
}

/**
 * An operation that needs `line` exclusively: an atomic, or a store to a line others read. The
 * line serialises these operations (it is busy until `freeAt`), so with many CPUs hammering one
 * line the rate is bounded by 1 / (transfer + atomic): the closed-loop bound of docs/simulator.md.
 */
export function lineWrite(w: World, cpu: Cpu, line: Line, atomic: boolean): void {
  const m = w.m;
  let cost = atomic ? m.costs.atomicNs : 1;
  if (atomic) w.metrics.atomics++;
  if (line.owner !== cpu.id) {
    if (line.owner !== NONE) {
      cost += transferNs(m, line.owner, cpu.id);
      w.metrics.remoteTransfers++;
    }
    line.owner = cpu.id;
  } else if (line.reader !== NONE && line.reader !== cpu.id) {
    // Our copy is shared with a reader: the write must invalidate it first.
    cost += transferNs(m, line.reader, cpu.id);
    w.metrics.remoteTransfers++;
  }
  line.reader = NONE;
  if (w.timed) {
    const start = cpu.clock > line.freeAt ? cpu.clock : line.freeAt;
    cpu.clock = start + cost;
    line.freeAt = cpu.clock;
    line.busy += cost;
    if (cpu.measuring) line.measuredBusy += cost;
  }
}

/** A load-acquire: a remote line comes over in shared state; the owner keeps it. */
export function lineRead(w: World, cpu: Cpu, line: Line): void {
  const m = w.m;
  let cost = 1;
  if (line.owner !== cpu.id && line.owner !== NONE) {
    cost = transferNs(m, line.owner, cpu.id) / Math.max(1, m.costs.loadOverlap);
    w.metrics.remoteTransfers++;
    line.reader = cpu.id;
  }
  if (w.timed) cpu.clock = (cpu.clock > line.freeAt ? cpu.clock : line.freeAt) + cost;
}

/** A full barrier: what membarrier needs between changing rq->curr/mm and returning to user. */
export function barrier(w: World, cpu: Cpu): void {
  spend(w, cpu, w.m.costs.barrierNs);
  cpu.mbPending = false;
}

/**
 * Continuations: `events` run on this CPU after the current step, in the order of the then()
 * calls that queued them, and before anything queued by earlier steps (a call's callees first).
 */
export function then(w: World, cpu: Cpu, ...events: Event[]): void {
  thenAll(w, cpu, events);
}

/** then() for a list built at run time (an IPI per CPU, a scan step per CPU): no spread of it. */
export function thenAll(w: World, cpu: Cpu, events: readonly Event[]): void {
  for (const ev of events) {
    w.pendingCpu[w.nPending] = cpu.id;
    w.pendingEv[w.nPending++] = ev;
  }
}

/** After a step: what it queued goes on top of each CPU's continuation stack, first on top. */
export function flushPending(w: World): void {
  const cpus = w.pendingCpu;
  const evs = w.pendingEv;
  for (let i = w.nPending - 1; i >= 0; i--) w.cpus[cpus[i]!]!.cont.push(evs[i]!);
  w.nPending = 0;
}

/** Invariant 1: every dereference of an mm goes through here. False if it was already freed. */
export function deref(w: World, cpu: Cpu, mm: Mm, what: string): boolean {
  if (mm.life !== 'freed') return true;
  violate(w, 1, cpu, `${what} uses ${mm.name} after __mmdrop() freed it`, mm);
  return false;
}

function holderName(w: World, holder: Holder, cpu: Cpu): string {
  switch (holder) {
    case H_PATH:
      return 'the annotated path';
    case H_OWNER:
      return "the path's caller (the object that keeps the pointer)";
    case H_USERS:
      return 'mm_users (the reference all users hold together)';
    case H_LAZY:
      return `CPU ${cpu.id}'s lazy use`;
    default:
      return w.tasks[holder]?.name ?? `task ${holder}`;
  }
}

/** Invariant 2's ledger: record that `holder` now holds one more mm_count reference. */
function countHeld(w: World, cpu: Cpu, mm: Mm, holder: Holder): void {
  switch (holder) {
    case H_PATH:
      mm.pathCount++;
      return;
    case H_OWNER:
      mm.ownerCount++;
      return;
    case H_USERS:
      mm.usersHold++;
      return;
    case H_LAZY:
      // One lazy reference per CPU: a second one would overwrite (leak) the first.
      if (cpu.lazyRef !== NONE) violate(w, 2, cpu, `CPU ${cpu.id} takes a lazy reference on ${mm.name} while still holding one on ${w.mms[cpu.lazyRef]!.name}: that one is never dropped`, mm);
      cpu.lazyRef = mm.id;
      return;
    default: {
      const t = w.tasks[holder]!;
      if (t.useRef !== NONE) violate(w, 2, cpu, `${t.name} grabs ${mm.name} while holding ${w.mms[t.useRef]!.name}: that reference is never dropped`, mm);
      t.useRef = mm.id;
    }
  }
}

/** Invariant 2's ledger: `holder` gives one back. False when it holds none: an over-drop. */
function countReleased(w: World, cpu: Cpu, mm: Mm, holder: Holder): boolean {
  switch (holder) {
    case H_PATH:
      if (mm.pathCount === 0) return false;
      mm.pathCount--;
      return true;
    case H_OWNER:
      if (mm.ownerCount === 0) return false;
      mm.ownerCount--;
      return true;
    case H_USERS:
      if (mm.usersHold === 0) return false;
      mm.usersHold--;
      return true;
    case H_LAZY:
      if (cpu.lazyRef !== mm.id) return false;
      cpu.lazyRef = NONE;
      return true;
    default: {
      const t = w.tasks[holder]!;
      if (t.useRef !== mm.id) return false;
      t.useRef = NONE;
      return true;
    }
  }
}

/** mmgrab(): one more mm_count reference, an atomic on the mm_count line. */
export function countGrab(w: World, cpu: Cpu, mm: Mm, holder: Holder, who: Cpu = cpu): void {
  if (mm.id === INIT_MM) return; // init_mm is static: its count is never the question
  deref(w, cpu, mm, 'mmgrab()');
  lineWrite(w, cpu, mm.countLine, true);
  mm.count++;
  countHeld(w, who, mm, holder);
  touchMm(w, mm);
  w.tl?.mark(cpu.id, cpu.clock, 'grab', `mmgrab(${mm.name}) -> ${mm.count}`);
}

/**
 * mmdrop(): give one back; the last one runs __mmdrop() next on this CPU. atomic_dec_and_test()
 * returns a value, so it is a full barrier (membarrier's kernel -> user barrier today).
 */
export function countDrop(w: World, cpu: Cpu, mm: Mm, holder: Holder, who: Cpu = cpu): void {
  if (mm.id === INIT_MM) {
    barrier(w, cpu);
    return;
  }
  deref(w, cpu, mm, 'mmdrop()');
  if (!countReleased(w, who, mm, holder)) {
    violate(w, 2, cpu, `mmdrop(${mm.name}) by ${holderName(w, holder, who)}, which holds no mm_count reference on it: a double drop (count ${mm.count} -> ${mm.count - 1})`, mm);
  }
  lineWrite(w, cpu, mm.countLine, true);
  cpu.mbPending = false;
  mm.count--;
  touchMm(w, mm);
  w.tl?.mark(cpu.id, cpu.clock, 'drop', `mmdrop(${mm.name}) -> ${mm.count}`);
  if (mm.count === 0) then(w, cpu, { k: 'mmdropFinal', mm: mm.id });
}

/** mmget() / mmget_not_zero(): one more mm_users. False when not-zero was asked and users was 0. */
export function usersGet(w: World, cpu: Cpu, mm: Mm, holder: Holder, notZero: boolean): boolean {
  deref(w, cpu, mm, notZero ? 'mmget_not_zero()' : 'mmget()');
  lineWrite(w, cpu, mm.usersLine, true);
  if (notZero && mm.users === 0) return false;
  if (!notZero && mm.users === 0) violate(w, 6, cpu, `mmget() revives ${mm.name} after its mm_users reached 0 (exit_mmap() has run or is running)`, mm);
  mm.users++;
  if (holder === H_PATH) mm.pathUsers++;
  else if (holder >= 0) w.tasks[holder]!.usersRef = mm.id;
  touchMm(w, mm);
  return true;
}

/** mmput(): the last one starts __mmput() on this CPU (and the exit latency clock). */
export function usersPut(w: World, cpu: Cpu, mm: Mm, holder: Holder): void {
  deref(w, cpu, mm, 'mmput()');
  let held = true;
  if (holder === H_PATH) {
    if (mm.pathUsers === 0) held = false;
    else mm.pathUsers--;
  } else if (holder >= 0) {
    const t = w.tasks[holder]!;
    if (t.usersRef !== mm.id) held = false;
    else t.usersRef = NONE;
  }
  if (!held) violate(w, 2, cpu, `mmput(${mm.name}) by ${holderName(w, holder, cpu)}, which holds no mm_users reference on it: a double put`, mm);
  lineWrite(w, cpu, mm.usersLine, true);
  cpu.mbPending = false;
  mm.users--;
  touchMm(w, mm);
  if (mm.users === 0) {
    cpu.exitStart = cpu.clock;
    then(w, cpu, { k: 'mmputFinal', mm: mm.id });
  }
}

/**
 * task->active_mm = mm: invariant 4 wants IRQs off, or a flush IPI sees a half-switched CPU. Any
 * write counts, even of the value already there: the code does not know that it is.
 */
export function setActiveMm(w: World, cpu: Cpu, task: Task, mm: number, what: string): void {
  if (!cpu.irqsOff) violate(w, 4, cpu, `${what} changes ${task.name}->active_mm to ${mm === NONE ? 'NULL' : w.mms[mm]!.name} with IRQs on`, mm === NONE ? null : w.mms[mm]!);
  task.activeMm = mm;
}

/** switch_mm_irqs_off() through the architecture, with invariant 4's check. */
export function switchMm(w: World, cpu: Cpu, next: Mm, what: string): void {
  if (!cpu.irqsOff) violate(w, 4, cpu, `${what} switches the loaded mm to ${next.name} with IRQs on`, next);
  w.m.arch.switchMm(w, cpu, next);
  touchCpu(w, cpu);
}

/** The loaded mm changes: every architecture's switch_mm ends here. */
export function load(w: World, cpu: Cpu, mm: Mm): void {
  cpu.loadedMm = mm.id;
  cpu.loadedGen = mm.tlbGen;
  cpu.isLazy = false;
  touchCpu(w, cpu);
}

/** enter_lazy_tlb(): lazy only if a user mm stays loaded (x86: nothing to do on init_mm). */
export function markLazy(cpu: Cpu, mm: Mm): void {
  cpu.isLazy = mm.id !== INIT_MM && cpu.loadedMm === mm.id;
}

/** cpumask_set_cpu(target, mm_cpumask(mm)): an atomic bitop on the mask's line, skipped if already set. */
export function cpumaskSet(w: World, cpu: Cpu, mm: Mm, target: number): void {
  if (mm.id === INIT_MM) return;
  deref(w, cpu, mm, 'cpumask_set_cpu()');
  if (mm.cpumask[target] === 1) {
    lineRead(w, cpu, mm.maskLine);
    return;
  }
  lineWrite(w, cpu, mm.maskLine, true);
  mm.cpumask[target] = 1;
}

export function cpumaskClear(w: World, cpu: Cpu, mm: Mm, target: number): void {
  if (mm.id === INIT_MM) return;
  deref(w, cpu, mm, 'cpumask_clear_cpu()');
  if (mm.cpumask[target] === 0) return;
  lineWrite(w, cpu, mm.maskLine, true);
  mm.cpumask[target] = 0;
}

/** CPUs whose mm_cpumask bit is set, online ones only (what on_each_cpu_mask() reaches). */
export function cpumaskCpus(w: World, mm: Mm): number[] {
  const out: number[] = [];
  const mask = mm.cpumask;
  for (let i = 0; i < mask.length; i++) if (mask[i] === 1 && w.cpus[i]!.online) out.push(i);
  return out;
}

export function onlineCpus(w: World): number[] {
  const out: number[] = [];
  for (const c of w.cpus) if (c.online) out.push(c.id);
  return out;
}

/** Invariant 5: the CPU returns to user space; membarrier needs no barrier pending. */
export function returnToUser(w: World, cpu: Cpu, where: string): void {
  if (cpu.mbPending) violate(w, 5, cpu, `${where} returns to user space on CPU ${cpu.id} with no full barrier since rq->curr/current->mm changed: a concurrent membarrier() may miss this CPU`, null);
}

/** Invariant 6: page tables and VMAs are walked only while mm_users keeps them. */
export function walk(w: World, cpu: Cpu, mm: Mm, what: string): void {
  if (!deref(w, cpu, mm, what)) return;
  if (mm.id !== INIT_MM && (mm.users === 0 || mm.life !== 'live')) {
    violate(w, 6, cpu, `${what} walks the page tables of ${mm.name} after its mm_users reached 0 (exit_mmap() tears them down; only mm_count is held)`, mm);
  }
}

export function currTask(w: World, cpu: Cpu): Task {
  return w.tasks[cpu.curr]!;
}
