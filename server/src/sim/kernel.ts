// The generic kernel: what each event of the catalogue does, following Linux 6.12, with the
// policy (m.policy) and the architecture (m.arch) plugged in where the real code depends on them.
import { type Event, H_USERS } from './events';
import { checkShootdownCovers, violate } from './invariants';
import {
  barrier,
  countDrop,
  countGrab,
  cpumaskClear,
  cpumaskSet,
  currTask,
  deref,
  returnToUser,
  setActiveMm,
  switchMm,
  then,
  touchCpu,
  touchMm,
  usersGet,
  usersPut,
  walk,
  work,
} from './ops';
import { applyPathStep } from './pathOps';
import { handleIpi, ipiLocal, ipiSend, ipiWait } from './smp';
import { INIT_MM, NONE, type Cpu, type Mm, type World } from './state';

export function apply(w: World, cpu: Cpu, ev: Event): void {
  const mms = w.mms;
  // The events every CPU runs over and over come first (the switches, then the exit and its IPIs
  // and hazard scans): V8 tests a string switch's cases one after the other, and 'call' was the
  // 38th. The rest follow the catalogue's order.
  switch (ev.k) {
    case 'switch':
      return contextSwitch(w, cpu, ev.next, ev.measured);
    case 'finishTaskSwitch':
      return finishTaskSwitch(w, cpu);
    case 'exitMm':
      return exitMm(w, cpu);
    case 'ipiSend':
      return ipiSend(w, cpu, ev);
    case 'call':
      return ev.fn.run(w, cpu, ev.arg, ev.mm);
    case 'ipiWait':
      return ipiWait(w, cpu);
    case 'mmgrab':
      return countGrab(w, cpu, mms[ev.mm]!, ev.holder);
    case 'mmdrop':
      return countDrop(w, cpu, mms[ev.mm]!, ev.holder);
    case 'mmgrabLazy':
      return w.m.policy.lazyGrab(w, cpu, mms[ev.mm]!);
    case 'mmdropLazy':
      return w.m.policy.lazyDrop(w, cpu, mms[ev.mm]!, cpu);
    case 'mmget':
      usersGet(w, cpu, mms[ev.mm]!, ev.holder, false);
      return;
    case 'mmgetNotZero':
      // On failure the program skips to elsePc, as the caller's error path would.
      if (!usersGet(w, cpu, mms[ev.mm]!, ev.holder, true)) cpu.pc = ev.elsePc;
      return;
    case 'mmput':
      return usersPut(w, cpu, mms[ev.mm]!, ev.holder);
    case 'mmputFinal':
      return mmputFinal(w, cpu, mms[ev.mm]!);
    case 'mmputDone':
      return mmputDone(w, cpu);
    case 'exitMmap':
      return exitMmap(w, cpu, mms[ev.mm]!);
    case 'mmdropFinal':
      return mmdropFinal(w, cpu, mms[ev.mm]!);
    case 'mmFree':
      return mmFree(w, cpu, mms[ev.mm]!);
    case 'mmAlloc':
      return mmAlloc(w, mms[ev.mm]!);
    case 'execMmap':
      return execMmap(w, cpu, mms[ev.mm]!);
    case 'kthreadUseMm':
      return kthreadUseMm(w, cpu, mms[ev.mm]!);
    case 'kthreadUnuseMm':
      return kthreadUnuseMm(w, cpu);
    case 'flushTlbMm':
      if (deref(w, cpu, mms[ev.mm]!, 'flush_tlb_mm()')) w.m.arch.flushMm(w, cpu, mms[ev.mm]!, false, ev.pages);
      return;
    case 'cpuOffline':
      return cpuOffline(w, cpu);
    case 'finishCpu':
      return finishCpu(w, cpu, w.cpus[ev.cpu]!);
    case 'cpuOnline':
      return cpuOnline(w, w.cpus[ev.cpu]!);
    case 'irqOff':
      cpu.irqsOff = true;
      return;
    case 'irqOn':
      cpu.irqsOff = false;
      return;
    case 'barrier':
      return barrier(w, cpu);
    case 'use':
      if (ev.walk) walk(w, cpu, mms[ev.mm]!, 'a page-table walk');
      else deref(w, cpu, mms[ev.mm]!, 'a dereference');
      return;
    case 'cpumaskSet':
      return cpumaskSet(w, cpu, mms[ev.mm]!, cpu.id);
    case 'cpumaskClear':
      return cpumaskClear(w, cpu, mms[ev.mm]!, cpu.id);
    case 'work':
      return work(w, cpu, ev.ns);
    case 'signal':
      w.flags |= 1 << ev.flag;
      // Whoever awaits it may run now.
      for (const c of w.cpus) touchCpu(w, c);
      return;
    case 'await':
      return; // the scheduler only runs it once the flag is set
    case 'path':
      // apply itself, not a closure over w and cpu: a closure here would make every call of
      // apply allocate a context for them, path event or not (a third of a run's garbage).
      return applyPathStep(w, cpu, ev.op, ev.step, apply);
    case 'pathEnd':
      return pathEnd(w, cpu);
    case 'ipiLocal':
      return ipiLocal(w, cpu, ev);
  }
}

