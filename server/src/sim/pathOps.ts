// What each step of an annotated path does when replayed on its CPU. The path's mm variable is
// bound to the scenario's mm (World.pathMm) and rebound when the path reads current->active_mm.
// References the path takes are the path's (H_PATH) in invariant 2's ledger, so a second drop of
// one reference is caught even while other holders keep the count above zero.
import type { Step } from '../paths/step';
import { FULL_FLUSH, H_PATH, type Event, type PathOp } from './events';
import { barrier, countDrop, countGrab, cpumaskClear, cpumaskSet, currTask, deref, setActiveMm, switchMm, touchMm, usersGet, usersPut, walk } from './ops';
import { NONE, type Cpu, type World } from './state';

export function applyPathStep(w: World, cpu: Cpu, op: PathOp, step: Step, apply: (ev: Event) => void): void {
  const mm = w.mms[w.pathMm]!;
  const task = currTask(w, cpu);
  const what = `the path ("${step.message}")`;
  switch (op) {
    case 'grab':
      return countGrab(w, cpu, mm, H_PATH);
    case 'drop':
      return countDrop(w, cpu, mm, H_PATH);
    case 'grabLazy':
      return w.m.policy.lazyGrab(w, cpu, mm);
    case 'dropLazy':
      return w.m.policy.lazyDrop(w, cpu, mm, cpu);
    case 'get':
      usersGet(w, cpu, mm, H_PATH, false);
      return;
    case 'getNotZero':
      // The path was analysed assuming success; a schedule where it fails is another path.
      if (!usersGet(w, cpu, mm, H_PATH, true)) w.infeasible = `${step.message}: mm_users was already 0 on this schedule`;
      return;
    case 'put':
      return usersPut(w, cpu, mm, H_PATH);
    case 'kthreadUse':
      return apply({ k: 'kthreadUseMm', mm: mm.id });
    case 'kthreadUnuse':
      return apply({ k: 'kthreadUnuseMm' });
    case 'handover':
      // Stored or returned: from now on someone else's reference, dropped outside this run.
      if (mm.pathCount > 0) {
        mm.pathCount--;
        mm.handedOver++;
      } else if (mm.pathUsers > 0) {
        mm.pathUsers--;
        mm.handedOverUsers++;
      }
      touchMm(w, mm);
      return;
    case 'setActiveMm':
      return setActiveMm(w, cpu, task, mm.id, what);
    case 'setMm':
      task.mm = mm.id;
      cpu.mbPending = true;
      return;
    case 'switchMm':
      if (deref(w, cpu, mm, what)) switchMm(w, cpu, mm, what);
      return;
    case 'enterLazy':
      return w.m.arch.enterLazy(w, cpu, mm);
    case 'irqOff':
      cpu.irqsOff = true;
      return;
    case 'irqOn':
      cpu.irqsOff = false;
      return;
    case 'barrier':
      return barrier(w, cpu);
    case 'use':
      deref(w, cpu, mm, what);
      return;
    case 'useActive':
      if (task.activeMm !== NONE) w.pathMm = task.activeMm;
      deref(w, cpu, w.mms[w.pathMm]!, `reading current->active_mm (${step.message})`);
      return;
    case 'walk':
      return walk(w, cpu, mm, what);
    case 'cpumaskSet':
      return cpumaskSet(w, cpu, mm, cpu.id);
    case 'cpumaskClear':
      return cpumaskClear(w, cpu, mm, cpu.id);
    case 'flush':
      if (deref(w, cpu, mm, what)) w.m.arch.flushMm(w, cpu, mm, false, FULL_FLUSH);
      return;
    case 'note':
      return;
  }
}