/**
 * context_switch() from the current task to `nextId`, with its four transitions:
 *   kernel -> kernel   lazy, hand over active_mm (no refcount change)
 *     user -> kernel   lazy, mmgrab_lazy_tlb(prev->active_mm)
 *   kernel ->   user   switch_mm, rq->prev_mm = prev->active_mm, dropped in finish_task_switch()
 *     user ->   user   switch_mm
 * __schedule() disabled IRQs; they stay off until finish_task_switch().
 */
function contextSwitch(w: World, cpu: Cpu, nextId: number, measured: boolean): void {
  const prev = currTask(w, cpu);
  const next = w.tasks[nextId]!;
  // Counted when its finish_task_switch() is done: the lazy drop there is part of the switch.
  cpu.measuring = measured;
  cpu.savedIrqsOff = cpu.irqsOff;
  cpu.irqsOff = true;
  // membarrier looks at rq->curr->mm: if that changes, a barrier must follow before user space.
  if (prev.mm !== next.mm) cpu.mbPending = true;
  if (next.mm === NONE) {
    const lazy = w.mms[prev.activeMm]!;
    w.m.arch.enterLazy(w, cpu, lazy);
    setActiveMm(w, cpu, next, lazy.id, 'context_switch()');
    if (prev.mm !== NONE) {
      if (lazy.id !== INIT_MM) w.m.policy.lazyGrab(w, cpu, lazy);
    } else {
      setActiveMm(w, cpu, prev, NONE, 'context_switch()');
    }
  } else {
    switchMm(w, cpu, w.mms[next.mm]!, 'context_switch()');
    if (prev.mm === NONE) {
      cpu.prevMm = prev.activeMm;
      setActiveMm(w, cpu, prev, NONE, 'context_switch()');
    }
  }
  if (w.m.arch.switchToBarrier) cpu.mbPending = false;
  cpu.curr = next.id;
  w.metrics.switches++;
}

/** finish_task_switch(): IRQs back on, then mmdrop_lazy_tlb_sched(rq->prev_mm). */
function finishTaskSwitch(w: World, cpu: Cpu): void {
  cpu.irqsOff = cpu.savedIrqsOff;
  const mm = cpu.prevMm;
  if (mm !== NONE) {
    cpu.prevMm = NONE;
    // mmdrop_lazy_tlb(&init_mm) is still an atomic (refcount) or an smp_mb() (the others).
    if (mm === INIT_MM) barrier(w, cpu);
    else w.m.policy.lazyDrop(w, cpu, w.mms[mm]!, cpu);
  }
  if (currTask(w, cpu).mm !== NONE) returnToUser(w, cpu, 'finish_task_switch()');
  if (cpu.measuring) {
    cpu.measuring = false;
    w.measuredSwitches++;
    if (cpu.clock > w.measuredUntil) w.measuredUntil = cpu.clock;
  }
}

/** exit_mm(): the task lets go of its mm and runs on it lazily until its last schedule(). */
function exitMm(w: World, cpu: Cpu): void {
  const task = currTask(w, cpu);
  if (task.mm === NONE) return;
  const mm = w.mms[task.mm]!;
  w.m.policy.lazyGrab(w, cpu, mm);
  barrier(w, cpu); // smp_mb__after_spinlock(): membarrier's barrier before clearing ->mm
  const saved = cpu.irqsOff;
  cpu.irqsOff = true;
  task.mm = NONE;
  w.m.arch.enterLazy(w, cpu, mm);
  cpu.irqsOff = saved;
  usersPut(w, cpu, mm, task.id);
}

/** __mmput(): mm_users reached 0. exit_mmap(), then the users' mm_count reference goes. */
function mmputFinal(w: World, cpu: Cpu, mm: Mm): void {
  w.m.policy.usersGone(w, cpu, mm);
  then(w, cpu, { k: 'exitMmap', mm: mm.id }, { k: 'mmdrop', mm: mm.id, holder: H_USERS }, { k: 'mmputDone', mm: mm.id });
}

function mmputDone(w: World, cpu: Cpu): void {
  if (Number.isNaN(cpu.exitStart)) return;
  const latency = cpu.clock - cpu.exitStart;
  w.metrics.exits++;
  w.metrics.exitLatencyNs += latency;
  w.metrics.exitCpuNs += latency;
  cpu.exitStart = Number.NaN;
}

/** exit_mmap(): tear down VMAs and page tables, then the full flush (none when there were no VMAs). */
function exitMmap(w: World, cpu: Cpu, mm: Mm): void {
  if (!deref(w, cpu, mm, 'exit_mmap()')) return;
  mm.life = 'torn-down';
  touchMm(w, mm);
  work(w, cpu, w.m.costs.exitMmapPerVmaNs * mm.nrVmas);
  // exit_mmap() returns early when it finds no VMA: no unmap, no mmu_gather, no flush.
  if (mm.nrVmas > 0) {
    w.m.arch.flushMm(w, cpu, mm, true, 0);
    w.tl?.mark(cpu.id, cpu.clock, 'flush', `exit flush of ${mm.name}`);
  }
}

/** __mmdrop(): the last mm_count reference. cleanup_lazy_tlbs() (shootdown), then free. */
function mmdropFinal(w: World, cpu: Cpu, mm: Mm): void {
  const policy = w.m.policy;
  if (policy.reliesOnCpumask) checkShootdownCovers(w, cpu, mm, w.m.arch.candidates(w, mm));
  policy.beforeFree(w, cpu, mm);
  then(w, cpu, { k: 'mmFree', mm: mm.id });
}

function mmFree(w: World, cpu: Cpu, mm: Mm): void {
  mm.life = 'freed';
  w.freedMms++;
  w.metrics.frees++;
  touchMm(w, mm);
  w.tl?.mark(cpu.id, cpu.clock, 'free', `${mm.name} freed`);
}

/** mm_alloc()/dup_mm(): a new mm with one user (the task it is for) and the users' mm_count. */
function mmAlloc(w: World, mm: Mm): void {
  mm.life = 'live';
  mm.users = 1;
  mm.count = 1;
  mm.usersHold = 1;
  touchMm(w, mm);
}

/** exec_mmap(): the task takes the new mm (allocated by exec) and puts the old one. */
function execMmap(w: World, cpu: Cpu, next: Mm): void {
  const task = currTask(w, cpu);
  if (next.life === 'unborn') {
    // bprm_mm_init()'s mm_alloc(): the one user is the exec'ing task.
    mmAlloc(w, next);
  }
  const old = task.mm;
  barrier(w, cpu); // membarrier_exec_mmap(): smp_mb()
  const saved = cpu.irqsOff;
  cpu.irqsOff = true;
  const active = task.activeMm;
  setActiveMm(w, cpu, task, next.id, 'exec_mmap()');
  task.mm = next.id;
  switchMm(w, cpu, next, 'exec_mmap()'); // activate_mm()
  cpu.irqsOff = saved;
  // The task's mm_users reference moves to the new mm; the old one is put. Count and ledger
  // change within this one step, so invariant 2 never sees them apart.
  if (old !== NONE) usersPut(w, cpu, w.mms[old]!, task.id);
  else if (active !== NONE && active !== INIT_MM) w.m.policy.lazyDrop(w, cpu, w.mms[active]!, cpu);
  task.usersRef = next.id;
}

/** kthread_use_mm(): a kernel thread adopts a user mm (io_uring SQPOLL, vhost, ...). */
function kthreadUseMm(w: World, cpu: Cpu, mm: Mm): void {
  const task = currTask(w, cpu);
  // "we must still mmgrab(mm) and mmdrop_lazy_tlb(active_mm), because these references are not equivalent"
  countGrab(w, cpu, mm, task.id);
  const saved = cpu.irqsOff;
  cpu.irqsOff = true;
  const active = task.activeMm;
  setActiveMm(w, cpu, task, mm.id, 'kthread_use_mm()');
  task.mm = mm.id;
  cpu.mbPending = true; // membarrier_update_current_mm()
  switchMm(w, cpu, mm, 'kthread_use_mm()');
  cpu.irqsOff = saved;
  // The full barrier membarrier needs here is "implicitly provided by mmdrop_lazy_tlb()".
  if (active !== NONE && active !== INIT_MM) w.m.policy.lazyDrop(w, cpu, w.mms[active]!, cpu);
  else barrier(w, cpu);
}

/** kthread_unuse_mm(): back to lazy use of the mm; the thread's own reference is dropped. */
function kthreadUnuseMm(w: World, cpu: Cpu): void {
  const task = currTask(w, cpu);
  if (task.mm === NONE) return;
  const mm = w.mms[task.mm]!;
  barrier(w, cpu); // smp_mb__after_spinlock()
  const saved = cpu.irqsOff;
  cpu.irqsOff = true;
  task.mm = NONE;
  w.m.policy.lazyGrab(w, cpu, mm);
  w.m.arch.enterLazy(w, cpu, mm); // active_mm is still mm
  cpu.irqsOff = saved;
  countDrop(w, cpu, mm, task.id);
}

/** idle_task_exit() on the dying CPU: pending IPIs are handled, then it leaves the lazy mm. */
function cpuOffline(w: World, cpu: Cpu): void {
  const inbox = cpu.inbox;
  while (inbox.length > 0) handleIpi(w, cpu, inbox.shift()!); // flush_smp_call_function_queue()
  const idle = currTask(w, cpu);
  if (idle.activeMm !== INIT_MM && idle.activeMm !== NONE) {
    const saved = cpu.irqsOff;
    cpu.irqsOff = true;
    switchMm(w, cpu, w.mms[INIT_MM]!, 'idle_task_exit()');
    cpu.irqsOff = saved;
  }
  cpu.online = false;
  cpu.isLazy = false;
  // The control CPU's finish_cpu() may run now.
  for (const c of w.cpus) touchCpu(w, c);
}

/** finish_cpu() on the control CPU: the dead CPU's idle task lets go of its active_mm. */
function finishCpu(w: World, cpu: Cpu, dead: Cpu): void {
  const idle = w.tasks[dead.curr]!;
  const mm = idle.activeMm;
  if (mm !== INIT_MM && mm !== NONE) {
    idle.activeMm = INIT_MM; // the CPU is dead: no IRQ can see this half done
    w.m.policy.lazyDrop(w, cpu, w.mms[mm]!, dead);
  }
  // clear_tasks_mm_cpumask(): the dead CPU leaves every mask.
  for (const m of w.mms) if (m.life !== 'freed' && m.cpumask[dead.id] === 1) cpumaskClear(w, cpu, m, dead.id);
  touchCpu(w, dead);
}

/** CPU bring-up: the idle task starts on init_mm. */
function cpuOnline(w: World, cpu: Cpu): void {
  cpu.online = true;
  cpu.loadedMm = INIT_MM;
  cpu.isLazy = false;
  const idle = w.tasks[cpu.curr]!;
  idle.activeMm = INIT_MM;
  touchCpu(w, cpu);
}

/** The annotated function returns: what it took it must have given back or handed over. */
function pathEnd(w: World, cpu: Cpu): void {
  for (const mm of w.mms) {
    if (mm.pathCount > 0) violate(w, 2, cpu, `the path returns still holding ${mm.pathCount} mm_count reference${mm.pathCount === 1 ? '' : 's'} on ${mm.name}: a grab without a drop`, mm);
    else if (mm.pathUsers > 0) violate(w, 2, cpu, `the path returns still holding ${mm.pathUsers} mm_users reference${mm.pathUsers === 1 ? '' : 's'} on ${mm.name}: a get without a put`, mm);
  }
  if (currTask(w, cpu).mm !== NONE) returnToUser(w, cpu, 'the annotated function');
}
